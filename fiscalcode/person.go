package fiscalcode

import (
	"fmt"
	"strings"
	"time"
)

// SandboxCode is App IO's test fiscal code. Its check character does not verify
// (it would be 'I'); [Options.AllowSandbox] accepts it explicitly.
const SandboxCode = "AAAAAA00A00A000A"

// Person is what a person's fiscal code says about its holder.
type Person struct {
	// Code is the normalised code (trimmed, upper case), as given, omocodic
	// letters included.
	Code string
	// BirthDate is the civil birth date at midnight UTC.
	BirthDate time.Time
	// Sex is 'M' or 'F'.
	Sex byte
	// BirthPlace is the Belfiore code of the birth place with omocodic letters
	// mapped back to digits, e.g. "H501" (Rome) or "Z404" (United States).
	BirthPlace string
	// Foreign reports a birth abroad (Belfiore codes starting with 'Z').
	Foreign bool
	// Omocode reports that at least one digit was replaced by a letter.
	Omocode bool
}

// Options selects how strictly codes are checked. The zero value is strict.
type Options struct {
	// Lenient checks only App IO's pattern, as App IO does, and skips the month,
	// day, omocodia and check-character rules.
	Lenient bool
	// AllowSandbox accepts SandboxCode although its check character does not verify.
	AllowSandbox bool
	// Reference is the date against which Parse chooses the birth century: the
	// latest year not after it. Zero means time.Now().
	Reference time.Time
}

// omocodic lists the 0-based indexes of the characters that may hold omocodic
// letters, from the rightmost (substituted first) leftwards.
var omocodic = [7]int{14, 13, 12, 10, 9, 7, 6}

// omocodeDigit maps an omocodic letter to its digit; other bytes map to 0xFF.
var omocodeDigit = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for d, c := range "LMNPQRSTUV" {
		t[c] = byte(d)
	}
	return t
}()

// monthOf maps a month letter to its month; other bytes map to 0.
var monthOf = func() (t [256]time.Month) {
	for i, c := range "ABCDEHLMPRST" {
		t[c] = time.Month(i + 1)
	}
	return t
}()

// oddValue holds the values of characters at odd (1-based) positions, indexed
// by the digit or letter value (0–9 for digits, 0–25 for letters, which share
// values: '0' and 'A' are both 1).
var oddValue = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// Normalize trims white space and upper-cases code. It is what every function
// of this package applies first.
func Normalize(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}

// Validate checks a person's fiscal code strictly. See [Options.Validate].
func Validate(code string) error { return Options{}.Validate(code) }

// Parse checks a person's fiscal code strictly and decodes it. See [Options.Parse].
func Parse(code string) (Person, error) { return Options{}.Parse(code) }

// Validate checks a person's fiscal code under o. It does not allocate for a
// valid code.
func (o Options) Validate(code string) error {
	var c [16]byte
	if err := normalize(&c, code); err != nil {
		return err
	}
	return o.check(&c)
}

// Parse checks a person's fiscal code under o and decodes its birth date, sex
// and birth place. In lenient mode the decoded fields may be meaningless for a
// code that only matches the pattern; Parse then still refuses an impossible
// month or day.
func (o Options) Parse(code string) (Person, error) {
	var c [16]byte
	if err := normalize(&c, code); err != nil {
		return Person{}, err
	}
	if err := o.check(&c); err != nil {
		return Person{}, err
	}
	var plain [16]byte
	omocode := false
	plain = c
	for _, i := range omocodic {
		if d := omocodeDigit[c[i]]; d != 0xFF {
			plain[i] = '0' + d
			omocode = true
		}
	}
	month := monthOf[plain[8]]
	if month == 0 {
		return Person{}, &Error{Kind: ErrMonth, Pos: 9}
	}
	yy := int(plain[6]-'0')*10 + int(plain[7]-'0')
	day := int(plain[9]-'0')*10 + int(plain[10]-'0')
	sex := byte('M')
	if day > 40 {
		day -= 40
		sex = 'F'
	}
	if day < 1 || day > 31 {
		return Person{}, &Error{Kind: ErrDay, Pos: 10}
	}
	ref := o.Reference
	if ref.IsZero() {
		ref = time.Now()
	}
	ref = time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
	century := ref.Year() / 100 * 100
	birth := time.Date(century+yy, month, day, 0, 0, 0, 0, time.UTC)
	if birth.After(ref) {
		birth = time.Date(century-100+yy, month, day, 0, 0, 0, 0, time.UTC)
	}
	if birth.Day() != day {
		return Person{}, &Error{Kind: ErrDay, Pos: 10, Detail: fmt.Sprintf("day %d does not exist in %s %d", day, month, birth.Year())}
	}
	return Person{
		Code:       string(c[:]),
		BirthDate:  birth,
		Sex:        sex,
		BirthPlace: string(plain[11:15]),
		Foreign:    plain[11] == 'Z',
		Omocode:    omocode,
	}, nil
}

// normalize trims code and copies it upper-cased into c, checking its length.
func normalize(c *[16]byte, code string) error {
	code = strings.TrimSpace(code)
	switch {
	case code == "":
		return ErrEmpty
	case len(code) != 16:
		return &Error{Kind: ErrFormat, Detail: fmt.Sprintf("length %d, want 16", len(code))}
	}
	for i := 0; i < 16; i++ {
		b := code[i]
		if 'a' <= b && b <= 'z' {
			b -= 'a' - 'A'
		}
		c[i] = b
	}
	return nil
}

// check applies the rules o selects to a normalised code.
func (o Options) check(c *[16]byte) error {
	if err := checkPattern(c); err != nil {
		return err
	}
	if o.AllowSandbox && string(c[:]) == SandboxCode {
		return nil
	}
	if o.Lenient {
		return nil
	}
	if monthOf[c[8]] == 0 {
		return &Error{Kind: ErrMonth, Pos: 9}
	}
	if err := checkDay(c); err != nil {
		return err
	}
	if err := checkOmocodeOrder(c); err != nil {
		return err
	}
	if want := checkCharacter(c); c[15] != want {
		return &Error{Kind: ErrCheckCharacter, Pos: 16, Detail: "got '" + string(c[15]) + "', want '" + string(want) + "'"}
	}
	return nil
}

// checkPattern enforces App IO's pattern
// ^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$.
func checkPattern(c *[16]byte) error {
	for i, b := range c {
		var ok bool
		switch i {
		case 6, 7, 9, 10, 12, 13, 14:
			ok = isDigit(b) || omocodeDigit[b] != 0xFF
		case 8:
			ok = monthOf[b] != 0
		default:
			ok = 'A' <= b && b <= 'Z'
		}
		if !ok {
			if i == 8 && 'A' <= b && b <= 'Z' {
				return &Error{Kind: ErrMonth, Pos: 9}
			}
			return &Error{Kind: ErrFormat, Pos: i + 1}
		}
	}
	return nil
}

// checkDay checks the day field (1–31 for men, 41–71 for women) against the
// month's length; 29 February is always accepted, as the century is unknown.
func checkDay(c *[16]byte) error {
	day := digitAt(c, 9)*10 + digitAt(c, 10)
	if day > 40 {
		day -= 40
	}
	if day < 1 || day > daysIn[monthOf[c[8]]] {
		return &Error{Kind: ErrDay, Pos: 10}
	}
	return nil
}

// daysIn is the longest length of each month (February 29).
var daysIn = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// checkOmocodeOrder requires that omocodic letters form a run starting at the
// rightmost omocodic position: a digit may not stand to the right of a letter.
func checkOmocodeOrder(c *[16]byte) error {
	digitSeen := false
	for _, i := range omocodic {
		if isDigit(c[i]) {
			digitSeen = true
		} else if digitSeen {
			return &Error{Kind: ErrOmocode, Pos: i + 1}
		}
	}
	return nil
}

// checkCharacter computes the check character of the first 15 characters.
func checkCharacter(c *[16]byte) byte {
	sum := 0
	for i := 0; i < 15; i++ {
		v := value(c[i])
		if i%2 == 0 { // odd 1-based position
			sum += oddValue[v]
		} else {
			sum += v
		}
	}
	return byte('A' + sum%26)
}

// value is the table index of a digit or letter: 0–9 or 0–25.
func value(b byte) int {
	if isDigit(b) {
		return int(b - '0')
	}
	return int(b - 'A')
}

// digitAt returns the digit at index i, mapping an omocodic letter back.
func digitAt(c *[16]byte, i int) int {
	if d := omocodeDigit[c[i]]; d != 0xFF {
		return int(d)
	}
	return int(c[i] - '0')
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
