package spid

import (
	"net/url"

	"github.com/crewjam/saml"
)

// crewjamCheck runs crewjam/saml's own validation of the Response
// (Config.CrewjamCrossCheck), with the IdP's metadata certificates and the
// stored request ID.
func (sp *SP) crewjamCheck(v *response) error {
	csp := sp.samlSP(v.now)
	csp.IDPMetadata = idpEntityDescriptor(v.idp)
	acs, err := url.Parse(sp.cfg.ACSURL)
	if err != nil {
		return newError("response.crewjam", ErrConfig, err)
	}
	if _, err := csp.ParseXMLResponse(v.raw, []string{v.req.ID}, *acs); err != nil {
		if ire, ok := err.(*saml.InvalidResponseError); ok && ire.PrivateErr != nil {
			err = ire.PrivateErr
		}
		return newError("response.crewjam", ErrAssertion, err)
	}
	return nil
}

// idpEntityDescriptor is the crewjam form of an IdP's metadata.
func idpEntityDescriptor(idp *IdP) *saml.EntityDescriptor {
	var kds []saml.KeyDescriptor
	for _, c := range idp.Certificates {
		kds = append(kds, saml.KeyDescriptor{Use: "signing", KeyInfo: saml.KeyInfo{X509Data: saml.X509Data{
			X509Certificates: []saml.X509Certificate{{Data: encodeCert(c.Raw)}},
		}}})
	}
	desc := saml.IDPSSODescriptor{SSODescriptor: saml.SSODescriptor{RoleDescriptor: saml.RoleDescriptor{
		ProtocolSupportEnumeration: nsSAMLP, KeyDescriptors: kds,
	}}}
	for b, loc := range idp.SSO {
		desc.SingleSignOnServices = append(desc.SingleSignOnServices, saml.Endpoint{Binding: string(b), Location: loc})
	}
	for b, loc := range idp.SLO {
		desc.SingleLogoutServices = append(desc.SingleLogoutServices, saml.Endpoint{Binding: string(b), Location: loc})
	}
	return &saml.EntityDescriptor{EntityID: idp.EntityID, IDPSSODescriptors: []saml.IDPSSODescriptor{desc}}
}
