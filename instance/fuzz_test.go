package instance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

// FuzzValidIBAN: never panics; accepts only what survives normalisation as
// 15–34 upper-case letters and digits with the country code first.
func FuzzValidIBAN(f *testing.F) {
	for _, s := range []string{"IT60X0542811101000000123456", "it60 x054 2811 1010 0000 0123 456", "DE89370400440532013000", "", "IT", "ÀÀ00", "GB82WEST12345698765432"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !instance.ValidIBAN(s) {
			return
		}
		n := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
		if len(n) < 15 || len(n) > 34 || n[0] < 'A' || n[0] > 'Z' {
			t.Fatalf("accepted %q", s)
		}
		for _, c := range n {
			if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
				t.Fatalf("accepted %q with %q", s, c)
			}
		}
	})
}

// FuzzValidateForm feeds untrusted form values to every field of the example
// services: validation never panics, and every error it reports names a
// field of the form with an Italian message and never echoes the value.
func FuzzValidateForm(f *testing.F) {
	f.Add("uso", "esente", "2026-02-30")
	f.Add("tipo", "altro", "IT60X0542811101000000123456")
	f.Add("componenti", "99999999999999999999", "a@b")
	f.Add("classe", "3B", "\x00\xff")
	svcs := instance.ExampleServices()
	today := workday.Date{Year: 2026, Month: 3, Day: 4}
	f.Fuzz(func(t *testing.T, key, value, other string) {
		for _, svc := range svcs {
			data := map[string]string{key: value}
			for _, st := range svc.Form() {
				for _, fl := range st.Fields {
					if _, ok := data[fl.Name]; !ok {
						data[fl.Name] = other
					}
				}
			}
			err := svc.ValidateForm(data, nil, today)
			if err == nil {
				continue
			}
			var verr *instance.ValidationError
			if !errors.As(err, &verr) || len(verr.Fields) == 0 {
				t.Fatalf("%s: %v is not a ValidationError", svc.ID, err)
			}
			for _, fe := range verr.Fields {
				if _, ok := svc.Field(fe.Field); !ok || !strings.Contains(fe.Message, "«") {
					t.Fatalf("%s: bad field error %+v", svc.ID, fe)
				}
			}
			if len(value) > 8 && strings.Contains(err.Error(), value) {
				t.Fatalf("Error() echoes the value %q", value)
			}
		}
	})
}
