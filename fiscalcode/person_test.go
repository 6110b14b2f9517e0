package fiscalcode_test

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// ref is a fixed reference date so that century choices are deterministic.
var ref = time.Date(2026, time.November, 27, 0, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code    string
		birth   time.Time
		sex     byte
		place   string
		foreign bool
		omocode bool
	}{
		{"RSSMRA79B11C566R", date(1979, 2, 11), 'M', "C566", false, false},
		{"FRNSST75D50A717N", date(1975, 4, 10), 'F', "A717", false, false},
		{"BNCLRA85T45H501I", date(1985, 12, 5), 'F', "H501", false, false},
		{"VRDGPP13R10B293P", date(2013, 10, 10), 'M', "B293", false, false},
		{"MRARSS00A41Z404C", date(2000, 1, 1), 'F', "Z404", true, false},
		{"  rssmra79b11c566r\n", date(1979, 2, 11), 'M', "C566", false, false},
		// Omocodic variants: one, three and all seven substitutions.
		{"RSSMRA79B11C56SO", date(1979, 2, 11), 'M', "C566", false, true},
		{"RSSMRA79B11CRSSV", date(1979, 2, 11), 'M', "C566", false, true},
		{"RSSMRATVBMMCRSSH", date(1979, 2, 11), 'M', "C566", false, true},
		{"FRNSSTTRDRLATMTQ", date(1975, 4, 10), 'F', "A717", false, true},
		{"MRARSSLLAQMZQLQZ", date(2000, 1, 1), 'F', "Z404", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			p, err := fiscalcode.Options{Reference: ref}.Parse(tt.code)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !p.BirthDate.Equal(tt.birth) || p.Sex != tt.sex || p.BirthPlace != tt.place || p.Foreign != tt.foreign || p.Omocode != tt.omocode {
				t.Errorf("Parse = %+v, want birth %s sex %c place %s foreign %v omocode %v",
					p, tt.birth.Format(time.DateOnly), tt.sex, tt.place, tt.foreign, tt.omocode)
			}
			if p.Code != fiscalcode.Normalize(tt.code) {
				t.Errorf("Code = %q, want normalised %q", p.Code, fiscalcode.Normalize(tt.code))
			}
			if err := fiscalcode.Validate(tt.code); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestValidateInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		code string
		opts fiscalcode.Options
		want error
		pos  int
	}{
		{"empty", "   ", fiscalcode.Options{}, fiscalcode.ErrEmpty, 0},
		{"short", "RSSMRA79B11C566", fiscalcode.Options{}, fiscalcode.ErrFormat, 0},
		{"long", "RSSMRA79B11C566RX", fiscalcode.Options{}, fiscalcode.ErrFormat, 0},
		{"digit in surname", "R5SMRA79B11C566R", fiscalcode.Options{}, fiscalcode.ErrFormat, 2},
		{"letter in year not omocodic", "RSSMRA7AB11C566R", fiscalcode.Options{}, fiscalcode.ErrFormat, 8},
		{"bad month letter", "RSSMRA79F11C566R", fiscalcode.Options{}, fiscalcode.ErrMonth, 9},
		{"digit as place letter", "RSSMRA79B1105660", fiscalcode.Options{}, fiscalcode.ErrFormat, 12},
		{"day zero", "RSSMRA79B00C566R", fiscalcode.Options{}, fiscalcode.ErrDay, 10},
		{"day 32", "RSSMRA79A32C566R", fiscalcode.Options{}, fiscalcode.ErrDay, 10},
		{"day 40", "RSSMRA79A40C566R", fiscalcode.Options{}, fiscalcode.ErrDay, 10},
		{"day 72", "RSSMRA79A72C566R", fiscalcode.Options{}, fiscalcode.ErrDay, 10},
		{"30 February", "RSSMRA79B30C566R", fiscalcode.Options{}, fiscalcode.ErrDay, 10},
		{"31 April for a woman", "RSSMRA79D71C566R", fiscalcode.Options{}, fiscalcode.ErrDay, 10},
		{"wrong check character", "RSSMRA79B11C566X", fiscalcode.Options{}, fiscalcode.ErrCheckCharacter, 16},
		{"omocodia left to right", "RSSMRAT9B11C566R", fiscalcode.Options{}, fiscalcode.ErrOmocode, 0},
		{"sandbox code in strict mode", fiscalcode.SandboxCode, fiscalcode.Options{}, fiscalcode.ErrDay, 10},
		{"sandbox lenient still checks pattern", "AAAAAA00A00A00AA", fiscalcode.Options{Lenient: true}, fiscalcode.ErrFormat, 0},
		{"non-ASCII", "RSSMRA79B11C566È", fiscalcode.Options{Lenient: true}, fiscalcode.ErrFormat, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.opts.Validate(tt.code)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Validate(%q) = %v, want %v", tt.code, err, tt.want)
			}
			if e, ok := errors.AsType[*fiscalcode.Error](err); ok && tt.pos != 0 && e.Pos != tt.pos {
				t.Errorf("Validate(%q) position = %d, want %d", tt.code, e.Pos, tt.pos)
			}
			if _, err := tt.opts.Parse(tt.code); !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q) = %v, want %v", tt.code, err, tt.want)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		code string
		opts fiscalcode.Options
		ok   bool
	}{
		{"sandbox accepted when asked", fiscalcode.SandboxCode, fiscalcode.Options{AllowSandbox: true}, true},
		{"sandbox lower case accepted when asked", " aaaaaa00a00a000a ", fiscalcode.Options{AllowSandbox: true}, true},
		{"sandbox refused by default", fiscalcode.SandboxCode, fiscalcode.Options{}, false},
		{"lenient accepts a bad check character", "RSSMRA79B11C566X", fiscalcode.Options{Lenient: true}, true},
		{"lenient accepts IO doc example", "SPNDNL80R13C555X", fiscalcode.Options{Lenient: true}, true},
		{"strict refuses IO doc example", "SPNDNL80R13C555X", fiscalcode.Options{}, false},
		{"lenient accepts out-of-order omocodia", "RSSMRAT9B11C566R", fiscalcode.Options{Lenient: true}, true},
		{"lenient refuses a bad month", "RSSMRA79Z11C566R", fiscalcode.Options{Lenient: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.opts.Validate(tt.code); (err == nil) != tt.ok {
				t.Errorf("Validate(%q) = %v, want ok=%v", tt.code, err, tt.ok)
			}
		})
	}
}

func TestParseCentury(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		ref  time.Time
		year int
	}{
		{"VRDGPP13R10B293P", date(2026, 1, 1), 2013},
		{"VRDGPP13R10B293P", date(2013, 10, 9), 1913}, // 10 Oct 2013 is after the reference
		{"VRDGPP13R10B293P", date(2013, 10, 10), 2013},
		{"RSSMRA79B11C566R", date(2026, 1, 1), 1979},
	}
	for _, tt := range tests {
		p, err := fiscalcode.Options{Reference: tt.ref}.Parse(tt.code)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.code, err)
		}
		if p.BirthDate.Year() != tt.year {
			t.Errorf("Parse(%q) with reference %s: year %d, want %d", tt.code, tt.ref.Format(time.DateOnly), p.BirthDate.Year(), tt.year)
		}
	}
}

// ioPattern is App IO's FiscalCode pattern, copied from its OpenAPI definition.
var ioPattern = regexp.MustCompile(`^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$`)

func TestLenientMatchesIOPattern(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"RSSMRA79B11C566R", "RSSMRA79B11C566X", "RSSMRATVBMMCRSSH", "RSSMRA79F11C566R", "1SSMRA79B11C566R", "RSSMRA79B11C56", "AAAAAA00A00A000A", "RSSMRA7AB11C566R"} {
		lenient := fiscalcode.Options{Lenient: true}.Validate(code) == nil
		if io := ioPattern.MatchString(code); lenient != io {
			t.Errorf("%q: lenient=%v, IO pattern=%v", code, lenient, io)
		}
	}
}

func TestErrorDoesNotLeakCode(t *testing.T) {
	t.Parallel()
	err := fiscalcode.Validate("RSSMRA79B11C566X")
	if err == nil {
		t.Fatal("want an error")
	}
	if msg := err.Error(); regexp.MustCompile(`RSSMRA|79B11`).MatchString(msg) {
		t.Errorf("error %q contains the code", msg)
	}
}

func TestMask(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"RSSMRA79B11C566R":  "RSSMRA*********R",
		" rssmra79b11c566r": "RSSMRA*********R",
		"12345678903":       "123********",
		"AB":                "**",
	} {
		if got := fiscalcode.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
