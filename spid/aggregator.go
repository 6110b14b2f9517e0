package spid

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// AggregatorActivity is the activity code of a SPID aggregator of public
// administrations (Avviso 19 v4). The SP's entityID must contain it, and
// the aggregator's ContactPerson carries the matching empty spid: element.
type AggregatorActivity string

// The public-administration aggregator activities.
const (
	// AggregatorPublicFull ("pub-ag-full", spid:PublicServicesFullAggregator):
	// the aggregator runs the SP, keys included, for the Comune.
	AggregatorPublicFull AggregatorActivity = "pub-ag-full"
	// AggregatorPublicLight ("pub-ag-lite", spid:PublicServicesLightAggregator):
	// the aggregator provides the infrastructure, the Comune its keys.
	AggregatorPublicLight AggregatorActivity = "pub-ag-lite"
)

func (a AggregatorActivity) element() string {
	switch a {
	case AggregatorPublicFull:
		return "PublicServicesFullAggregator"
	case AggregatorPublicLight:
		return "PublicServicesLightAggregator"
	}
	return ""
}

// Aggregator describes the SPID aggregator that publishes this SP on behalf
// of the Comune (checklist 13; Avviso 19 v4; spid-sp-test profiles
// spid-sp-ag-public-full and -lite). With [Config.Aggregator] set, the
// metadata carries two ContactPerson elements of type "other": one with
// spid:entityType="spid:aggregator" for the aggregator (its identifiers and
// the activity element) and one with spid:entityType="spid:aggregated" for
// the Comune (IPACode, Public). Only public SPs can be aggregated this way.
type Aggregator struct {
	// Activity is the aggregator's activity; the entityID must contain its
	// code (e.g. https://aggregatore.example.it/pub-ag-full/c_h501).
	Activity AggregatorActivity
	// Company is the aggregator's legal name.
	Company string
	// VATNumber (with the ISO prefix, e.g. "IT12345678901") and/or
	// FiscalCode of the aggregator; at least one is required.
	VATNumber  string
	FiscalCode string
	// IPACode, if the aggregator is itself a public administration.
	IPACode string
	// Email (required) and Telephone (+39…, optional) of the aggregator.
	Email     string
	Telephone string
}

// The spid:entityType values of the two contacts.
const (
	entityTypeAggregator = "spid:aggregator"
	entityTypeAggregated = "spid:aggregated"
)

func (a *Aggregator) check(cfg *Config) error {
	if a.Activity.element() == "" {
		return fmt.Errorf("Aggregator.Activity %q is not pub-ag-full or pub-ag-lite", a.Activity)
	}
	if !cfg.Public {
		return errors.New("Aggregator is supported for public SPs only")
	}
	if u, err := url.Parse(cfg.EntityID); err != nil || u.RawQuery != "" || !strings.Contains(cfg.EntityID, string(a.Activity)) {
		return fmt.Errorf("with an Aggregator the EntityID must contain %q and no query string", a.Activity)
	}
	if a.Company == "" || !emailRE.MatchString(a.Email) {
		return errors.New("Aggregator needs Company and a valid Email")
	}
	if a.VATNumber == "" && a.FiscalCode == "" {
		return errors.New("Aggregator needs a VATNumber or a FiscalCode")
	}
	if a.VATNumber != "" && !vatRE.MatchString(a.VATNumber) {
		return fmt.Errorf("Aggregator.VATNumber %q must have the ISO country prefix (e.g. IT12345678901)", a.VATNumber)
	}
	if a.Telephone != "" && !phoneRE.MatchString(a.Telephone) {
		return fmt.Errorf("Aggregator.Telephone %q must be +<digits> without spaces", a.Telephone)
	}
	return nil
}

// contact is the aggregator's ContactPerson; the order of the extensions
// follows spid.xsd ContactPersonAGExtensionType.
func (a *Aggregator) contact() Contact {
	c := Contact{Type: "other", EntityType: entityTypeAggregator, Company: a.Company, Email: a.Email, Telephone: a.Telephone}
	if a.IPACode != "" {
		c.Extensions = append(c.Extensions, Extension{Name: "IPACode", Value: a.IPACode})
	}
	if a.VATNumber != "" {
		c.Extensions = append(c.Extensions, Extension{Name: "VATNumber", Value: a.VATNumber})
	}
	if a.FiscalCode != "" {
		c.Extensions = append(c.Extensions, Extension{Name: "FiscalCode", Value: a.FiscalCode})
	}
	c.Extensions = append(c.Extensions, Extension{Name: a.Activity.element(), Empty: true})
	return c
}
