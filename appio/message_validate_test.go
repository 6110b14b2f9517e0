package appio_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/workday"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	payment := func(mod func(p *appio.PaymentData)) func(*appio.NewMessage) {
		return func(m *appio.NewMessage) {
			p := &appio.PaymentData{Amount: 100, NoticeNumber: "301000000000012345"}
			mod(p)
			m.Content.PaymentData = p
		}
	}
	third := func(mod func(t *appio.ThirdPartyData)) func(*appio.NewMessage) {
		return func(m *appio.NewMessage) {
			t := &appio.ThirdPartyData{ID: "doc-1", ConfigurationID: "01ARZ3NDEKTSV4RRFFQ69G5FAV"}
			mod(t)
			m.Content.ThirdPartyData = t
		}
	}
	tests := []struct {
		name      string
		mod       func(*appio.NewMessage)
		wantField string // "" = valid
	}{
		{"valid", func(*appio.NewMessage) {}, ""},
		{"lower-case fiscal code", func(m *appio.NewMessage) { m.FiscalCode = "rssmra79b11c566r" }, ""},
		{"sandbox code", func(m *appio.NewMessage) { m.FiscalCode = "AAAAAA00A00A000A" }, ""},
		{"wrong check character accepted as IO does", func(m *appio.NewMessage) { m.FiscalCode = "RSSMRA79B11C566X" }, ""},
		{"empty fiscal code", func(m *appio.NewMessage) { m.FiscalCode = "" }, "fiscal_code"},
		{"short fiscal code", func(m *appio.NewMessage) { m.FiscalCode = "00" }, "fiscal_code"},
		{"bad month letter", func(m *appio.NewMessage) { m.FiscalCode = "RSSMRA79Z11C566R" }, "fiscal_code"},
		{"subject 9", func(m *appio.NewMessage) { m.Content.Subject = strings.Repeat("a", 9) }, "content.subject"},
		{"subject 10", func(m *appio.NewMessage) { m.Content.Subject = strings.Repeat("a", 10) }, ""},
		{"subject 120", func(m *appio.NewMessage) { m.Content.Subject = strings.Repeat("a", 120) }, ""},
		{"subject 121", func(m *appio.NewMessage) { m.Content.Subject = strings.Repeat("a", 121) }, "content.subject"},
		{"subject 60 emoji = 120 units", func(m *appio.NewMessage) { m.Content.Subject = strings.Repeat("📬", 60) }, ""},
		{"subject 61 emoji = 122 units", func(m *appio.NewMessage) { m.Content.Subject = strings.Repeat("📬", 61) }, "content.subject"},
		{"subject 120 accented runes", func(m *appio.NewMessage) { m.Content.Subject = strings.Repeat("è", 120) }, ""},
		{"markdown 79", func(m *appio.NewMessage) { m.Content.Markdown = strings.Repeat("a", 79) }, "content.markdown"},
		{"markdown 40 emoji = 80 units", func(m *appio.NewMessage) { m.Content.Markdown = strings.Repeat("🏛", 40) }, ""},
		{"markdown 10000", func(m *appio.NewMessage) { m.Content.Markdown = strings.Repeat("a", 10000) }, ""},
		{"markdown 10001", func(m *appio.NewMessage) { m.Content.Markdown = strings.Repeat("a", 10001) }, "content.markdown"},
		{"ttl 3599", func(m *appio.NewMessage) { m.TimeToLive = 3599 }, "time_to_live"},
		{"ttl 604800", func(m *appio.NewMessage) { m.TimeToLive = 604800 }, ""},
		{"ttl 604801", func(m *appio.NewMessage) { m.TimeToLive = 604801 }, "time_to_live"},
		{"feature level advanced", func(m *appio.NewMessage) { m.FeatureLevel = appio.Advanced }, ""},
		{"feature level unknown", func(m *appio.NewMessage) { m.FeatureLevel = "GOLD" }, "feature_level_type"},
		{"amount 0", payment(func(p *appio.PaymentData) { p.Amount = 0 }), "content.payment_data.amount"},
		{"amount 1", payment(func(p *appio.PaymentData) { p.Amount = 1 }), ""},
		{"amount max", payment(func(p *appio.PaymentData) { p.Amount = 9999999999 }), ""},
		{"amount over max", payment(func(p *appio.PaymentData) { p.Amount = 10000000000 }), "content.payment_data.amount"},
		{"notice 17 digits", payment(func(p *appio.PaymentData) { p.NoticeNumber = "30100000000001234" }), "content.payment_data.notice_number"},
		{"notice aux digit 4", payment(func(p *appio.PaymentData) { p.NoticeNumber = "401000000000012345" }), "content.payment_data.notice_number"},
		{"notice with letters", payment(func(p *appio.PaymentData) { p.NoticeNumber = "30100000000001234A" }), "content.payment_data.notice_number"},
		{"payee 11 digits", payment(func(p *appio.PaymentData) { p.Payee = "01234567897" }), ""},
		{"payee 10 digits", payment(func(p *appio.PaymentData) { p.Payee = "0123456789" }), "content.payment_data.payee.fiscal_code"},
		{"invalid after due date without due date", payment(func(p *appio.PaymentData) { p.InvalidAfterDueDate = true }), "content.payment_data.invalid_after_due_date"},
		{"third party valid", third(func(*appio.ThirdPartyData) {}), ""},
		{"third party without id", third(func(t *appio.ThirdPartyData) { t.ID = "" }), "content.third_party_data.id"},
		{"third party without configuration", third(func(t *appio.ThirdPartyData) { t.ConfigurationID = "" }), "content.third_party_data.configuration_id"},
		{"third party bad configuration", third(func(t *appio.ThirdPartyData) { t.ConfigurationID = "01ARZ3NDEKTSV4RRFFQ69G5FAU" }), "content.third_party_data.configuration_id"},
		{"third party bad precondition", third(func(t *appio.ThirdPartyData) { t.HasPrecondition = "SOMETIMES" }), "content.third_party_data.has_precondition"},
		{"attachments on standard", third(func(t *appio.ThirdPartyData) { t.HasAttachments = true }), "content.third_party_data.has_attachments"},
		{"attachments on advanced", func(m *appio.NewMessage) {
			third(func(t *appio.ThirdPartyData) { t.HasAttachments = true })(m)
			m.FeatureLevel = appio.Advanced
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newMessage()
			tt.mod(&m)
			err := m.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			var fe *appio.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.wantField || !errors.Is(err, appio.ErrInvalid) {
				t.Fatalf("Validate = %v, want a FieldError on %s", err, tt.wantField)
			}
			if strings.Contains(err.Error(), "RSSMRA79") {
				t.Errorf("error leaks the fiscal code: %v", err)
			}
		})
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	t.Parallel()
	err := appio.NewMessage{Content: appio.MessageContent{PaymentData: &appio.PaymentData{}}}.Validate()
	for _, f := range []string{"fiscal_code", "content.subject", "content.markdown", "content.payment_data.amount", "content.payment_data.notice_number"} {
		if !strings.Contains(err.Error(), "invalid "+f+":") {
			t.Errorf("missing %s in %v", f, err)
		}
	}
}

func TestStrictFiscalCode(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t, func(c *appio.Config) { c.StrictFiscalCode = true })
	mt.RegisterResponder("POST", testBase+"/profiles", profileOK)
	if _, err := c.GetProfile(t.Context(), "RSSMRA79B11C566X"); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("wrong check character accepted in strict mode: %v", err)
	}
	for _, cf := range []string{citizen, "AAAAAA00A00A000A"} {
		if _, err := c.GetProfile(t.Context(), cf); err != nil {
			t.Errorf("%s refused in strict mode: %v", cf, err)
		}
	}
}

func TestEndOfDayAcrossDST(t *testing.T) {
	t.Parallel()
	tests := []struct {
		day  workday.Date
		want string
	}{
		{workday.NewDate(2026, time.January, 15), "2026-01-15T22:59:59.000Z"},
		{workday.NewDate(2026, time.March, 28), "2026-03-28T22:59:59.000Z"},   // last day of winter time
		{workday.NewDate(2026, time.March, 29), "2026-03-29T21:59:59.000Z"},   // clocks go forward at 02:00
		{workday.NewDate(2026, time.July, 31), "2026-07-31T21:59:59.000Z"},    // summer time
		{workday.NewDate(2026, time.October, 25), "2026-10-25T22:59:59.000Z"}, // clocks go back at 03:00
		{workday.NewDate(2026, time.December, 31), "2026-12-31T22:59:59.000Z"},
	}
	for _, tt := range tests {
		if got := appio.Timestamp(appio.EndOfDay(tt.day)); got != tt.want {
			t.Errorf("EndOfDay(%s) = %s, want %s", tt.day, got, tt.want)
		}
	}
	// Ten past midnight in Rome on 1 August is still 31 July in UTC.
	at := time.Date(2026, time.July, 31, 22, 10, 0, 0, time.UTC)
	if got := appio.Timestamp(appio.EndOfDayOf(at)); got != "2026-08-01T21:59:59.000Z" {
		t.Errorf("EndOfDayOf = %s", got)
	}
}

func TestTimestampIsUTC(t *testing.T) {
	t.Parallel()
	rome := time.Date(2026, time.June, 1, 12, 0, 0, 0, workday.Rome())
	m := newMessage()
	m.Content.DueDate = rome
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"due_date":"2026-06-01T10:00:00.000Z"`) {
		t.Errorf("marshalled %s", b)
	}
	if strings.Contains(string(b), "payee") || strings.Contains(string(b), "idempotency") {
		t.Errorf("unexpected fields in %s", b)
	}
}
