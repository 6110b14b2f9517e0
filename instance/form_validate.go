package instance

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/workday"
)

// FieldError is one invalid field, with an Italian message for the citizen.
type FieldError struct {
	Field   string // the field's Name
	Label   string // the field's Label
	Message string // Italian, e.g. "Il campo «Codice fiscale» non è valido."
}

// ValidationError lists every invalid field of a step or a form. It wraps
// [ErrInvalid]; its Error() names fields, never their values.
type ValidationError struct {
	Fields []FieldError
}

// Error lists the fields that failed, without their values.
func (e *ValidationError) Error() string {
	names := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		names[i] = f.Field
	}
	return "instance: invalid fields: " + strings.Join(names, ", ")
}

// Unwrap returns [ErrInvalid].
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// For returns the error of the named field, if any.
func (e *ValidationError) For(field string) (FieldError, bool) {
	for _, f := range e.Fields {
		if f.Field == field {
			return f, true
		}
	}
	return FieldError{}, false
}

// Visible reports which fields of the form are shown given data: a field with
// [Field.ShowIf] is shown when the field it names is shown and its value
// matches. Conditions may only name earlier fields, so one pass suffices.
func (s *Service) Visible(data map[string]string) map[string]bool {
	vis := make(map[string]bool)
	for _, st := range s.Form() {
		for _, f := range st.Fields {
			vis[f.Name] = f.ShowIf == nil || f.ShowIf.holds(data, vis)
		}
	}
	return vis
}

func (c *Condition) holds(data map[string]string, vis map[string]bool) bool {
	if !vis[c.Field] {
		return false
	}
	v := strings.TrimSpace(data[c.Field])
	if c.Equals == "" {
		return v != "" && v != "false"
	}
	return v == c.Equals
}

// ValidateStep checks the fields of one step; today (Europe/Rome) anchors
// [DateRule]s. It returns nil or a [*ValidationError].
func (s *Service) ValidateStep(stepID string, data map[string]string, files []Attachment, today workday.Date) error {
	for _, st := range s.Form() {
		if st.ID == stepID {
			return s.validate([]Step{st}, data, files, today)
		}
	}
	return fmt.Errorf("instance: validate step %q: %w", stepID, ErrNotFound)
}

// ValidateForm checks every step, as submission does.
func (s *Service) ValidateForm(data map[string]string, files []Attachment, today workday.Date) error {
	return s.validate(s.Form(), data, files, today)
}

func (s *Service) validate(steps []Step, data map[string]string, files []Attachment, today workday.Date) error {
	vis := s.Visible(data)
	var errs []FieldError
	for _, st := range steps {
		for _, f := range st.Fields {
			if !vis[f.Name] {
				continue
			}
			if msg := f.check(data[f.Name], files, today); msg != "" {
				errs = append(errs, FieldError{Field: f.Name, Label: f.Label, Message: msg})
			}
		}
	}
	if errs == nil {
		return nil
	}
	return &ValidationError{Fields: errs}
}

// check returns the Italian message for an invalid value, or "".
func (f *Field) check(raw string, files []Attachment, today workday.Date) string {
	if f.Type == FieldFile {
		return f.checkFiles(files)
	}
	v := strings.TrimSpace(raw)
	if v == "" || (f.Type == FieldCheckbox && v == "false") {
		if f.Required {
			if f.Type == FieldCheckbox {
				return fmt.Sprintf("È necessario selezionare «%s».", f.Label)
			}
			return fmt.Sprintf("Il campo «%s» è obbligatorio.", f.Label)
		}
		return ""
	}
	invalid := fmt.Sprintf("Il campo «%s» non è valido.", f.Label)
	if max := f.maxLen(); utf8.RuneCountInString(v) > max {
		return fmt.Sprintf("Il campo «%s» supera i %d caratteri.", f.Label, max)
	}
	if f.Pattern != "" {
		re, err := fieldPattern(f.Pattern)
		if err != nil || !re.MatchString(v) {
			if f.PatternHint != "" {
				return fmt.Sprintf("Il campo «%s» non è valido: %s", f.Label, f.PatternHint)
			}
			return invalid
		}
	}
	switch f.Type {
	case FieldNumber:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Sprintf("Il campo «%s» deve essere un numero intero.", f.Label)
		}
		if (f.Min != nil && n < *f.Min) || (f.Max != nil && n > *f.Max) {
			return fmt.Sprintf("Il campo «%s» è fuori dall'intervallo consentito.", f.Label)
		}
	case FieldDate:
		d, err := workday.ParseDate(v)
		if err != nil {
			return fmt.Sprintf("Il campo «%s» deve essere una data (AAAA-MM-GG).", f.Label)
		}
		if f.DateRule == DatePast && d.After(today) {
			return fmt.Sprintf("Il campo «%s» non può essere una data futura.", f.Label)
		}
		if f.DateRule == DateFuture && d.Before(today) {
			return fmt.Sprintf("Il campo «%s» non può essere una data passata.", f.Label)
		}
	case FieldEmail:
		if !validEmail(v) {
			return fmt.Sprintf("Il campo «%s» non è un indirizzo e-mail valido.", f.Label)
		}
	case FieldPhone:
		if !phonePattern.MatchString(v) {
			return fmt.Sprintf("Il campo «%s» non è un numero di telefono valido.", f.Label)
		}
	case FieldFiscalCode:
		if fiscalcode.Validate(v) != nil {
			return fmt.Sprintf("Il campo «%s» non è un codice fiscale valido.", f.Label)
		}
	case FieldIBAN:
		if !ValidIBAN(v) {
			return fmt.Sprintf("Il campo «%s» non è un IBAN valido.", f.Label)
		}
	case FieldSelect:
		if !slices.ContainsFunc(f.Options, func(o Option) bool { return o.Value == v }) {
			return fmt.Sprintf("Il campo «%s» non contiene una scelta ammessa.", f.Label)
		}
	case FieldCheckbox:
		if v != "true" {
			return invalid
		}
	}
	return ""
}

func (f *Field) maxLen() int {
	switch {
	case f.MaxLen > 0:
		return f.MaxLen
	case f.Type == FieldTextArea:
		return 10000
	}
	return 2000
}

func (f *Field) checkFiles(files []Attachment) string {
	n := 0
	for _, a := range files {
		if a.Field != f.Name {
			continue
		}
		n++
		if len(f.Accept) > 0 && !slices.Contains(f.Accept, a.MIME) {
			return fmt.Sprintf("Il file «%s» del campo «%s» non è di un tipo ammesso.", a.Name, f.Label)
		}
		if f.MaxBytes > 0 && a.Size > f.MaxBytes {
			return fmt.Sprintf("Il file «%s» del campo «%s» supera la dimensione massima.", a.Name, f.Label)
		}
	}
	if n == 0 && f.Required {
		return fmt.Sprintf("Il campo «%s» è obbligatorio: allegare un file.", f.Label)
	}
	if n > max(f.MaxFiles, 1) {
		return fmt.Sprintf("Il campo «%s» ammette al massimo %d file.", f.Label, max(f.MaxFiles, 1))
	}
	return ""
}

// patternCache holds the compiled, anchored [Field.Pattern]s. Patterns come
// from service definitions, so it stays small; it stops growing at
// maxCachedPatterns all the same.
var patternCache struct {
	sync.Map
	n atomic.Int64
}

const maxCachedPatterns = 4096

// fieldPattern compiles a field's pattern anchored at both ends, once.
func fieldPattern(p string) (*regexp.Regexp, error) {
	if re, ok := patternCache.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(`^(?:` + p + `)$`)
	if err != nil {
		return nil, err
	}
	if patternCache.n.Load() < maxCachedPatterns {
		if _, loaded := patternCache.LoadOrStore(p, re); !loaded {
			patternCache.n.Add(1)
		}
	}
	return re, nil
}

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ]{5,19}$`)

func validEmail(v string) bool {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return false
	}
	at := strings.LastIndexByte(v, '@')
	return at > 0 && strings.Contains(v[at+1:], ".")
}

// ibanLengths holds the IBAN length of the countries citizens most often
// use; other countries are checked for the generic 15–34 bounds.
var ibanLengths = map[string]int{"IT": 27, "SM": 27, "VA": 22, "DE": 22, "FR": 27, "ES": 24, "AT": 20, "BE": 16, "CH": 21, "GB": 22, "NL": 18, "PT": 25}

// ValidIBAN reports whether s (spaces allowed, any case) is an IBAN with a
// valid ISO 7064 mod-97 check and, for known countries, the right length.
func ValidIBAN(s string) bool {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	if n, ok := ibanLengths[s[:2]]; ok && len(s) != n {
		return false
	}
	if s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' || s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9' {
		return false
	}
	r := 0
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			r = (r*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return r == 1
}
