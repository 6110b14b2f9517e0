package instance

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/siopi/siopi/workday"
)

// Title is a title of the 2005 classification plan (titolario) for Comuni.
type Title int

// The fourteen titles of the Comuni titolario.
const (
	TitleGeneral    Title = iota + 1 // I Amministrazione generale
	TitleGovernment                  // II Organi di governo, gestione, controllo, consulenza e garanzia
	TitleStaff                       // III Risorse umane
	TitleFinance                     // IV Risorse finanziarie e patrimoniali
	TitleLegal                       // V Affari legali
	TitleTerritory                   // VI Pianificazione e gestione del territorio
	TitlePersonal                    // VII Servizi alla persona
	TitleEconomy                     // VIII Attività economiche
	TitlePolice                      // IX Polizia locale e sicurezza pubblica
	TitleHealth                      // X Tutela della salute
	TitleDemography                  // XI Servizi demografici
	TitleElections                   // XII Elezioni ed iniziative popolari
	TitleMilitary                    // XIII Affari militari
	TitleOther                       // XIV Oggetti diversi
)

var titleNames = [...]string{"", "Amministrazione generale", "Organi di governo, gestione, controllo, consulenza e garanzia",
	"Risorse umane", "Risorse finanziarie e patrimoniali", "Affari legali", "Pianificazione e gestione del territorio",
	"Servizi alla persona", "Attività economiche", "Polizia locale e sicurezza pubblica", "Tutela della salute",
	"Servizi demografici", "Elezioni ed iniziative popolari", "Affari militari", "Oggetti diversi"}

var romans = [...]string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"}

// Valid reports whether t is one of the fourteen titles.
func (t Title) Valid() bool { return t >= TitleGeneral && t <= TitleOther }

// Roman is the title's numeral ("VII").
func (t Title) Roman() string {
	if !t.Valid() {
		return "?"
	}
	return romans[t]
}

// Name is the title's Italian name.
func (t Title) Name() string {
	if !t.Valid() {
		return ""
	}
	return titleNames[t]
}

// Classification is a position in the titolario: title and class, with the
// class's label ("VII/4 Diritto allo studio e servizi").
type Classification struct {
	Title Title
	Class int
	Label string
}

// Valid reports whether the classification names a title and a class.
func (c Classification) Valid() bool { return c.Title.Valid() && c.Class > 0 && c.Class < 100 }

// String formats the classification as title/class, e.g. "VI/2".
func (c Classification) String() string { return fmt.Sprintf("%s/%d", c.Title.Roman(), c.Class) }

// DossierPolicy says how applications are grouped into dossiers (fascicoli).
type DossierPolicy int

// Dossier policies.
const (
	// DossierPerApplication opens one dossier per application: the
	// procedimento amministrativo dossier of CAD art. 41 (the default).
	DossierPerApplication DossierPolicy = iota
	// DossierPerServiceYear files all of a service's applications of a year in
	// one dossier, as OpenCity does.
	DossierPerServiceYear
)

// Dossier is a fascicolo: its identifier "2026-VII/4.12" is year,
// classification and a number progressive within them.
type Dossier struct {
	ID             string
	Year           int
	Number         int // progressive within year and classification ("0000051")
	Classification Classification
	Subject        string
	Office         string
	OpenedAt       time.Time
	ClosedAt       time.Time
	// Scope is the policy that opened it: a per-application dossier closes
	// with its application's decision and opens again if it is reopened.
	Scope DossierPolicy
}

// Open reports whether the dossier is still open ("APERTO").
func (d Dossier) Open() bool { return d.ClosedAt.IsZero() }

// Dossiers files applications in dossiers. Implementations must be safe for
// concurrent use and return the same dossier for the same service and year
// under [DossierPerServiceYear].
type Dossiers interface {
	File(ctx context.Context, app *Application, svc *Service) (Dossier, error)
}

// Archive is the built-in, in-memory [Dossiers].
type Archive struct {
	policy DossierPolicy
	now    func() time.Time
	mu     sync.Mutex
	next   map[string]int     // "year-class" → last number
	byKey  map[string]string  // "service/year" → dossier ID (per service and year)
	byID   map[string]Dossier // every dossier opened, by ID
}

var _ Dossiers = (*Archive)(nil)

// NewArchive returns an empty archive; now defaults to time.Now.
func NewArchive(policy DossierPolicy, now func() time.Time) *Archive {
	if now == nil {
		now = time.Now
	}
	return &Archive{policy: policy, now: now, next: make(map[string]int), byKey: make(map[string]string), byID: make(map[string]Dossier)}
}

// File returns the dossier for app, opening it if needed.
func (a *Archive) File(ctx context.Context, app *Application, svc *Service) (Dossier, error) {
	if err := ctx.Err(); err != nil {
		return Dossier{}, fmt.Errorf("instance: file dossier: %w", err)
	}
	if !svc.Classification.Valid() {
		return Dossier{}, fmt.Errorf("instance: file dossier: service %s has no classification: %w", svc.ID, ErrConfig)
	}
	now := a.now()
	year := workday.DateOf(now).Year
	a.mu.Lock()
	defer a.mu.Unlock()
	key := fmt.Sprintf("%s/%d", svc.ID, year)
	if a.policy == DossierPerServiceYear {
		if id, ok := a.byKey[key]; ok {
			return a.byID[id], nil
		}
	}
	c := svc.Classification
	seq := fmt.Sprintf("%d-%s", year, c)
	a.next[seq]++
	n := a.next[seq]
	d := Dossier{
		ID: fmt.Sprintf("%d-%s.%d", year, c, n), Year: year, Number: n, Classification: c,
		Subject: svc.Title, Office: svc.Office, OpenedAt: now.UTC(), Scope: a.policy,
	}
	if a.policy == DossierPerServiceYear {
		a.byKey[key] = d.ID
	} else {
		d.Subject = svc.Title + " - " + app.ID
	}
	a.byID[d.ID] = d
	return d, nil
}
