package spid

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"
)

// Metadata returns the SP metadata, signed with an enveloped signature
// (rsa-sha256, exc-c14n), with no leading whitespace (checklist A, RT
// metadata.rst, Avviso 29 XSD). It has:
//   - one SPSSODescriptor with AuthnRequestsSigned and WantAssertionsSigned,
//   - the signing KeyDescriptor, the SingleLogoutService endpoints of the
//     profile, NameIDFormat transient,
//   - one AssertionConsumerService, HTTP-POST, index 0, isDefault,
//   - one AttributeConsumingService per attribute set,
//   - Organization, and the profile's ContactPerson elements.
//
// Every change must be registered again with AgID (checklist 15).
func (sp *SP) Metadata() ([]byte, error) {
	c := &sp.cfg
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	ed := doc.CreateElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", nsMD)
	ed.CreateAttr("xmlns:ds", nsDS)
	ed.CreateAttr("xmlns:"+sp.profile.Prefix, sp.profile.Namespace)
	ed.CreateAttr("entityID", c.EntityID)
	ed.CreateAttr("ID", "_"+randomToken())
	if c.MetadataValidity > 0 {
		ed.CreateAttr("validUntil", sp.now().UTC().Add(c.MetadataValidity).Format("2006-01-02T15:04:05Z"))
	}

	sso := ed.CreateElement("md:SPSSODescriptor")
	sso.CreateAttr("protocolSupportEnumeration", nsSAMLP)
	sso.CreateAttr("AuthnRequestsSigned", "true")
	sso.CreateAttr("WantAssertionsSigned", "true")
	kd := sso.CreateElement("md:KeyDescriptor")
	kd.CreateAttr("use", "signing")
	x5 := kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate")
	x5.SetText(encodeCert(c.Certificate.Raw))
	for _, b := range sp.profile.SLOBindings {
		slo := sso.CreateElement("md:SingleLogoutService")
		slo.CreateAttr("Binding", string(b))
		slo.CreateAttr("Location", c.SLOURL)
	}
	sso.CreateElement("md:NameIDFormat").SetText(string(saml.TransientNameIDFormat))
	acs := sso.CreateElement("md:AssertionConsumerService")
	acs.CreateAttr("index", "0")
	acs.CreateAttr("isDefault", "true")
	acs.CreateAttr("Binding", saml.HTTPPostBinding)
	acs.CreateAttr("Location", c.ACSURL)
	for i, set := range c.AttributeSets {
		acsEl := sso.CreateElement("md:AttributeConsumingService")
		acsEl.CreateAttr("index", strconv.Itoa(i))
		name := fmt.Sprintf("Servizio %d", i)
		if i < len(c.AttributeSetNames) && c.AttributeSetNames[i] != "" {
			name = c.AttributeSetNames[i]
		}
		sn := acsEl.CreateElement("md:ServiceName")
		sn.CreateAttr("xml:lang", "it")
		sn.SetText(name)
		for _, a := range set {
			ra := acsEl.CreateElement("md:RequestedAttribute")
			ra.CreateAttr("Name", string(a))
			ra.CreateAttr("NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:basic")
		}
	}

	org := ed.CreateElement("md:Organization")
	for _, part := range []struct {
		tag string
		m   map[string]string
	}{{"md:OrganizationName", c.OrganizationNames}, {"md:OrganizationDisplayName", c.OrganizationDisplayNames}, {"md:OrganizationURL", c.OrganizationURLs}} {
		for _, lang := range sortedKeys(part.m) {
			el := org.CreateElement(part.tag)
			el.CreateAttr("xml:lang", lang)
			el.SetText(part.m[lang])
		}
	}

	contacts, err := sp.profile.Contacts(c)
	if err != nil {
		return nil, newError("metadata.contacts", ErrConfig, err)
	}
	for _, ct := range contacts {
		if err := sp.writeContact(ed, ct); err != nil {
			return nil, newError("metadata.contacts", ErrConfig, err)
		}
	}

	if err := sp.signEnveloped(ed); err != nil {
		return nil, newError("metadata.sign", ErrConfig, err)
	}
	return doc.WriteToBytes()
}

func (sp *SP) writeContact(ed *etree.Element, ct Contact) error {
	cp := ed.CreateElement("md:ContactPerson")
	cp.CreateAttr("contactType", ct.Type)
	if ct.EntityType != "" {
		cp.CreateAttr(sp.profile.Prefix+":entityType", ct.EntityType)
	}
	if len(ct.Extensions) > 0 || ct.Raw != "" {
		ext := cp.CreateElement("md:Extensions")
		for _, e := range ct.Extensions {
			el := ext.CreateElement(sp.profile.Prefix + ":" + e.Name)
			if !e.Empty {
				el.SetText(e.Value)
			}
		}
		if ct.Raw != "" {
			raw := etree.NewDocument()
			if err := raw.ReadFromString(ct.Raw); err != nil {
				return fmt.Errorf("contact %s extensions: %w", ct.Type, err)
			}
			ext.AddChild(raw.Root().Copy())
		}
	}
	if ct.Company != "" {
		cp.CreateElement("md:Company").SetText(ct.Company)
	}
	cp.CreateElement("md:EmailAddress").SetText(ct.Email)
	if ct.Telephone != "" {
		cp.CreateElement("md:TelephoneNumber").SetText(ct.Telephone)
	}
	return nil
}

// signEnveloped signs el (which must carry an ID attribute) and inserts the
// ds:Signature as its first child, as the metadata schema requires.
func (sp *SP) signEnveloped(el *etree.Element) error {
	ctx, err := sp.signingContext()
	if err != nil {
		return err
	}
	// Sign a copy: goxmldsig canonicalizes in place, which would push the
	// namespace declarations down from the EntityDescriptor.
	sig, err := ctx.ConstructSignature(el.Copy(), true)
	if err != nil {
		return err
	}
	el.InsertChildAt(0, sig)
	return nil
}

func (sp *SP) signingContext() (*dsig.SigningContext, error) {
	ctx, err := dsig.NewSigningContext(sp.cfg.Key, [][]byte{sp.cfg.Certificate.Raw})
	if err != nil {
		return nil, err
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(sp.signatureMethod()); err != nil {
		return nil, err
	}
	return ctx, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// Italian first: it is the language every IdP shows.
	if i := slices.Index(keys, "it"); i > 0 {
		keys = append([]string{"it"}, slices.Delete(keys, i, i+1)...)
	}
	return keys
}
