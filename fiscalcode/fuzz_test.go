package fiscalcode_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/fiscalcode"
)

// FuzzValidate checks that no input panics, that every error wraps a sentinel,
// that lenient validation agrees with App IO's pattern, and that whatever strict
// validation accepts, Parse decodes consistently.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{"RSSMRA79B11C566R", "RSSMRATVBMMCRSSH", fiscalcode.SandboxCode, "", " ", "02438750586", "RSSMRA79B30C566R", "ÈÈÈÈÈÈÈÈ", "RSSMRA79B11C566\x00"} {
		f.Add(s)
	}
	sentinels := []error{fiscalcode.ErrEmpty, fiscalcode.ErrFormat, fiscalcode.ErrMonth, fiscalcode.ErrDay, fiscalcode.ErrOmocode, fiscalcode.ErrCheckCharacter, fiscalcode.ErrCheckDigit}
	wraps := func(err error) bool {
		for _, s := range sentinels {
			if errors.Is(err, s) {
				return true
			}
		}
		return false
	}
	f.Fuzz(func(t *testing.T, s string) {
		strictErr := fiscalcode.Validate(s)
		lenientErr := fiscalcode.Options{Lenient: true}.Validate(s)
		orgErr := fiscalcode.ValidateOrganization(s)
		for _, err := range []error{strictErr, lenientErr, orgErr} {
			if err != nil && !wraps(err) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
		}
		norm := fiscalcode.Normalize(s)
		if len(norm) == 16 && (lenientErr == nil) != ioPattern.MatchString(norm) && strings.TrimSpace(s) == s {
			t.Fatalf("%q: lenient=%v disagrees with IO pattern", s, lenientErr)
		}
		if strictErr == nil {
			if lenientErr != nil {
				t.Fatalf("%q: strict accepts, lenient refuses: %v", s, lenientErr)
			}
			p, err := fiscalcode.Options{Reference: ref}.Parse(s)
			if err != nil {
				// Only 29 February in a non-leap century may pass Validate but not Parse.
				if !errors.Is(err, fiscalcode.ErrDay) {
					t.Fatalf("%q: Validate ok but Parse: %v", s, err)
				}
				return
			}
			if p.Sex != 'M' && p.Sex != 'F' || len(p.BirthPlace) != 4 || p.BirthDate.After(ref) {
				t.Fatalf("%q: implausible decode %+v", s, p)
			}
		}
		_ = fiscalcode.Mask(s)
	})
}
