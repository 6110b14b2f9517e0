package spid

import (
	"strings"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// identity maps the signed attributes to an Identity: TINIT- and VATIT-
// prefixes are stripped, the fiscal number is validated, dates parsed.
//
// With a profile that lists its Attributes (CIE), attributes outside the list
// are dropped, so that such an Identity never carries data of another
// federation (case 103 allows accepting a different set).
func (sp *SP) identity(v *response, a *assertion) (*Identity, error) {
	if sp.profile.Attributes != nil {
		for name := range a.attrs {
			if !sp.profile.allowsAttribute(Attribute(name)) {
				delete(a.attrs, name)
			}
		}
	}
	id := &Identity{
		Provider: sp.profile.Name, IdP: v.idp.EntityID, Level: a.level, AuthnInstant: a.authnInstant.UTC(),
		NameID: a.nameID, NameQualifier: a.nameQualifier, SessionIndex: a.sessionIndex,
		Attributes: a.attrs,
	}
	get := func(name Attribute) string { return strings.TrimSpace(a.attrs[string(name)]) }
	id.SPIDCode = get(AttrSPIDCode)
	id.Name = get(AttrName)
	id.FamilyName = get(AttrFamilyName)
	id.PlaceOfBirth = get(AttrPlaceOfBirth)
	id.CountyOfBirth = get(AttrCountyOfBirth)
	id.Gender = get(AttrGender)
	id.CompanyName = get(AttrCompanyName)
	id.RegisteredOffice = get(AttrRegisteredOffice)
	id.IDCard = get(AttrIDCard)
	id.MobilePhone = get(AttrMobilePhone)
	id.Email = get(AttrEmail)
	id.Address = get(AttrAddress)
	id.DigitalAddress = get(AttrDigitalAddress)
	id.DomicileStreetAddress = get(AttrDomicileStreetAddress)
	id.DomicilePostalCode = get(AttrDomicilePostalCode)
	id.DomicileMunicipality = get(AttrDomicileMunicipality)
	id.DomicileProvince = get(AttrDomicileProvince)
	id.DomicileNation = get(AttrDomicileNation)
	if fn := get(AttrFiscalNumber); fn != "" {
		id.FiscalNumber = fiscalcode.Normalize(strings.TrimPrefix(fn, "TINIT-"))
		if err := fiscalcode.Validate(id.FiscalNumber); err != nil {
			return nil, errorf("assertion.attribute.fiscal_number", ErrAttribute, "invalid fiscal number %s: %v", fiscalcode.Mask(id.FiscalNumber), err)
		}
	}
	if cf := get(AttrCompanyFiscalNumber); cf != "" {
		id.CompanyFiscalNumber = strings.TrimPrefix(cf, "TINIT-")
	}
	if iva := get(AttrIVACode); iva != "" {
		id.IVACode = strings.TrimPrefix(iva, "VATIT-")
	}
	var err error
	if id.DateOfBirth, err = civilDate(get(AttrDateOfBirth)); err != nil {
		return nil, errorf("assertion.attribute.date_of_birth", ErrAttribute, "%v", err)
	}
	if id.ExpirationDate, err = civilDate(get(AttrExpirationDate)); err != nil {
		return nil, errorf("assertion.attribute.expiration_date", ErrAttribute, "%v", err)
	}
	return id, nil
}

func civilDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}
