package spidtest

import (
	"slices"
	"sort"
)

// User is a test identity. Attributes maps SPID attribute names (RT
// attributi.rst, e.g. "fiscalNumber") to the values the IdP releases, in the
// wire format: fiscalNumber is "TINIT-<codice fiscale>", ivaCode
// "VATIT-<partita IVA>", dates are YYYY-MM-DD.
type User struct {
	// Username identifies the user on the chooser page and in [WithUser].
	Username   string
	Attributes map[string]string
}

// DisplayName returns "name familyName", or the username.
func (u User) DisplayName() string {
	n, f := u.Attributes["name"], u.Attributes["familyName"]
	switch {
	case n != "" && f != "":
		return n + " " + f
	case n+f != "":
		return n + f
	}
	return u.Username
}

// spidAttributeOrder is the order of the RT table; attributes are released in
// this order so that responses are deterministic.
var spidAttributeOrder = []string{
	"spidCode", "name", "familyName", "placeOfBirth", "countyOfBirth", "dateOfBirth",
	"gender", "companyName", "registeredOffice", "fiscalNumber", "ivaCode", "idCard",
	"mobilePhone", "email", "address", "digitalAddress", "expirationDate",
	"domicileStreetAddress", "domicilePostalCode", "domicileMunicipality",
	"domicileProvince", "domicileNation", "companyFiscalNumber",
}

// cieAttributes is the eIDAS minimum set that the CIE IdP releases.
var cieAttributes = []string{"name", "familyName", "dateOfBirth", "fiscalNumber"}

// dateAttributes are typed xs:date; the others xs:string.
var dateAttributes = map[string]bool{"dateOfBirth": true, "expirationDate": true}

// sortedAttributeNames returns the names of attrs in RT order, unknown names
// last in lexical order.
func sortedAttributeNames(attrs map[string]string) []string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	rank := func(n string) int {
		if i := slices.Index(spidAttributeOrder, n); i >= 0 {
			return i
		}
		return len(spidAttributeOrder)
	}
	sort.Slice(names, func(i, j int) bool {
		ri, rj := rank(names[i]), rank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	return names
}

// DefaultUsers returns the SPID test users. The first, "mario.rossi", has
// every SPID attribute and the valid fiscal code RSSMRA80A01H501U.
func DefaultUsers() []User {
	return []User{
		{Username: "mario.rossi", Attributes: map[string]string{
			"spidCode":              "SIOP0000000001",
			"name":                  "Mario",
			"familyName":            "Rossi",
			"placeOfBirth":          "H501",
			"countyOfBirth":         "RM",
			"dateOfBirth":           "1980-01-01",
			"gender":                "M",
			"companyName":           "Rossi Consulenze S.r.l.",
			"registeredOffice":      "Via del Corso 1 00186 Roma RM",
			"fiscalNumber":          "TINIT-RSSMRA80A01H501U",
			"ivaCode":               "VATIT-12345678903",
			"idCard":                "cartaIdentita CA00000AA ComuneRoma 2020-01-01 2030-01-01",
			"mobilePhone":           "+393331234567",
			"email":                 "mario.rossi@example.it",
			"address":               "Via del Corso 1 00186 Roma RM",
			"digitalAddress":        "mario.rossi@pec.example.it",
			"expirationDate":        "2030-01-01",
			"domicileStreetAddress": "Via del Corso 1",
			"domicilePostalCode":    "00186",
			"domicileMunicipality":  "Roma",
			"domicileProvince":      "RM",
			"domicileNation":        "IT",
			"companyFiscalNumber":   "TINIT-RSSMRA80A01H501U",
		}},
		{Username: "giulia.bianchi", Attributes: map[string]string{
			"spidCode":       "SIOP0000000002",
			"name":           "Giulia",
			"familyName":     "Bianchi",
			"placeOfBirth":   "F205",
			"countyOfBirth":  "MI",
			"dateOfBirth":    "1985-08-05",
			"gender":         "F",
			"fiscalNumber":   "TINIT-BNCGLI85M45F205O",
			"mobilePhone":    "+393401234567",
			"email":          "giulia.bianchi@example.it",
			"digitalAddress": "giulia.bianchi@pec.example.it",
			"expirationDate": "2031-06-30",
		}},
		{Username: "luigi.verdi", Attributes: map[string]string{
			"spidCode":         "SIOP0000000003",
			"name":             "Luigi",
			"familyName":       "Verdi",
			"placeOfBirth":     "L219",
			"countyOfBirth":    "TO",
			"dateOfBirth":      "1970-12-10",
			"gender":           "M",
			"companyName":      "Verdi Costruzioni S.p.A.",
			"registeredOffice": "Corso Francia 10 10143 Torino TO",
			"fiscalNumber":     "TINIT-VRDLGU70T10L219V",
			"ivaCode":          "VATIT-12345678903",
			"email":            "luigi.verdi@example.it",
		}},
	}
}

// DefaultCIEUsers returns the users of the CIE profile: the same people as
// [DefaultUsers], with only the eIDAS minimum attributes.
func DefaultCIEUsers() []User {
	users := DefaultUsers()
	for i, u := range users {
		min := map[string]string{}
		for _, n := range cieAttributes {
			if v, ok := u.Attributes[n]; ok {
				min[n] = v
			}
		}
		users[i].Attributes = min
	}
	return users
}
