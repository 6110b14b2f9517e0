package instance

import (
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/siopi/siopi/workday"
)

var (
	slugPattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	fieldNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	// taxonomyPattern is the pagoPA collection taxonomy code (tassonomia dei
	// servizi di incasso): prefix, entity type, macro-area, service type and
	// legal reason, as pagopa.md §5.1 gives it ("9/0101101IM/").
	taxonomyPattern = regexp.MustCompile(`^[0-9]/\d{2}\d{2}\d{3}(IM|TS|SP|SA|AP)/$`)
)

var fieldTypes = map[FieldType]bool{
	FieldText: true, FieldTextArea: true, FieldNumber: true, FieldDate: true, FieldEmail: true, FieldPhone: true,
	FieldFiscalCode: true, FieldIBAN: true, FieldSelect: true, FieldCheckbox: true, FieldFile: true,
}

// Validate checks the definition: identifiers, category, office, the legal
// term (at most 180 days; a term other than the default needs its legal
// source), suspension cap (at most 30 days), payment (an upfront payment
// needs an amount; any payment needs a pagoPA taxonomy code), classification
// when the protocol is required, the form (unique names, known types,
// patterns that compile, options for selects, type and size limits for files,
// conditions that name earlier fields) and the notice templates. The error
// wraps [ErrInvalid] and lists every problem.
func (s *Service) Validate() error {
	var p problems
	p.check(slugPattern.MatchString(s.ID), "ID %q is not a slug", s.ID)
	p.check(strings.TrimSpace(s.Title) != "", "title is empty")
	p.check(s.Category.Label() != "", "category %q is not a Modello Comuni category", s.Category)
	p.check(strings.TrimSpace(s.Office) != "", "office is empty")
	p.check(s.Access >= AccessAnonymous && s.Access <= AccessCIE, "access level %d is unknown", s.Access)
	p.check(s.TermDays >= 0 && s.TermDays <= MaxTermDays, "term %d days is outside 0–%d", s.TermDays, MaxTermDays)
	p.check(s.TermDays == 0 || s.TermDays == DefaultTermDays || strings.TrimSpace(s.LegalSource) != "",
		"a term of %d days needs its legal source", s.TermDays)
	p.check(s.Suspension.MaxDays >= 0 && s.Suspension.MaxDays <= MaxSuspensionDays,
		"suspension cap %d days is outside 0–%d (art. 2 c.7)", s.Suspension.MaxDays, MaxSuspensionDays)
	switch s.Payment.Mode {
	case PaymentNone:
		p.check(s.Payment.Amount == 0, "amount without a payment mode")
	case PaymentUpfront, PaymentDeferred:
		p.check(s.Payment.Amount > 0 || s.Payment.Mode == PaymentDeferred, "an upfront payment needs an amount")
		p.check(s.Payment.Amount >= 0, "negative amount")
		p.check(taxonomyPattern.MatchString(s.Payment.Taxonomy), "taxonomy code %q is not a pagoPA taxonomy code", s.Payment.Taxonomy)
	default:
		p.add("payment mode %d is unknown", s.Payment.Mode)
	}
	p.check(!s.ProtocolRequired || s.Classification.Valid(), "the protocol needs a titolario classification")
	p.check(s.Classification == (Classification{}) || s.Classification.Valid(), "classification %s is invalid", s.Classification)
	p.check(s.Window.From.IsZero() || s.Window.To.IsZero() || s.Window.From.Before(s.Window.To), "window ends before it opens")
	s.validateSteps(&p)
	for st, text := range s.Notices {
		p.check(st.Valid(), "notice for unknown state %q", st)
		if _, err := template.New(string(st)).Option("missingkey=error").Parse(text); err != nil {
			p.add("notice for %s: %v", st, err)
		}
	}
	if len(p) > 0 {
		return fmt.Errorf("instance: service %q: %s: %w", s.ID, strings.Join(p, "; "), ErrInvalid)
	}
	return nil
}

func (s *Service) validateSteps(p *problems) {
	steps := s.Form()
	p.check(len(steps) > 0, "the form has no steps")
	stepIDs, seen := map[string]bool{}, map[string]bool{}
	for _, st := range steps {
		p.check(st.ID != "" && !stepIDs[st.ID], "step ID %q is empty or repeated", st.ID)
		p.check(strings.TrimSpace(st.Title) != "", "step %q has no title", st.ID)
		stepIDs[st.ID] = true
		for _, f := range st.Fields {
			p.check(fieldNamePattern.MatchString(f.Name) && !seen[f.Name], "field name %q is invalid or repeated", f.Name)
			p.check(strings.TrimSpace(f.Label) != "", "field %q has no label", f.Name)
			p.check(fieldTypes[f.Type], "field %q has unknown type %q", f.Name, f.Type)
			if f.Pattern != "" {
				_, err := fieldPattern(f.Pattern)
				p.check(err == nil, "field %q: pattern does not compile", f.Name)
			}
			p.check(f.Type != FieldSelect || len(f.Options) > 0, "select %q has no options", f.Name)
			p.check(f.Type != FieldFile || (len(f.Accept) > 0 && f.MaxBytes > 0), "file field %q needs Accept and MaxBytes", f.Name)
			p.check(f.Min == nil || f.Max == nil || *f.Min <= *f.Max, "field %q: Min > Max", f.Name)
			p.check(f.DateRule == DateAny || f.DateRule == DatePast || f.DateRule == DateFuture, "field %q: unknown date rule", f.Name)
			if f.ShowIf != nil {
				p.check(seen[f.ShowIf.Field], "field %q is conditional on %q, which is not an earlier field", f.Name, f.ShowIf.Field)
			}
			seen[f.Name] = true
		}
	}
}

type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p *problems) check(ok bool, format string, args ...any) {
	if !ok {
		p.add(format, args...)
	}
}

// NoticeData is what a notice template sees.
type NoticeData struct {
	Service     string // the service's title
	Application string // the application's ID
	Applicant   string // full name
	State       string // the internal state's label
	Status      Status
	Protocol    string // "0000242/2019", if registered
	Deadline    string // DD/MM/YYYY, if running
	Reason      string
	Late        string // the art. 2 c.9-quinquies statement, if late
}

// Notice renders the message template for the application's current state,
// if the service has one.
func (s *Service) Notice(app *Application, t Timing) (string, bool, error) {
	text, ok := s.Notices[app.State]
	if !ok {
		return "", false, nil
	}
	tpl, err := template.New(string(app.State)).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", false, fmt.Errorf("instance: notice %s: %v: %w", app.State, err, ErrInvalid)
	}
	d := NoticeData{
		Service: s.Title, Application: app.ID, Applicant: app.Applicant.FullName(), State: app.State.Label(),
		Status: app.Status(), Reason: app.Reason, Late: t.LateStatement(s.Source()),
	}
	if r, ok := app.Protocol(); ok {
		d.Protocol = r.String()
	}
	if t.Running() && t.Deadline != (workday.Date{}) {
		d.Deadline = formatDate(t.Deadline)
	}
	var b strings.Builder
	if err := tpl.Execute(&b, d); err != nil {
		return "", false, fmt.Errorf("instance: notice %s: %v: %w", app.State, err, ErrInvalid)
	}
	return b.String(), true, nil
}
