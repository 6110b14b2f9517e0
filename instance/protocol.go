package instance

import (
	"context"
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/siopi/siopi/workday"
)

// Direction is a document's flow in the protocol register.
type Direction string

// Directions (DPR 445/2000; Linee guida Allegato 5: E/U/I).
const (
	Incoming Direction = "E" // entrata: from the citizen
	Outgoing Direction = "U" // uscita: from the office
	Internal Direction = "I"
)

// DocumentKind says which document of the procedure a registration is for.
type DocumentKind string

// Document kinds an application's registrations record.
const (
	DocApplication        DocumentKind = "application"
	DocIntegrationRequest DocumentKind = "integration_request"
	DocIntegrationReply   DocumentKind = "integration_reply"
	DocRejectionNotice    DocumentKind = "rejection_notice"
	DocObservations       DocumentKind = "observations"
	DocOutcome            DocumentKind = "outcome"
	DocMessage            DocumentKind = "message"
)

// Registration is a protocol registration (DPR 445/2000 art. 53): a number
// progressive within the year, the date, the AOO and the document's hash.
type Registration struct {
	Number        int64
	Year          int
	Date          time.Time // the registration instant, UTC
	AOO           string
	Register      string // the register's code
	Direction     Direction
	Kind          DocumentKind
	Subject       string
	Correspondent string
	SHA256        string // the document's impronta, hex
	// Attachments are the impronte (hex SHA-256) of the document's
	// attachments (allegati), in order.
	Attachments []string
	Segnatura   string // the signature block (XML)
}

// String is the number as the brochure prints it: "0000242/2019".
func (r Registration) String() string { return fmt.Sprintf("%07d/%d", r.Number, r.Year) }

// ProtocolRequest is a document to register.
type ProtocolRequest struct {
	Direction     Direction
	Kind          DocumentKind
	Subject       string
	Correspondent string // sender (incoming) or recipient (outgoing)
	SHA256        string // hex SHA-256 of the document; required
	// Attachments are the hex SHA-256 of the document's attachments, which
	// the registration records beside the document's own impronta.
	Attachments   []string
	ApplicationID string
}

// Protocol registers documents. Implementations are the built-in
// [ProtocolRegister] or adapters to a Comune's protocol system (PiTRE, PEC...);
// they must be safe for concurrent use and never reuse a number.
type Protocol interface {
	// Register assigns the next number to a document.
	Register(ctx context.Context, req ProtocolRequest) (Registration, error)
	// Cancel annuls a registration with a reason (DPR 445/2000 art. 54: a
	// registration is never edited or removed, only cancelled). The [Desk]
	// cancels a registration when the change that would record it on the
	// application fails, so that no number is left unexplained.
	Cancel(ctx context.Context, reg Registration, reason string) error
}

// RegisterConfig configures a [ProtocolRegister].
type RegisterConfig struct {
	// Administration is the IPA code of the administration ("c_h501"); required.
	Administration string
	// AOO is the code of the homogeneous organisational area; required.
	AOO string
	// Register is the register's code; zero means "REG_PROT".
	Register string
	// Now defaults to time.Now.
	Now func() time.Time
}

// ProtocolRegister is the built-in protocol register: numbers are progressive
// and restart at 1 each calendar year in Europe/Rome (DPR 445/2000 art. 57);
// entries are never edited, only cancelled with a reason. It is safe for
// concurrent use. It keeps entries in memory: a persistent deployment wraps
// a database sequence behind [Protocol] instead.
type ProtocolRegister struct {
	cfg     RegisterConfig
	mu      sync.Mutex
	last    map[int]int64
	entries []Entry
}

// Entry is a register line: the registration and, if cancelled, why.
type Entry struct {
	Registration
	Cancelled    time.Time
	CancelReason string
}

var _ Protocol = (*ProtocolRegister)(nil)

var codePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)

// NewProtocolRegister validates cfg and returns an empty register.
func NewProtocolRegister(cfg RegisterConfig) (*ProtocolRegister, error) {
	cfg, err := cfg.Check()
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &ProtocolRegister{cfg: cfg, last: make(map[int]int64)}, nil
}

// Check validates the codes of c and returns it with Register defaulted to
// "REG_PROT"; Now is left to the register. Every [Protocol] built on a
// RegisterConfig (this package's and sqlstore's) checks it the same way.
func (c RegisterConfig) Check() (RegisterConfig, error) {
	if !codePattern.MatchString(c.Administration) || !codePattern.MatchString(c.AOO) {
		return c, fmt.Errorf("instance: protocol register: administration and AOO codes required: %w", ErrConfig)
	}
	if c.Register == "" {
		c.Register = "REG_PROT"
	}
	if !codePattern.MatchString(c.Register) {
		return c, fmt.Errorf("instance: protocol register: register code %q: %w", c.Register, ErrConfig)
	}
	return c, nil
}

// Validate checks a request as every [Protocol] must before numbering it: a
// subject, the document's hex SHA-256 and a known direction.
func (r ProtocolRequest) Validate() error {
	if !sha256Pattern.MatchString(r.SHA256) || strings.TrimSpace(r.Subject) == "" {
		return fmt.Errorf("instance: protocol: subject and SHA-256 required: %w", ErrRequirement)
	}
	switch r.Direction {
	case Incoming, Outgoing, Internal:
		return nil
	default:
		return fmt.Errorf("instance: protocol: direction %q: %w", r.Direction, ErrInvalid)
	}
}

// NewRegistration returns the registration of req with number in the
// register c describes, made at now (its year is the civil year in
// Europe/Rome), with its Segnatura.
func (c RegisterConfig) NewRegistration(req ProtocolRequest, number int64, now time.Time) Registration {
	r := Registration{
		Number: number, Year: workday.DateOf(now).Year, Date: now.UTC(), AOO: c.AOO, Register: c.Register,
		Direction: req.Direction, Kind: req.Kind, Subject: req.Subject, Correspondent: req.Correspondent,
		SHA256: req.SHA256, Attachments: slices.Clone(req.Attachments),
	}
	r.Segnatura = segnatura(c.Administration, r)
	return r
}

// Register assigns the next number of the current year.
func (p *ProtocolRegister) Register(ctx context.Context, req ProtocolRequest) (Registration, error) {
	if err := ctx.Err(); err != nil {
		return Registration{}, fmt.Errorf("instance: protocol: %w", err)
	}
	if err := req.Validate(); err != nil {
		return Registration{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.cfg.Now()
	year := workday.DateOf(now).Year
	p.last[year]++
	r := p.cfg.NewRegistration(req, p.last[year], now)
	p.entries = append(p.entries, Entry{Registration: r})
	return r, nil
}

// Cancel marks a registration cancelled with a reason; the entry stays.
func (p *ProtocolRegister) Cancel(ctx context.Context, reg Registration, reason string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("instance: protocol cancel: %w", err)
	}
	year, number := reg.Year, reg.Number
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("instance: protocol cancel: reason required: %w", ErrRequirement)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.entries {
		e := &p.entries[i]
		if e.Year == year && e.Number == number {
			if !e.Cancelled.IsZero() {
				return fmt.Errorf("instance: protocol cancel %07d/%d: already cancelled: %w", number, year, ErrConflict)
			}
			e.Cancelled, e.CancelReason = p.cfg.Now().UTC(), reason
			return nil
		}
	}
	return fmt.Errorf("instance: protocol cancel %07d/%d: %w", number, year, ErrNotFound)
}

// Entries returns the register's lines of a year (the daily register's source).
func (p *ProtocolRegister) Entries(year int) []Entry {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Entry
	for _, e := range p.entries {
		if e.Year == year {
			out = append(out, e)
		}
	}
	return slices.Clip(out)
}

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// segnatura renders the minimum signature block (DPR 445/2000 art. 55: code
// of the administration and the AOO, number, date) in the shape of the Linee
// guida's Allegato 6 Segnatura.
func segnatura(admin string, r Registration) string {
	type id struct {
		Amministrazione string `xml:"CodiceAmministrazione"`
		AOO             string `xml:"CodiceAOO"`
		Registro        string `xml:"CodiceRegistro"`
		Numero          string `xml:"NumeroRegistrazione"`
		Data            string `xml:"DataRegistrazione"`
	}
	type seg struct {
		XMLName xml.Name `xml:"Segnatura"`
		ID      id       `xml:"Intestazione>Identificatore"`
		Flusso  string   `xml:"Intestazione>Flusso"`
		Oggetto string   `xml:"Intestazione>Oggetto"`
		Hash    string   `xml:"Descrizione>Documento>Impronta"`
	}
	b, _ := xml.Marshal(seg{
		ID: id{admin, r.AOO, r.Register, fmt.Sprintf("%07d", r.Number),
			workday.DateOf(r.Date).String()},
		Flusso: string(r.Direction), Oggetto: r.Subject, Hash: r.SHA256,
	})
	return string(b)
}
