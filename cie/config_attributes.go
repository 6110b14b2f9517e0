package cie

import (
	"fmt"
	"slices"

	"github.com/siopi/siopi/spid"
)

// EIDASAttributes returns the eIDAS minimum data set, the only attributes
// the CIE identity provider releases over SAML (cie-eid-saml-docs;
// spid-sp-test CIE_ATTRIBUTES): name, familyName, dateOfBirth and
// fiscalNumber. An attribute set that names anything else is a
// configuration error. The slice is a fresh copy, ready for
// Config.AttributeSets.
func EIDASAttributes() []spid.Attribute {
	return []spid.Attribute{spid.AttrName, spid.AttrFamilyName, spid.AttrDateOfBirth, spid.AttrFiscalNumber}
}

// checkAttributes reports whether set is a non-empty list of distinct
// attributes of the eIDAS minimum set.
func checkAttributes(set []spid.Attribute) error {
	if len(set) == 0 {
		return fmt.Errorf("attribute set is empty: %w", ErrConfig)
	}
	for i, a := range set {
		if !slices.Contains(EIDASAttributes(), a) {
			return fmt.Errorf("attribute %q is not released by CIE (only %v): %w", a, EIDASAttributes(), ErrConfig)
		}
		if slices.Contains(set[:i], a) {
			return fmt.Errorf("attribute %q is requested twice: %w", a, ErrConfig)
		}
	}
	return nil
}
