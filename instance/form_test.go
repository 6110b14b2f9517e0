package instance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

func TestFieldValidation(t *testing.T) {
	t.Parallel()
	i64 := func(n int64) *int64 { return &n }
	svc := serviceFor(0)
	svc.Steps = []instance.Step{{ID: "s", Title: "Passo", Fields: []instance.Field{
		{Name: "testo", Label: "Testo", Type: instance.FieldText, MaxLen: 5},
		{Name: "cap", Label: "CAP", Type: instance.FieldText, Pattern: `[0-9]{5}`},
		{Name: "numero", Label: "Numero", Type: instance.FieldNumber, Min: i64(1), Max: i64(10)},
		{Name: "data", Label: "Data", Type: instance.FieldDate},
		{Name: "nascita", Label: "Data di nascita", Type: instance.FieldDate, DateRule: instance.DatePast},
		{Name: "email", Label: "E-mail", Type: instance.FieldEmail},
		{Name: "telefono", Label: "Telefono", Type: instance.FieldPhone},
		{Name: "cf", Label: "Codice fiscale", Type: instance.FieldFiscalCode},
		{Name: "iban", Label: "IBAN", Type: instance.FieldIBAN},
		{Name: "scelta", Label: "Scelta", Type: instance.FieldSelect, Options: []instance.Option{{Value: "a", Label: "A"}}},
		{Name: "spunta", Label: "Spunta", Type: instance.FieldCheckbox},
		{Name: "obbligo", Label: "Obbligatorio", Type: instance.FieldText, Required: true, ShowIf: &instance.Condition{Field: "scelta"}},
	}}}
	if err := svc.Validate(); err != nil {
		t.Fatal(err)
	}
	today := workday.Date{Year: 2026, Month: 3, Day: 4}
	tests := []struct {
		field, value string
		ok           bool
	}{
		{"testo", "abcde", true}, {"testo", "àèìòù", true}, {"testo", "abcdef", false},
		{"cap", "00184", true}, {"cap", "0018", false}, {"cap", "00184x", false},
		{"numero", "10", true}, {"numero", "11", false}, {"numero", "1.5", false},
		{"data", "2026-02-28", true}, {"data", "2026-02-30", false}, {"data", "28/02/2026", false},
		{"nascita", "2026-03-04", true}, {"nascita", "2026-03-05", false},
		{"email", "a.b@comune.roma.it", true}, {"email", "Mario <a@b.it>", false}, {"email", "a@b", false},
		{"telefono", "+39 06 1234567", true}, {"telefono", "06-123", false},
		{"cf", mario, true}, {"cf", "rssmra85t10a562s", true}, {"cf", "RSSMRA85T10A562X", false},
		{"iban", "IT60X0542811101000000123456", true}, {"iban", "it60 x054 2811 1010 0000 0123 456", true},
		{"iban", "IT61X0542811101000000123456", false}, {"iban", "IT60X054281110100000012345", false},
		{"iban", "DE89370400440532013000", true}, {"iban", "DE89370400440532013001", false},
		{"scelta", "a", true}, {"scelta", "b", false},
		{"spunta", "true", true}, {"spunta", "yes", false},
	}
	for _, tt := range tests {
		t.Run(tt.field+"="+tt.value, func(t *testing.T) {
			t.Parallel()
			data := map[string]string{tt.field: tt.value}
			if tt.field == "scelta" {
				data["obbligo"] = "x"
			}
			err := svc.ValidateForm(data, nil, today)
			if tt.ok && err != nil {
				t.Fatalf("want valid, got %v", err)
			}
			if !tt.ok {
				var verr *instance.ValidationError
				if !errors.As(err, &verr) {
					t.Fatalf("want a ValidationError, got %v", err)
				}
				fe, found := verr.For(tt.field)
				if !found || !strings.Contains(fe.Message, fe.Label) || strings.Contains(err.Error(), tt.value) && tt.value != "" && len(tt.value) > 3 {
					t.Errorf("error %+v (Error() %q) must name the field, in Italian, without its value", verr.Fields, err)
				}
			}
		})
	}
}

func TestConditionalFields(t *testing.T) {
	t.Parallel()
	svc := instance.RoadMaintenanceReport()
	base := map[string]string{instance.FieldPrivacy: "true", instance.FieldTruthfulness: "true", "luogo": "Via Appia",
		"descrizione": "Buca", "email": "a@b.it"}
	today := workday.Date{Year: 2026, Month: 3, Day: 4}
	data := map[string]string{"tipo": "buca"}
	for k, v := range base {
		data[k] = v
	}
	if err := svc.ValidateForm(data, nil, today); err != nil {
		t.Errorf("hidden conditional field was required: %v", err)
	}
	data["tipo"] = "altro"
	var verr *instance.ValidationError
	if err := svc.ValidateForm(data, nil, today); !errors.As(err, &verr) || verr.Fields[0].Field != "altro_tipo" {
		t.Errorf("shown conditional field not required: %v", err)
	}
	if vis := svc.Visible(map[string]string{"tipo": "buca", "altro_tipo": "x"}); vis["altro_tipo"] {
		t.Error("altro_tipo visible for tipo=buca")
	}
}

func TestExampleServicesAreValid(t *testing.T) {
	t.Parallel()
	svcs := instance.ExampleServices()
	if len(svcs) != 5 {
		t.Fatalf("%d example services, want the brochure's 5", len(svcs))
	}
	for _, s := range svcs {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.ID, err)
		}
	}
}

func TestServiceValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*instance.Service)
		want   string
	}{
		{"slug", func(s *instance.Service) { s.ID = "Certificato Residenza" }, "not a slug"},
		{"category", func(s *instance.Service) { s.Category = "varie" }, "not a Modello Comuni category"},
		{"office", func(s *instance.Service) { s.Office = "" }, "office is empty"},
		{"term", func(s *instance.Service) { s.TermDays = 181 }, "outside 0–180"},
		{"source", func(s *instance.Service) { s.TermDays, s.LegalSource = 60, "" }, "needs its legal source"},
		{"suspension", func(s *instance.Service) { s.Suspension.MaxDays = 45 }, "art. 2 c.7"},
		{"upfront amount", func(s *instance.Service) { s.Payment.Amount = 0 }, "needs an amount"},
		{"taxonomy", func(s *instance.Service) { s.Payment.Taxonomy = "bollo" }, "taxonomy"},
		{"taxonomy legal reason", func(s *instance.Service) { s.Payment.Taxonomy = "9/0101109XY/" }, "taxonomy"},
		{"taxonomy without final slash", func(s *instance.Service) { s.Payment.Taxonomy = "9/0101109AP" }, "taxonomy"},
		{"classification", func(s *instance.Service) { s.ProtocolRequired, s.Classification = true, instance.Classification{} }, "classification"},
		{"window", func(s *instance.Service) { s.Window = instance.Window{From: t0, To: t0.Add(-1)} }, "window"},
		{"pattern", func(s *instance.Service) { s.Steps[3].Fields[0].Pattern = "([" }, "pattern does not compile"},
		{"duplicate field", func(s *instance.Service) { s.Steps[3].Fields = append(s.Steps[3].Fields, s.Steps[3].Fields[0]) }, "repeated"},
		{"select", func(s *instance.Service) { s.Steps[3].Fields[1].Options = nil }, "no options"},
		{"file", func(s *instance.Service) {
			s.Steps[3].Fields = append(s.Steps[3].Fields, instance.Field{Name: "doc", Label: "Doc", Type: instance.FieldFile})
		}, "needs Accept and MaxBytes"},
		{"condition", func(s *instance.Service) { s.Steps[0].Fields[0].ShowIf = &instance.Condition{Field: "uso"} }, "not an earlier field"},
		{"template", func(s *instance.Service) { s.Notices = map[instance.State]string{instance.StateAccepted: "{{.Nope"} }, "notice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := instance.ResidenceCertificate()
			tt.mutate(s)
			err := s.Validate()
			if !errors.Is(err, instance.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrInvalid mentioning %q", err, tt.want)
			}
		})
	}
}

func TestAccessLevels(t *testing.T) {
	t.Parallel()
	spid := func(l int) instance.Applicant { return instance.Applicant{Method: instance.MethodSPID, Level: l} }
	cie := instance.Applicant{Method: instance.MethodCIE, Level: 3}
	tests := []struct {
		level instance.AccessLevel
		who   instance.Applicant
		ok    bool
	}{
		{instance.AccessAnonymous, instance.Applicant{}, true},
		{instance.AccessSPIDL1, spid(1), true}, {instance.AccessSPIDL2, spid(1), false},
		{instance.AccessSPIDL2, spid(2), true}, {instance.AccessSPIDL3, spid(2), false},
		{instance.AccessSPIDL2, cie, true}, {instance.AccessCIE, spid(3), false}, {instance.AccessCIE, cie, true},
		{instance.AccessSPIDL1, instance.Applicant{Level: 3}, false},
	}
	for _, tt := range tests {
		if got := tt.level.Allows(tt.who); got != tt.ok {
			t.Errorf("level %d allows %+v = %v, want %v", tt.level, tt.who, got, tt.ok)
		}
	}
}
