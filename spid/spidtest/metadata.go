package spidtest

import (
	"encoding/base64"

	"github.com/beevik/etree"
)

// Endpoint paths below Config.BaseURL.
const (
	pathMetadata = "/metadata"
	pathSSO      = "/sso"
	pathSLO      = "/slo"
	pathLogin    = "/login"

	// CIE (CieID server, Shibboleth) paths; entityID is BaseURL+ciePostSSOPath.
	ciePostSSOPath     = "/idp/profile/SAML2/POST/SSO"
	cieRedirectSSOPath = "/idp/profile/SAML2/Redirect/SSO"
	cieMetadataPath    = "/idp/shibboleth"
)

const nsMD = "urn:oasis:names:tc:SAML:2.0:metadata"

// SSOURL returns the SingleSignOnService Location for the binding
// ([BindingRedirect] or [BindingPOST]).
func (idp *IdP) SSOURL(binding string) string {
	if idp.cfg.Profile == CIE {
		if binding == BindingRedirect {
			return idp.base + cieRedirectSSOPath
		}
		return idp.base + ciePostSSOPath
	}
	return idp.base + pathSSO
}

// SLOURL returns the SingleLogoutService Location (both bindings).
func (idp *IdP) SLOURL() string { return idp.base + pathSLO }

// MetadataURL returns where the handler serves the metadata.
func (idp *IdP) MetadataURL() string { return idp.base + pathMetadata }

// buildMetadata writes the signed IdP metadata: IDPSSODescriptor with
// WantAuthnRequestsSigned, the signing certificate, transient NameIDFormat,
// SingleSignOnService and SingleLogoutService on HTTP-Redirect and HTTP-POST,
// the released attributes and an Organization.
func (idp *IdP) buildMetadata() ([]byte, error) {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	ed := doc.CreateElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", nsMD)
	ed.CreateAttr("xmlns:saml", nsSAML)
	ed.CreateAttr("xmlns:ds", nsDSig)
	ed.CreateAttr("ID", "_"+idp.signer.fingerprint())
	ed.CreateAttr("entityID", idp.entityID)

	d := ed.CreateElement("md:IDPSSODescriptor")
	d.CreateAttr("WantAuthnRequestsSigned", "true")
	d.CreateAttr("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol")
	kd := d.CreateElement("md:KeyDescriptor")
	kd.CreateAttr("use", "signing")
	kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").
		SetText(base64.StdEncoding.EncodeToString(idp.signer.cert.Raw))
	if idp.cfg.Profile == SPID {
		for _, b := range []string{BindingPOST, BindingRedirect} {
			e := d.CreateElement("md:SingleLogoutService")
			e.CreateAttr("Binding", b)
			e.CreateAttr("Location", idp.SLOURL())
		}
	}
	d.CreateElement("md:NameIDFormat").SetText(formatTransient)
	for _, b := range []string{BindingPOST, BindingRedirect} {
		e := d.CreateElement("md:SingleSignOnService")
		e.CreateAttr("Binding", b)
		e.CreateAttr("Location", idp.SSOURL(b))
	}
	names := spidAttributeOrder
	if idp.cfg.Profile == CIE {
		names = cieAttributes
	}
	for _, n := range names {
		a := d.CreateElement("saml:Attribute")
		a.CreateAttr("Name", n)
		a.CreateAttr("NameFormat", attrnameBasic)
	}
	org := ed.CreateElement("md:Organization")
	for _, f := range []struct{ tag, text string }{
		{"md:OrganizationName", "siopi test IdP (" + idp.cfg.Profile.String() + ")"},
		{"md:OrganizationDisplayName", "siopi test IdP"},
		{"md:OrganizationURL", idp.base},
	} {
		e := org.CreateElement(f.tag)
		e.CreateAttr("xml:lang", "it")
		e.SetText(f.text)
	}
	doc.Indent(2)
	if err := (signer{kp: idp.signer}).sign(ed); err != nil {
		return nil, err
	}
	return doc.WriteToBytes()
}
