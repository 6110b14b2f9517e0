package instance

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
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
// integration request or reply, a notice, observations) and, after an accept
// or reject, the outcome document, so that the application reaches its final
// state; a protocol failure leaves it in the *_pending state for a retry.
func (d *Desk) Do(ctx context.Context, id string, version int64, cmd Command) (*Application, error) {
	if cmd.Action == ActionSubmit {
		return nil, fmt.Errorf("instance: submit %s through Desk.Submit, which validates the form: %w", id, ErrTransition)
	}
	app, err := d.cfg.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	svc, err := d.Service(app.ServiceID)
	if err != nil {
		return nil, err
	}
	if cmd.At.IsZero() {
		cmd.At = d.cfg.Now()
	}
	if dir, kind, ok := protocolled(cmd.Action); ok && d.autoProtocol(svc) && cmd.Registration == nil {
		if app.Version != version {
			return nil, fmt.Errorf("instance: %s %s: %w", cmd.Action, id, ErrConflict)
		}
		if _, err := app.Clone().Apply(svc, cmd, d.cfg.Clock); err != nil {
			return nil, err // do not register a document for a refused action
		}
		reg, err := d.register(ctx, app, svc, dir, kind, documentHash(cmd), string(cmd.Action))
		if err != nil {
			return nil, err
		}
		cmd.Registration = &reg
	}
	app, err = d.update(ctx, id, version, func(a *Application) (Event, error) {
		return a.Apply(svc, cmd, d.cfg.Clock)
	})
	if err != nil {
		return nil, err
	}
	if !d.autoProtocol(svc) {
		return app, nil
	}
	switch app.State {
	case StateAcceptedPending, StateRejectedPending:
		return d.registerOutcome(ctx, app, svc)
	case StateIntegrationSubmitted:
		return d.registerIncoming(ctx, app, svc, DocIntegrationReply, documentHash(cmd))
	}
	return app, nil
}

// registerIncoming protocols a submitted application or integration and
// moves it on with ActionRegister; a protocol failure leaves it for a retry.
func (d *Desk) registerIncoming(ctx context.Context, app *Application, svc *Service, kind DocumentKind, hash string) (*Application, error) {
	reg, err := d.register(ctx, app, svc, Incoming, kind, hash, "richiesta")
	if err != nil {
		d.cfg.Logger.WarnContext(ctx, "instance: not protocolled; retry with ActionRegister", "application", app, "error", err)
		return app, nil
	}
	return d.update(ctx, app.ID, app.Version, func(a *Application) (Event, error) {
		return a.Apply(svc, Command{Action: ActionRegister, Actor: System("protocol"), At: d.cfg.Now(), Registration: &reg}, d.cfg.Clock)
	})
}

func (d *Desk) autoProtocol(svc *Service) bool { return svc.ProtocolRequired && d.cfg.Protocol != nil }

// protocolled says which actions carry a document to register, and how.
func protocolled(a Action) (Direction, DocumentKind, bool) {
	switch a {
	case ActionRequestIntegration:
		return Outgoing, DocIntegrationRequest, true
	case ActionNoticeRejection:
		return Outgoing, DocRejectionNotice, true
	case ActionSubmitObservations:
		return Incoming, DocObservations, true
	}
	return "", "", false
}

func (d *Desk) registerOutcome(ctx context.Context, app *Application, svc *Service) (*Application, error) {
	if app.OutcomeDocument == nil {
		return app, nil
	}
	reg, err := d.register(ctx, app, svc, Outgoing, DocOutcome, app.OutcomeDocument.SHA256, "esito")
	if err != nil {
		d.cfg.Logger.WarnContext(ctx, "instance: outcome not protocolled; retry with ActionRegisterOutcome",
			"application", app, "error", err)
		return app, nil
	}
	return d.update(ctx, app.ID, app.Version, func(a *Application) (Event, error) {
		return a.Apply(svc, Command{Action: ActionRegisterOutcome, Actor: System("protocol"), At: d.cfg.Now(), Registration: &reg}, d.cfg.Clock)
	})
}

func (d *Desk) register(ctx context.Context, app *Application, svc *Service, dir Direction, kind DocumentKind, hash, what string) (Registration, error) {
	subject := fmt.Sprintf("ISTANZA ONLINE: %s (%s) - %s", svc.Title, app.ID, what)
	reg, err := d.cfg.Protocol.Register(ctx, ProtocolRequest{
		Direction: dir, Kind: kind, Subject: subject, Correspondent: app.Applicant.FullName(),
		SHA256: hash, ApplicationID: app.ID,
	})
	if err != nil {
		return Registration{}, fmt.Errorf("instance: protocol %s %s: %w", kind, app.ID, err)
	}
	return reg, nil
}

// Sweep runs the clock's jobs over every office's open applications on the
// day of now: it emits [EventDeadlineNear] once per application whose deadline
// is within the clock's near window, and accepts by silence (art. 20) those
// whose term has passed on services that allow it. It returns how many
// applications it changed; conflicts (someone acted meanwhile) are skipped
// and retried by the next sweep.
func (d *Desk) Sweep(ctx context.Context) (int, error) {
	now := d.cfg.Now()
	offices := map[string]bool{}
	for _, s := range d.services {
		offices[s.Office] = true
	}
	// Collect first, then act: acting moves rows out of the buckets, which
	// would shift the pages under an offset.
	var rows []Row
	for office := range offices {
		for _, b := range []Bucket{BucketNearDeadline, BucketPastDeadline} {
			for offset := 0; offset >= 0; {
				page, err := d.Worklist(ctx, WorklistQuery{Office: office, Bucket: b, Today: workday.DateOf(now),
					Limit: MaxLimit, Offset: offset, Sort: SortDeadline, Ascending: true})
				if err != nil {
					return 0, err
				}
				rows = append(rows, page.Rows...)
				offset = page.Next
			}
		}
	}
	n := 0
	for _, r := range rows {
		changed, err := d.sweepOne(ctx, r, now)
		if err != nil && !errors.Is(err, ErrConflict) && !errors.Is(err, ErrRequirement) && !errors.Is(err, ErrTransition) {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}

func (d *Desk) sweepOne(ctx context.Context, r Row, now time.Time) (bool, error) {
	svc, err := d.Service(r.ServiceID)
	if err != nil {
		return false, nil
	}
	app, err := d.cfg.Store.Get(ctx, r.ID)
	if err != nil {
		return false, err
	}
	t := d.cfg.Clock.Timing(app, svc, now)
	switch {
	case t.SilenceConsent:
		_, err := d.Do(ctx, app.ID, app.Version, Command{Action: ActionSilenceConsent, Actor: System("clock"), At: now})
		return err == nil, err
	case app.DeadlineNotified.IsZero() && t.DaysLeft >= 0 && t.DaysLeft <= d.cfg.Clock.Near():
		_, err := d.update(ctx, app.ID, app.Version, func(a *Application) (Event, error) {
			a.DeadlineNotified = now.UTC()
			return Event{Kind: EventDeadlineNear, Actor: System("clock"), At: now.UTC(), From: a.State, To: a.State,
				Payload: map[string]string{"deadline": t.Deadline.String(), "days_left": fmt.Sprint(t.DaysLeft)}}, nil
		})
		return err == nil, err
	}
	return false, nil
}
