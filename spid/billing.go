package spid

import (
	"strings"

	"github.com/beevik/etree"
)

// contact returns the billing ContactPerson with its fpa:CessionarioCommittente.
func (b *Billing) contact() Contact {
	doc := etree.NewDocument()
	cc := doc.CreateElement("fpa:CessionarioCommittente")
	cc.CreateAttr("xmlns:fpa", SPIDInvoicingNamespace)
	da := cc.CreateElement("fpa:DatiAnagrafici")
	if b.VATNumber != "" {
		id := da.CreateElement("fpa:IdFiscaleIVA")
		id.CreateElement("fpa:IdPaese").SetText(firstNonEmpty(b.VATCountry, "IT"))
		id.CreateElement("fpa:IdCodice").SetText(b.VATNumber)
	}
	if b.FiscalCode != "" {
		da.CreateElement("fpa:CodiceFiscale").SetText(b.FiscalCode)
	}
	da.CreateElement("fpa:Anagrafica").CreateElement("fpa:Denominazione").SetText(b.Name)
	sede := cc.CreateElement("fpa:Sede")
	sede.CreateElement("fpa:Indirizzo").SetText(b.Address)
	if b.StreetNumber != "" {
		sede.CreateElement("fpa:NumeroCivico").SetText(b.StreetNumber)
	}
	sede.CreateElement("fpa:CAP").SetText(b.PostalCode)
	sede.CreateElement("fpa:Comune").SetText(b.Municipality)
	if b.Province != "" {
		sede.CreateElement("fpa:Provincia").SetText(b.Province)
	}
	sede.CreateElement("fpa:Nazione").SetText(firstNonEmpty(b.Country, "IT"))
	raw, _ := doc.WriteToString()
	return Contact{Type: "billing", Raw: raw, Company: b.Company, Email: b.Email, Telephone: b.Telephone}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
