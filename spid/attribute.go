package spid

// Attribute is the Name of a SPID attribute (RT attributi.rst).
type Attribute string

// The SPID attributes (RT attributi.rst, SST constants.SPID_ATTRIBUTES), plus
// companyFiscalNumber and domicile* from later notices.
const (
	AttrSPIDCode              Attribute = "spidCode"
	AttrName                  Attribute = "name"
	AttrFamilyName            Attribute = "familyName"
	AttrPlaceOfBirth          Attribute = "placeOfBirth"
	AttrCountyOfBirth         Attribute = "countyOfBirth"
	AttrDateOfBirth           Attribute = "dateOfBirth"
	AttrGender                Attribute = "gender"
	AttrCompanyName           Attribute = "companyName"
	AttrRegisteredOffice      Attribute = "registeredOffice"
	AttrFiscalNumber          Attribute = "fiscalNumber"
	AttrIVACode               Attribute = "ivaCode"
	AttrIDCard                Attribute = "idCard"
	AttrMobilePhone           Attribute = "mobilePhone"
	AttrEmail                 Attribute = "email"
	AttrAddress               Attribute = "address"
	AttrDigitalAddress        Attribute = "digitalAddress"
	AttrExpirationDate        Attribute = "expirationDate"
	AttrDomicileStreetAddress Attribute = "domicileStreetAddress"
	AttrDomicilePostalCode    Attribute = "domicilePostalCode"
	AttrDomicileMunicipality  Attribute = "domicileMunicipality"
	AttrDomicileProvince      Attribute = "domicileProvince"
	AttrDomicileNation        Attribute = "domicileNation"
	AttrCompanyFiscalNumber   Attribute = "companyFiscalNumber"
)

// Attributes lists every SPID attribute name, in the order of the RT table.
func Attributes() []Attribute {
	return []Attribute{
		AttrSPIDCode, AttrName, AttrFamilyName, AttrPlaceOfBirth, AttrCountyOfBirth,
		AttrDateOfBirth, AttrGender, AttrCompanyName, AttrRegisteredOffice, AttrFiscalNumber,
		AttrIVACode, AttrIDCard, AttrMobilePhone, AttrEmail, AttrAddress, AttrDigitalAddress,
		AttrExpirationDate, AttrDomicileStreetAddress, AttrDomicilePostalCode,
		AttrDomicileMunicipality, AttrDomicileProvince, AttrDomicileNation, AttrCompanyFiscalNumber,
	}
}

// Valid reports whether a is a SPID attribute name.
func (a Attribute) Valid() bool {
	for _, known := range Attributes() {
		if a == known {
			return true
		}
	}
	return false
}
