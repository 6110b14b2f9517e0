package spid

import (
	"crypto/x509"
	"strings"
	"sync"
	"testing"
	"time"
)

const aggregatedEntityID = "https://aggregatore.example.it/pub-ag-full/c_x000"

var aggregatedKeys = sync.OnceValue(func() keyPair {
	k, c, err := NewSelfSignedCertificate(CertificateRequest{
		EntityID: aggregatedEntityID, CommonName: "Comune di Esempio", OrganizationName: "Comune di Esempio",
		Locality: "Roma", Public: true, IPACode: "c_x000", KeyBits: 2048, Now: t0.Add(-24 * time.Hour),
	})
	if err != nil {
		panic(err)
	}
	return keyPair{k, c}
})

// aggregatedConfig is a public SP published by a pub-ag-full aggregator.
func aggregatedConfig(t testing.TB) Config {
	cfg := testConfig(t, &clock{now: t0})
	kp := aggregatedKeys()
	cfg.EntityID, cfg.Key, cfg.Certificate = aggregatedEntityID, kp.key, kp.cert
	cfg.Aggregator = &Aggregator{
		Activity: AggregatorPublicFull, Company: "Aggregatore S.p.A.", VATNumber: "IT12345678903",
		FiscalCode: "12345678903", Email: "spid@aggregatore.example.it", Telephone: "+390612345679",
	}
	return cfg
}

// TestMetadataAggregated checks the two ContactPerson elements of checklist
// 13 (spid-sp-test profile spid-sp-ag-public-full).
func TestMetadataAggregated(t *testing.T) {
	t.Parallel()
	cfg := aggregatedConfig(t)
	doc := readDoc(t, metadataOf(t, cfg))
	cps := children(doc.Root(), nsMD, "ContactPerson")
	if len(cps) != 2 {
		t.Fatalf("%d ContactPerson elements, want 2", len(cps))
	}
	want := map[string][]string{
		"spid:aggregated": {"IPACode=c_x000", "Public="},
		"spid:aggregator": {"VATNumber=IT12345678903", "FiscalCode=12345678903", "PublicServicesFullAggregator="},
	}
	for _, cp := range cps {
		et := cp.SelectAttr("entityType")
		if cp.SelectAttrValue("contactType", "") != "other" || et == nil || et.NamespaceURI() != SPIDNamespace {
			t.Fatalf("contact %s without spid:entityType", cp.SelectAttrValue("contactType", ""))
		}
		var got []string
		for _, e := range child(cp, nsMD, "Extensions").ChildElements() {
			if e.NamespaceURI() != SPIDNamespace {
				t.Errorf("extension %s outside the spid namespace", e.Tag)
			}
			got = append(got, e.Tag+"="+textOf(e))
		}
		if strings.Join(got, " ") != strings.Join(want[et.Value], " ") {
			t.Errorf("%s extensions %v, want %v", et.Value, got, want[et.Value])
		}
		delete(want, et.Value)
	}
	if len(want) != 0 {
		t.Errorf("missing contacts %v", want)
	}
	if _, err := verifySigned(doc.Root(), []*x509.Certificate{cfg.Certificate}, t0); err != nil {
		t.Errorf("signature: %v", err)
	}
}

func TestAggregatorConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(c *Config)
		want string
	}{
		{"unknown activity", func(c *Config) { c.Aggregator.Activity = "pri-ag-full" }, "Activity"},
		{"entityID without the activity code", func(c *Config) { c.Aggregator.Activity = AggregatorPublicLight }, "must contain"},
		{"private SP", func(c *Config) {
			c.Public, c.IPACode, c.VATNumber = false, "", "IT12345678903"
			c.Billing = &Billing{VATNumber: "12345678903", Name: "Esempio S.p.A.", Address: "Via Roma", StreetNumber: "1",
				PostalCode: "00100", Municipality: "Roma", Province: "RM", Email: "fatture@example.it", Company: "Comune di Esempio"}
		}, "public SPs only"},
		{"no VAT or fiscal code", func(c *Config) { c.Aggregator.VATNumber, c.Aggregator.FiscalCode = "", "" }, "VATNumber or a FiscalCode"},
		{"VAT without ISO prefix", func(c *Config) { c.Aggregator.VATNumber = "12345678903" }, "ISO"},
		{"no email", func(c *Config) { c.Aggregator.Email = "" }, "Email"},
		{"telephone with spaces", func(c *Config) { c.Aggregator.Telephone = "+39 06 1234" }, "Telephone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := aggregatedConfig(t)
			tt.edit(&cfg)
			if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error about %q", err, tt.want)
			}
		})
	}
}
