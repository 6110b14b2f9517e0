package fiscalcode_test

import (
	"errors"
	"testing"

	"github.com/siopi/siopi/fiscalcode"
)

func TestValidateOrganization(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want error
	}{
		{"02438750586", nil},   // Comune di Roma
		{"01199250158", nil},   // Comune di Milano
		{"15376371009", nil},   // PagoPA S.p.A.
		{"80015010723", nil},   // Comune di Bari (organisation fiscal code)
		{" 02438750586 ", nil}, // trimmed
		{"02438750587", fiscalcode.ErrCheckDigit},
		{"0243875058", fiscalcode.ErrFormat},
		{"0243875058A", fiscalcode.ErrFormat},
		{"00000000000", fiscalcode.ErrFormat},
		{"", fiscalcode.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			if err := fiscalcode.ValidateOrganization(tt.code); !errors.Is(err, tt.want) {
				t.Errorf("ValidateOrganization(%q) = %v, want %v", tt.code, err, tt.want)
			}
		})
	}
}

func TestValidateAny(t *testing.T) {
	t.Parallel()
	for code, ok := range map[string]bool{
		"02438750586":      true,
		"RSSMRA79B11C566R": true,
		"02438750587":      false,
		"RSSMRA79B11C566X": false,
		"":                 false,
	} {
		if err := fiscalcode.ValidateAny(code); (err == nil) != ok {
			t.Errorf("ValidateAny(%q) = %v, want ok=%v", code, err, ok)
		}
	}
}
