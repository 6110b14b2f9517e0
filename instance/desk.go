package instance

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/workday"
)

// Config configures a [Desk]. Store, Municipality and Services are required;
// the rest have zero-value defaults.
type Config struct {
	// Municipality is the Comune's fiscal code (11 digits); every application
	// carries it.
	Municipality string
	// Services is the catalogue; each must pass [Service.Validate].
	Services []*Service
	Store    Store
	// Blobs stores attachments; nil means a [MemoryBlobStore].
	Blobs BlobStore
	// Protocol registers documents of services that require it; nil leaves
	// such applications in their *_pending and submitted states until the
	// host registers them and calls Do with ActionRegister or
	// ActionRegisterOutcome.
	Protocol Protocol
	// Dossiers files submitted applications; nil means an [Archive] with
	// [DossierPerApplication].
	Dossiers Dossiers
	// Clock is the legal clock's policy; the zero value is the default.
	Clock Clock
	// Now defaults to time.Now.
	Now func() time.Time
	// NewID generates application IDs; nil means 26 random base32 characters.
	NewID func() string
	// OnEvent, if set, is called after each committed event (best effort:
	// the outbox is the reliable channel, and the only one that carries the
	// event's Seq). It must not block.
	OnEvent func(Event)
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// Desk is the online services desk: the catalogue, the wizard, the state
// machine with its protocol and dossier side effects, communications and the
// deadline sweep, over a [Store]. It is safe for concurrent use.
type Desk struct {
	cfg      Config
	services map[string]*Service
}

// New validates cfg and returns a Desk.
func New(cfg Config) (*Desk, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("instance: new: store required: %w", ErrConfig)
	}
	if err := fiscalcode.ValidateOrganization(cfg.Municipality); err != nil {
		return nil, fmt.Errorf("instance: new: municipality fiscal code: %w: %w", err, ErrConfig)
	}
	d := &Desk{cfg: cfg, services: make(map[string]*Service, len(cfg.Services))}
	for _, s := range cfg.Services {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("instance: new: %w: %w", err, ErrConfig)
		}
		if _, dup := d.services[s.ID]; dup {
			return nil, fmt.Errorf("instance: new: service %q twice: %w", s.ID, ErrConfig)
		}
		d.services[s.ID] = s
	}
	if d.cfg.Now == nil {
		d.cfg.Now = time.Now
	}
	if d.cfg.Blobs == nil {
		d.cfg.Blobs = NewMemoryBlobStore()
	}
	if d.cfg.Dossiers == nil {
		d.cfg.Dossiers = NewArchive(DossierPerApplication, d.cfg.Now)
	}
	if d.cfg.NewID == nil {
		d.cfg.NewID = rand.Text
	}
	if d.cfg.Logger == nil {
		d.cfg.Logger = slog.Default()
	}
	return d, nil
}

// Service returns a catalogue entry.
func (d *Desk) Service(id string) (*Service, error) {
	s, ok := d.services[id]
	if !ok {
		return nil, fmt.Errorf("instance: service %q: %w", id, ErrNotFound)
	}
	return s, nil
}

// Services returns the catalogue sorted by category and title; with a
// non-empty category, only that category's services.
func (d *Desk) Services(category Category) []*Service {
	var out []*Service
	for _, s := range d.services {
		if category == "" || s.Category == category {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *Service) int {
		return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Title, b.Title))
	})
	return out
}

// Get returns an application.
func (d *Desk) Get(ctx context.Context, id string) (*Application, error) {
	return d.cfg.Store.Get(ctx, id)
}

// List is the citizen's "Elenco pratiche", restricted to the desk's Comune.
func (d *Desk) List(ctx context.Context, q CitizenQuery) (Page, error) {
	q.Municipality = d.cfg.Municipality
	return d.cfg.Store.ListByCitizen(ctx, q)
}

// Worklist is an office's worklist in the desk's Comune, with the deadline
// buckets anchored to the desk's clock (Today, NearDays) unless q sets them.
func (d *Desk) Worklist(ctx context.Context, q WorklistQuery) (Page, error) {
	q.Municipality = d.cfg.Municipality
	if q.Today.IsZero() {
		q.Today = workday.DateOf(d.cfg.Now())
	}
	if q.NearDays == 0 {
		q.NearDays = d.cfg.Clock.Near()
	}
	return d.cfg.Store.Worklist(ctx, q)
}

// Events returns an application's history.
func (d *Desk) Events(ctx context.Context, id string) ([]Event, error) {
	return d.cfg.Store.Events(ctx, id)
}

// Timing returns an application's legal clock now.
func (d *Desk) Timing(app *Application) Timing {
	svc, err := d.Service(app.ServiceID)
	if err != nil {
		return Timing{}
	}
	return d.cfg.Clock.Timing(app, svc, d.cfg.Now())
}

// update runs fn in a store update and publishes the event it returns.
func (d *Desk) update(ctx context.Context, id string, version int64, fn func(*Application) (Event, error)) (*Application, error) {
	var ev Event
	app, err := d.cfg.Store.Update(ctx, id, version, func(a *Application) (Event, error) {
		var err error
		ev, err = fn(a)
		return ev, err
	})
	if err != nil {
		return nil, err
	}
	ev.ApplicationID, ev.Version = app.ID, app.Version
	d.publish(ev)
	return app, nil
}

func (d *Desk) publish(ev Event) {
	if d.cfg.OnEvent != nil {
		d.cfg.OnEvent(ev)
	}
}

// Do applies a transition (see [Rules]). When the desk has a [Protocol] and the
// service requires it, Do registers the document the action carries (an
// integration request, a notice, observations) in the same change, and then
// what the new state waits for: the integration reply, or the outcome
// document after an accept or reject, so that the application reaches its
// final state. A protocol failure leaves the application waiting
// ([BucketToRegister]) for [Desk.Sweep] to retry; with a nil Registration,
// ActionRegister and ActionRegisterOutcome retry at once.
func (d *Desk) Do(ctx context.Context, id string, version int64, cmd Command) (*Application, error) {
	if cmd.Action == ActionSubmit {
		return nil, fmt.Errorf("instance: submit %s through Desk.Submit, which validates the form: %w", id, ErrTransition)
	}
	app, svc, err := d.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if cmd.At.IsZero() {
		cmd.At = d.cfg.Now()
	}
	if app, err = d.apply(ctx, app, svc, version, cmd); err != nil {
		return nil, err
	}
	return d.followUp(ctx, app, svc), nil
}

// load returns an application and its service.
func (d *Desk) load(ctx context.Context, id string) (*Application, *Service, error) {
	app, err := d.cfg.Store.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	svc, err := d.Service(app.ServiceID)
	if err != nil {
		return nil, nil, err
	}
	return app, svc, nil
}
