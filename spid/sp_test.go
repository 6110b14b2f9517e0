package spid

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"testing"
	"time"
)

func TestNewValidates(t *testing.T) {
	t.Parallel()
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	tests := map[string]func(c *Config){
		"entityID http":             func(c *Config) { c.EntityID = "http://comune.example.it" },
		"entityID port":             func(c *Config) { c.EntityID = "https://comune.example.it:8443" },
		"entityID differs from uri": func(c *Config) { c.EntityID = "https://other.example.it" },
		"no key":                    func(c *Config) { c.Key = nil },
		"small key":                 func(c *Config) { c.Key = small },
		"expired cert":              func(c *Config) { c.Now = func() time.Time { return t0.Add(10 * 365 * 24 * time.Hour) } },
		"no it name":                func(c *Config) { delete(c.OrganizationNames, "it") },
		"languages differ":          func(c *Config) { delete(c.OrganizationURLs, "en") },
		"public without IPA":        func(c *Config) { c.IPACode = "" },
		"public with VAT":           func(c *Config) { c.VATNumber = "IT12345678903" },
		"private without VAT/CF":    func(c *Config) { c.Public, c.IPACode = false, "" },
		"private with IPA":          func(c *Config) { c.Public = false; c.VATNumber = "IT12345678903" },
		"VAT without ISO prefix": func(c *Config) {
			c.Public, c.IPACode, c.VATNumber, c.Billing = false, "", "12345678903", &Billing{}
		},
		"bad attribute":       func(c *Config) { c.AttributeSets = [][]Attribute{{"nome"}} },
		"duplicate attribute": func(c *Config) { c.AttributeSets = [][]Attribute{{AttrName, AttrName}} },
		"no attribute sets":   func(c *Config) { c.AttributeSets = nil },
		"ACS http":            func(c *Config) { c.ACSURL = "http://comune.example.it/acs" },
		"SLO with port":       func(c *Config) { c.SLOURL = "https://comune.example.it:444/slo" },
		"no email":            func(c *Config) { c.Contact.Email = "" },
		"phone with spaces":   func(c *Config) { c.Contact.Telephone = "+39 06 1234" },
		"company differs":     func(c *Config) { c.Contact.Company = "Altro" },
		"private, no billing": func(c *Config) { c.Public, c.IPACode, c.VATNumber = false, "", "IT12345678903" },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clk := &clock{now: t0}
			cfg := testConfig(t, clk)
			edit(&cfg)
			_, err := New(cfg)
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("err = %v, want ErrConfig", err)
			}
		})
	}
	t.Run("loopback http allowed for development", func(t *testing.T) {
		clk := &clock{now: t0}
		cfg := testConfig(t, clk)
		cfg.BaseURL, cfg.ACSURL, cfg.SLOURL, cfg.MetadataURL = "http://localhost:8000", "", "", ""
		if _, err := New(cfg); err != nil {
			t.Fatal(err)
		}
	})
}
