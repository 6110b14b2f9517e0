package sqlstore

import (
	"encoding/json"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

// resourceDoc is the JSON document of a [booking.Resource]. The opening
// rules' dates are stored as {Year, Month, Day} objects: the text form of a
// zero [workday.Date] (an open-ended rule), "0000-00-00", does not parse
// back.
type resourceDoc struct {
	booking.Resource
	Rules []ruleDoc
}

type ruleDoc struct {
	booking.OpeningRule
	From, To civilDate
}

// civilDate is a [workday.Date] without its text encoding.
type civilDate workday.Date

func marshalResource(r *booking.Resource) ([]byte, error) {
	d := resourceDoc{Resource: *r}
	d.Resource.Rules = nil
	for _, rule := range r.Rules {
		d.Rules = append(d.Rules, ruleDoc{OpeningRule: rule, From: civilDate(rule.From), To: civilDate(rule.To)})
	}
	return json.Marshal(d)
}

func unmarshalResource(doc []byte) (booking.Resource, error) {
	var d resourceDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return booking.Resource{}, err
	}
	r := d.Resource
	for _, rule := range d.Rules {
		rule.OpeningRule.From, rule.OpeningRule.To = workday.Date(rule.From), workday.Date(rule.To)
		r.Rules = append(r.Rules, rule.OpeningRule)
	}
	return r, nil
}
