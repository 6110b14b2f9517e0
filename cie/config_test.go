package cie

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/siopi/siopi/spid"
)

func TestNew(t *testing.T) {
	t.Parallel()
	sp := newTestSP(t, nil)
	if got := sp.Profile().Name; got != "cie" {
		t.Errorf("profile %q, want cie", got)
	}
	idps := sp.IdPs()
	if len(idps) != 1 || idps[0].EntityID != PreProduction.EntityID() {
		t.Fatalf("IdPs = %v, want only the pre-production CieID server", idps)
	}
	if sp.ACSURL() != "https://servizi.comune.example.it/cie/acs" || sp.SLOURL() != "https://servizi.comune.example.it/cie/slo" {
		t.Errorf("endpoints %s %s", sp.ACSURL(), sp.SLOURL())
	}
}

func TestNewRejects(t *testing.T) {
	t.Parallel()
	validator, err := os.ReadFile("testdata/idp-spid-validator.xml")
	if err != nil {
		t.Fatal(err)
	}
	preprod, _ := PreProduction.Metadata()
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"environment unset", func(c *Config) { c.Environment = 0 }, "environment"},
		{"production without metadata", func(c *Config) { c.Environment = Production }, "required in production"},
		{"production with pre-production metadata", func(c *Config) { c.Environment = Production; c.IdPMetadata = preprod }, "not the production CieID server"},
		{"test without metadata", func(c *Config) { c.Environment = Test }, "test environment"},
		{"foreign IdP", func(c *Config) { c.IdPMetadata = validator }, "not the pre-production CieID server"},
		{"garbage metadata", func(c *Config) { c.IdPMetadata = []byte("<x") }, "IdPMetadata"},
		{"SPID attribute", func(c *Config) { c.AttributeSets = [][]spid.Attribute{{spid.AttrName, spid.AttrEmail}} }, `"email" is not released by CIE`},
		{"spidCode", func(c *Config) { c.AttributeSets = append(c.AttributeSets, []spid.Attribute{spid.AttrSPIDCode}) }, "attribute set 1"},
		{"no attribute set", func(c *Config) { c.AttributeSets = nil }, "attribute set"},
		{"municipality missing", func(c *Config) { c.Administrative.Municipality = "" }, "municipality"},
		{"public without IPA code", func(c *Config) { c.Administrative.IPACode = "" }, "IPA code"},
		{"company differs", func(c *Config) { c.Administrative.Company = "Altro Ente" }, "must equal the organisation name"},
		{"no Italian name", func(c *Config) { c.OrganizationNames = map[string]string{"en": "Municipality"} }, "Italian (it) entry"},
		{"technical invalid", func(c *Config) { c.Technical = &Contact{Kind: Private, Company: "P s.r.l."} }, "technical contact"},
		{"spid Public set", func(c *Config) { c.Public = true }, "spid.Config.Public"},
		{"spid Billing set", func(c *Config) { c.Billing = &spid.Billing{} }, "spid.Config.Billing"},
		{"spid Contact set", func(c *Config) { c.Contact.Email = "x@y.it" }, "spid.Config.Contact"},
		{"spid Profile set", func(c *Config) { c.Profile = spid.SPIDProfile() }, "spid.Config.Profile"},
		{"spid IdPs set", func(c *Config) { c.IdPs = []*spid.IdP{{EntityID: "x"}} }, "spid.Config.IdPs"},
		{"entityID http (engine check)", func(c *Config) { c.EntityID = "http://servizi.comune.example.it" }, "https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(t)
			tt.edit(&cfg)
			_, err := New(cfg)
			if err == nil {
				t.Fatal("New accepted the configuration")
			}
			if !errors.Is(err, ErrConfig) || !errors.Is(err, spid.ErrConfig) {
				t.Errorf("err = %v, want ErrConfig", err)
			}
			if !strings.HasPrefix(err.Error(), "cie: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want a cie: error mentioning %q", err, tt.want)
			}
		})
	}
}

func TestNewPrivateWithTechnicalPartner(t *testing.T) {
	t.Parallel()
	sp := newTestSP(t, func(c *Config) {
		c.Administrative = Contact{
			Kind: Private, VATNumber: "IT02438750586", NACE2Codes: []string{"84.11.10"},
			Municipality: "H501", EmailAddress: "cie@ente.example.it",
		}
		tech := validPrivate()
		c.Technical = &tech
	})
	if sp.Profile().SingleLogout {
		t.Error("the CIE profile must not use SAML single logout")
	}
}
