package cie

import (
	"fmt"
	"slices"
)

// EIDASAttributes returns the eIDAS minimum data set, the only attributes
// the CIE identity provider releases over SAML (cie-eid-saml-docs;
// spid-sp-test CIE_ATTRIBUTES): name, familyName, dateOfBirth and
// fiscalNumber. An attribute set that names anything else is a
// configuration error. The slice is a fresh copy.
func EIDASAttributes() []string {
	return []string{"name", "familyName", "dateOfBirth", "fiscalNumber"}
}

// checkAttributes reports whether names is a non-empty list of distinct
// attributes of the eIDAS minimum set.
func checkAttributes(names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("attribute set is empty: %w", ErrConfig)
	}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if !slices.Contains(EIDASAttributes(), n) {
			return fmt.Errorf("attribute %q is not released by CIE (only %v): %w", n, EIDASAttributes(), ErrConfig)
		}
		if seen[n] {
			return fmt.Errorf("attribute %q is requested twice: %w", n, ErrConfig)
		}
		seen[n] = true
	}
	return nil
}
