package instance

// Step is one page of the wizard (C.SE.1.8: steps visible throughout, with
// back navigation). The brochure's four are [DefaultSteps].
type Step struct {
	// ID is unique within the service ("conditions", "applicant").
	ID string
	// Title is shown in the step indicator ("Dati richiedente").
	Title string
	// Fields are the step's inputs, in display order.
	Fields []Field
}

// Step identifiers of the brochure's four default steps.
const (
	StepConditions  = "conditions"
	StepApplicant   = "applicant"
	StepBeneficiary = "beneficiary"
	StepDocuments   = "documents"
)

// FieldType is a field's kind, which fixes how its value is validated.
type FieldType string

// Field types.
const (
	FieldText       FieldType = "text"
	FieldTextArea   FieldType = "textarea"
	FieldNumber     FieldType = "number" // an integer
	FieldDate       FieldType = "date"   // YYYY-MM-DD
	FieldEmail      FieldType = "email"
	FieldPhone      FieldType = "phone"
	FieldFiscalCode FieldType = "fiscal_code" // a person's codice fiscale (strict)
	FieldIBAN       FieldType = "iban"        // ISO 13616, mod-97
	FieldSelect     FieldType = "select"      // one of Options
	FieldCheckbox   FieldType = "checkbox"    // "true" when ticked; Required means it must be ticked
	FieldFile       FieldType = "file"        // attachments, see Accept and MaxBytes
)

// Field is one input. Labels and messages are Italian, for citizens.
type Field struct {
	// Name is the key of the value, unique within the service.
	Name string
	// Label is shown to the citizen and names the field in errors.
	Label string
	Type  FieldType
	// Help is an optional hint under the input.
	Help     string
	Required bool
	// Pattern is a regular expression (RE2, anchored by the validator) the
	// value must match; PatternHint explains it in Italian.
	Pattern     string
	PatternHint string
	// MaxLen caps text length in characters; zero means 2000 (textarea 10000).
	MaxLen int
	// Min and Max bound numbers; for dates, "past" forbids future dates and
	// "future" forbids past ones through DateRule.
	Min, Max *int64
	DateRule DateRule
	// Options are the choices of a select.
	Options []Option
	// Accept lists MIME types a file field takes ("application/pdf");
	// MaxBytes caps each file; MaxFiles caps how many (zero = 1).
	Accept   []string
	MaxBytes int64
	MaxFiles int
	// ShowIf makes the field conditional: it is shown, required and validated
	// only when the condition holds; otherwise its value is dropped.
	ShowIf *Condition
	// Prefill fills the field from the logged-in [Applicant] (C.SE.1.5).
	Prefill Prefill
}

// Option is a choice of a select field.
type Option struct {
	Value string
	Label string
}

// Condition holds when Field has a value, or exactly Equals when it is set.
type Condition struct {
	Field  string
	Equals string
}

// DateRule restricts a date relative to today (Europe/Rome).
type DateRule string

// Date rules.
const (
	DateAny    DateRule = ""
	DatePast   DateRule = "past"   // today or earlier (a birth date)
	DateFuture DateRule = "future" // today or later (an occupation's start)
)

// Prefill names an [Applicant] attribute that fills a field.
type Prefill string

// Prefill keys.
const (
	PrefillNone       Prefill = ""
	PrefillFiscalCode Prefill = "fiscal_code"
	PrefillGivenName  Prefill = "given_name"
	PrefillFamilyName Prefill = "family_name"
	PrefillEmail      Prefill = "email"
	PrefillPhone      Prefill = "phone"
	PrefillBirthDate  Prefill = "birth_date"
	PrefillBirthPlace Prefill = "birth_place"
	PrefillAddress    Prefill = "address"
	PrefillIBAN       Prefill = "iban"
)

// Names of the fields in [DefaultSteps], which other code may rely on.
const (
	FieldPrivacy            = "privacy"
	FieldTruthfulness       = "dichiarazione_445"
	FieldApplicantCode      = "richiedente_codice_fiscale"
	FieldApplicantGiven     = "richiedente_nome"
	FieldApplicantFamily    = "richiedente_cognome"
	FieldApplicantEmail     = "richiedente_email"
	FieldApplicantPhone     = "richiedente_telefono"
	FieldBeneficiaryIsOther = "beneficiario_diverso"
	FieldBeneficiaryCode    = "beneficiario_codice_fiscale"
	FieldBeneficiaryGiven   = "beneficiario_nome"
	FieldBeneficiaryFamily  = "beneficiario_cognome"
	FieldNotes              = "note"
)

// DefaultSteps returns the brochure's four steps: 1/4 Condizioni uso servizio
// (privacy and DPR 445/2000 declarations), 2/4 Dati richiedente (prefilled),
// 3/4 Dati beneficiario (conditional on a different beneficiary), 4/4
// Documentazione e invio. Services append fields to them or replace them.
func DefaultSteps() []Step {
	yes := &Condition{Field: FieldBeneficiaryIsOther, Equals: "true"}
	return []Step{
		{ID: StepConditions, Title: "Condizioni uso servizio", Fields: []Field{
			{Name: FieldPrivacy, Type: FieldCheckbox, Required: true,
				Label: "Ho preso visione dell'informativa sul trattamento dei dati personali (art. 13 Reg. UE 2016/679) e ne accetto le condizioni"},
			{Name: FieldTruthfulness, Type: FieldCheckbox, Required: true,
				Label: "Dichiaro di essere consapevole delle sanzioni penali per dichiarazioni mendaci (artt. 75 e 76 D.P.R. 445/2000)"},
		}},
		{ID: StepApplicant, Title: "Dati richiedente", Fields: []Field{
			{Name: FieldApplicantCode, Label: "Codice fiscale", Type: FieldFiscalCode, Required: true, Prefill: PrefillFiscalCode},
			{Name: FieldApplicantGiven, Label: "Nome", Type: FieldText, Required: true, MaxLen: 100, Prefill: PrefillGivenName},
			{Name: FieldApplicantFamily, Label: "Cognome", Type: FieldText, Required: true, MaxLen: 100, Prefill: PrefillFamilyName},
			{Name: FieldApplicantEmail, Label: "Indirizzo e-mail", Type: FieldEmail, Required: true, Prefill: PrefillEmail},
			{Name: FieldApplicantPhone, Label: "Telefono", Type: FieldPhone, Prefill: PrefillPhone},
		}},
		{ID: StepBeneficiary, Title: "Dati beneficiario", Fields: []Field{
			{Name: FieldBeneficiaryIsOther, Label: "Il beneficiario è una persona diversa dal richiedente", Type: FieldCheckbox},
			{Name: FieldBeneficiaryCode, Label: "Codice fiscale del beneficiario", Type: FieldFiscalCode, Required: true, ShowIf: yes},
			{Name: FieldBeneficiaryGiven, Label: "Nome del beneficiario", Type: FieldText, Required: true, MaxLen: 100, ShowIf: yes},
			{Name: FieldBeneficiaryFamily, Label: "Cognome del beneficiario", Type: FieldText, Required: true, MaxLen: 100, ShowIf: yes},
		}},
		{ID: StepDocuments, Title: "Documentazione e invio", Fields: []Field{
			{Name: FieldNotes, Label: "Note", Type: FieldTextArea, MaxLen: 2000},
		}},
	}
}

// WithFields returns steps with fields appended to the step with ID stepID.
func WithFields(steps []Step, stepID string, fields ...Field) []Step {
	out := make([]Step, len(steps))
	for i, s := range steps {
		s.Fields = append([]Field(nil), s.Fields...)
		if s.ID == stepID {
			s.Fields = append(s.Fields, fields...)
		}
		out[i] = s
	}
	return out
}

// Form returns the service's steps, [DefaultSteps] when it declares none.
func (s *Service) Form() []Step {
	if s.Steps == nil {
		return DefaultSteps()
	}
	return s.Steps
}

// Field finds a field by name.
func (s *Service) Field(name string) (Field, bool) {
	for _, st := range s.Form() {
		for _, f := range st.Fields {
			if f.Name == name {
				return f, true
			}
		}
	}
	return Field{}, false
}
