package spidtest

import (
	"fmt"
	"strings"

	"github.com/crewjam/saml"
)

// checkAuthnRequest applies the SPID (or CIE) AuthnRequest rules an IdP
// enforces (domain file checklist B; RT messaggi-errore.rst codes in
// parentheses). The signature and the ACS were checked before. It is skipped
// with Config.Lenient.
func (idp *IdP) checkAuthnRequest(req *saml.AuthnRequest, binding string) error {
	cie := idp.cfg.Profile == CIE
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
	}
	if req.IssueInstant.IsZero() {
		return bad("IssueInstant missing (nr13)")
	}
	switch d := req.Destination; {
	case d == idp.SSOURL(binding):
	case d == idp.entityID && !cie: // Avviso 11 allows the entityID; CIE does not
	default:
		return bad("Destination %q is not the SingleSignOnService of this binding (nr14)", d)
	}
	if req.IsPassive != nil {
		return bad("IsPassive must be absent (nr15)")
	}
	iss := req.Issuer
	if iss.Format != "" && iss.Format != formatEntity || iss.Format == "" && !cie {
		return bad("Issuer Format must be %s (nr10)", formatEntity)
	}
	if !cie && strings.TrimSpace(iss.NameQualifier) == "" {
		return bad("Issuer NameQualifier missing (nr10)")
	}
	p := req.NameIDPolicy
	if p == nil || p.Format == nil || *p.Format != formatTransient {
		return bad("NameIDPolicy Format must be transient (nr17)")
	}
	if p.AllowCreate != nil {
		return bad("NameIDPolicy must not carry AllowCreate (Avviso n.5, nr17)")
	}
	if req.AssertionConsumerServiceURL != "" && req.ProtocolBinding != BindingPOST {
		return bad("AssertionConsumerServiceURL needs ProtocolBinding HTTP-POST (nr16)")
	}
	if req.AttributeConsumingServiceIndex == "" {
		return bad("AttributeConsumingServiceIndex missing (nr18)")
	}
	rac := req.RequestedAuthnContext
	if rac == nil || len(rac.ClassRefs()) != 1 {
		return bad("exactly one RequestedAuthnContext/AuthnContextClassRef is required (nr12)")
	}
	allowed := []string{"exact", "minimum", "better", "maximum"}
	if cie {
		allowed = allowed[:2]
	}
	cmp := rac.Comparison
	if cmp == "" {
		cmp = "exact"
	}
	if !contains(allowed, cmp) {
		return bad("Comparison %q not allowed (nr12)", rac.Comparison)
	}
	level := strings.TrimSpace(rac.ClassRefs()[0])
	force := req.ForceAuthn != nil && *req.ForceAuthn
	if !force && (cie || level != LevelURI(1)) {
		return bad("ForceAuthn must be true for %s", level)
	}
	return nil
}
