package pagopa

import (
	"errors"
	"fmt"
	"strconv"
)

// NoticeNumber is the 18-digit notice number (NAV, "codice avviso") printed on
// a payment notice and carried by the node as noticeNumber: the aux digit
// followed by the IUV (aux 1, 2, 3) or by an application code and the IUV
// (aux 0). See SACI §3 and the domain file §3.1.
type NoticeNumber string

// IUV is the identificativo univoco di versamento, the node's
// creditorReferenceId: unique per creditor body over all time. IUVs of notices
// with aux digit 3 are 17 digits (segregation code, 13-digit base, 2 check
// digits); IUVs of EC-initiated payments may be up to 35 letters and digits.
type IUV string

// MaxIUVBase is the largest 13-digit IUV base.
const MaxIUVBase = 9_999_999_999_999

var (
	// ErrNoticeNumber reports a notice number that is not 18 digits with an
	// aux digit 0–3.
	ErrNoticeNumber = errors.New("invalid notice number")
	// ErrIUV reports a malformed IUV.
	ErrIUV = errors.New("invalid iuv")
	// ErrCheckDigit reports check digits that do not match (mod 93).
	ErrCheckDigit = errors.New("wrong check digits")
	// ErrSegregationCode reports a segregation code outside 00–99.
	ErrSegregationCode = errors.New("invalid segregation code")
)

// NewNoticeNumber builds the aux-3 notice number for a segregation code
// (0–99) and a 13-digit base (0–[MaxIUVBase]):
// "3" + segregation code + base + (that number mod 93).
// NewNoticeNumber(1, 12345) is "301000000001234519".
func NewNoticeNumber(segregationCode int, base int64) (NoticeNumber, error) {
	if segregationCode < 0 || segregationCode > 99 {
		return "", fmt.Errorf("pagopa: notice number: %d: %w", segregationCode, ErrSegregationCode)
	}
	if base < 0 || base > MaxIUVBase {
		return "", fmt.Errorf("pagopa: notice number: base %d out of 13 digits: %w", base, ErrIUV)
	}
	var b [18]byte
	b[0] = '3'
	b[1] = byte('0' + segregationCode/10)
	b[2] = byte('0' + segregationCode%10)
	v := base
	for i := 15; i >= 3; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	c := checkDigits(b[:16])
	b[16], b[17] = c[0], c[1]
	return NoticeNumber(b[:]), nil
}

// ParseNoticeNumber parses an incoming notice number strictly: 18 digits, an
// aux digit 0–3, and for aux 0, 2 and 3 the mod-93 check digits. Use
// [ParseNoticeNumberUnchecked] where foreign numbers with wrong check digits
// must still be looked up (the node does not verify them).
func ParseNoticeNumber(s string) (NoticeNumber, error) {
	n, err := ParseNoticeNumberUnchecked(s)
	if err != nil {
		return "", err
	}
	if err := n.verify(); err != nil {
		return "", err
	}
	return n, nil
}

// ParseNoticeNumberUnchecked checks the format (18 digits, aux digit 0–3)
// but not the check digits.
func ParseNoticeNumberUnchecked(s string) (NoticeNumber, error) {
	if len(s) != 18 || !allDigits(s) {
		return "", fmt.Errorf("pagopa: notice number %q: not 18 digits: %w", truncate(s, 24), ErrNoticeNumber)
	}
	if s[0] > '3' {
		return "", fmt.Errorf("pagopa: notice number %q: aux digit %c: %w", s, s[0], ErrNoticeNumber)
	}
	return NoticeNumber(s), nil
}

func (n NoticeNumber) verify() error {
	s := string(n)
	switch s[0] {
	case '1':
		return nil // aux 1: free 17-digit IUV, no check digits
	case '0', '2', '3':
		if c := checkDigits([]byte(s[:16])); c != [2]byte{s[16], s[17]} {
			return fmt.Errorf("pagopa: notice number %s: %w", s, ErrCheckDigit)
		}
	}
	return nil
}

// AuxDigit returns the aux digit (0–3), or -1 if n is malformed.
func (n NoticeNumber) AuxDigit() int {
	if len(n) != 18 || n[0] < '0' || n[0] > '3' {
		return -1
	}
	return int(n[0] - '0')
}

// SegregationCode returns the segregation code of an aux-3 notice number.
func (n NoticeNumber) SegregationCode() (int, bool) {
	if n.AuxDigit() != 3 {
		return 0, false
	}
	return int(n[1]-'0')*10 + int(n[2]-'0'), true
}

// IUV returns the IUV within n: for aux 0 the last 15 digits, otherwise the
// last 17 (GovPay's IuvUtils.toIuv). It is empty if n is malformed.
func (n NoticeNumber) IUV() IUV {
	switch n.AuxDigit() {
	case -1:
		return ""
	case 0:
		return IUV(n[3:])
	default:
		return IUV(n[1:])
	}
}

// Printed returns n grouped 4-4-4-4-2 as printed on the notice:
// "3010 0000 0001 2345 19".
func (n NoticeNumber) Printed() string {
	if len(n) != 18 {
		return string(n)
	}
	s := string(n)
	return s[0:4] + " " + s[4:8] + " " + s[8:12] + " " + s[12:16] + " " + s[16:18]
}

// String returns the 18 digits.
func (n NoticeNumber) String() string { return string(n) }

// ParseIUV checks an IUV: 1–35 ASCII letters or digits.
func ParseIUV(s string) (IUV, error) {
	if len(s) == 0 || len(s) > 35 {
		return "", fmt.Errorf("pagopa: iuv %q: length %d: %w", truncate(s, 40), len(s), ErrIUV)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return "", fmt.Errorf("pagopa: iuv %q: %w", s, ErrIUV)
		}
	}
	return IUV(s), nil
}

// NoticeNumber returns the aux-3 notice number of a 17-digit IUV whose check
// digits verify with aux digit 3.
func (iuv IUV) NoticeNumber() (NoticeNumber, error) {
	return NoticeNumberOf(3, "", iuv)
}

// NoticeNumberOf builds the notice number for an aux digit and an IUV:
// aux 0 needs the 2-digit application code and a 15-digit IUV; aux 1, 2, 3 a
// 17-digit IUV. Check digits are verified for aux 0, 2 and 3.
func NoticeNumberOf(aux int, applicationCode string, iuv IUV) (NoticeNumber, error) {
	var s string
	switch aux {
	case 0:
		if len(applicationCode) != 2 || !allDigits(applicationCode) || len(iuv) != 15 {
			return "", fmt.Errorf("pagopa: notice number: aux 0 needs a 2-digit application code and a 15-digit iuv: %w", ErrNoticeNumber)
		}
		s = "0" + applicationCode + string(iuv)
	case 1, 2, 3:
		s = strconv.Itoa(aux) + string(iuv)
	default:
		return "", fmt.Errorf("pagopa: notice number: aux digit %d: %w", aux, ErrNoticeNumber)
	}
	return ParseNoticeNumber(s)
}

// checkDigits returns the two digits of N mod 93, where N is the decimal
// number d (at most 19 digits).
func checkDigits(d []byte) [2]byte {
	var v uint64
	for _, c := range d {
		v = v*10 + uint64(c-'0')
	}
	r := v % 93
	return [2]byte{byte('0' + r/10), byte('0' + r%10)}
}

// CheckDigits returns the mod-93 check digits of a string of at most 19
// digits (aux digit + code + base, as SACI defines them), e.g.
// CheckDigits("3010000000012345") is "19".
func CheckDigits(digits string) (string, error) {
	if len(digits) == 0 || len(digits) > 19 || !allDigits(digits) {
		return "", fmt.Errorf("pagopa: check digits of %q: %w", truncate(digits, 24), ErrIUV)
	}
	c := checkDigits([]byte(digits))
	return string(c[:]), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
