package booking

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/workday"
)

// Config configures a [Scheduler]. Only Store is required; every other field has a documented
// zero-value default.
type Config struct {
	// Store persists everything and enforces capacity atomically. Required.
	Store Store
	// Calendar supplies holidays: national ones and the municipality's patron saint. nil = the
	// national holidays only.
	Calendar *workday.Calendar
	// Now returns the current instant. nil = time.Now.
	Now func() time.Time
	// NewID returns a new unique booking, entry or event ID. nil = [rand.Text] (128 random bits).
	NewID func() string
	// Rand is the source of cancellation tokens and default IDs. nil = crypto/rand.
	Rand io.Reader
	// Notify, when set, receives every event after the change that produced it is stored. It runs
	// on the caller's goroutine and must not block; for delivery that survives a crash, read
	// [Store.Events] instead.
	Notify func(Event)
	// Reminders are the offsets before an appointment at which [Scheduler.RemindersDue] reports a
	// reminder. nil = one day before.
	Reminders []time.Duration
	// ICalDomain is the right-hand side of iCalendar UIDs ("<booking id>@<domain>"), normally the
	// portal's host name. "" = "siopi.invalid".
	ICalDomain string
	// Logger receives warnings (e.g. a failed waitlist offer). nil = slog.Default().
	Logger *slog.Logger
	// Municipality is the fiscal code of the municipality (Comune) the scheduler serves, when one
	// store holds several: the scheduler then sees, books and sweeps only that municipality's
	// resources and bookings (others' are [ErrNotFound]), with its own Calendar, and stamps the code
	// on the resources it puts. "" = a store of one municipality: every record is the scheduler's.
	Municipality string
}

// Scheduler is the booking service: availability, holds, bookings, moderation, cancellations,
// waitlists, reminders and iCalendar export over a [Store]. It is safe for concurrent use; all
// capacity decisions are taken atomically by the store.
type Scheduler struct {
	store     Store
	cal       *workday.Calendar
	now       func() time.Time
	newID     func() string
	rand      io.Reader
	notify    func(Event)
	reminders []time.Duration
	domain    string
	log       *slog.Logger
	muni      string
}

// New returns a [Scheduler] for cfg.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("booking: new: nil store: %w", ErrInvalid)
	}
	s := &Scheduler{
		store: cfg.Store, cal: cfg.Calendar, now: cfg.Now, newID: cfg.NewID, rand: cfg.Rand,
		notify: cfg.Notify, reminders: slices.Clone(cfg.Reminders), domain: cfg.ICalDomain, log: cfg.Logger,
		muni: cfg.Municipality,
	}
	if s.muni != "" {
		if err := fiscalcode.ValidateOrganization(s.muni); err != nil {
			return nil, fmt.Errorf("booking: new: municipality: %v: %w", err, ErrInvalid)
		}
	}
	if s.cal == nil {
		cal, err := workday.New(workday.Config{})
		if err != nil {
			return nil, fmt.Errorf("booking: new: %w", err)
		}
		s.cal = cal
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.newID == nil {
		s.newID = rand.Text
	}
	if s.reminders == nil {
		s.reminders = []time.Duration{24 * time.Hour}
	}
	for _, r := range s.reminders {
		if r <= 0 {
			return nil, fmt.Errorf("booking: new: reminder offset %v not positive: %w", r, ErrInvalid)
		}
	}
	if s.domain == "" {
		s.domain = "siopi.invalid"
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// PutResource validates r and stores it, creating or replacing it. With Config.Municipality set,
// an empty r.Municipality is set to it, and a resource of another municipality — given, or stored
// under the same ID — is refused with [ErrInvalid].
func (s *Scheduler) PutResource(ctx context.Context, r Resource) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if s.muni != "" {
		if r.Municipality == "" {
			r.Municipality = s.muni
		}
		if r.Municipality != s.muni {
			return fmt.Errorf("booking: put resource %q: municipality %s, scheduler's %s: %w", r.ID, r.Municipality, s.muni, ErrInvalid)
		}
		if old, err := s.store.GetResource(ctx, r.ID); err == nil && old.Municipality != s.muni {
			return fmt.Errorf("booking: put resource %q: id used by municipality %s: %w", r.ID, old.Municipality, ErrInvalid)
		}
	}
	if err := s.store.PutResource(ctx, r); err != nil {
		return fmt.Errorf("booking: put resource: %w", err)
	}
	return nil
}

// Resource returns the resource with the given ID.
func (s *Scheduler) Resource(ctx context.Context, id string) (Resource, error) {
	r, err := s.resource(ctx, id)
	if err != nil {
		return Resource{}, fmt.Errorf("booking: resource: %w", err)
	}
	return r, nil
}

// resource reads a resource of the scheduler's municipality; another's is [ErrNotFound].
func (s *Scheduler) resource(ctx context.Context, id string) (Resource, error) {
	r, err := s.store.GetResource(ctx, id)
	if err == nil && s.muni != "" && r.Municipality != s.muni {
		return Resource{}, fmt.Errorf("resource %q: %w", id, ErrNotFound)
	}
	return r, err
}

// get reads a booking of the scheduler's municipality; another's is [ErrNotFound].
func (s *Scheduler) get(ctx context.Context, id string) (Booking, error) {
	b, err := s.store.Get(ctx, id)
	if err == nil && s.muni != "" && b.Municipality != s.muni {
		return Booking{}, fmt.Errorf("booking %q: %w", id, ErrNotFound)
	}
	return b, err
}

// ResourcesForService returns the resources that serve a service: the offices a booking started
// from that service's page can choose from (C.SE.2.2).
func (s *Scheduler) ResourcesForService(ctx context.Context, serviceID string) ([]Resource, error) {
	all, err := s.store.ListResources(ctx, s.muni)
	if err != nil {
		return nil, fmt.Errorf("booking: resources for service: %w", err)
	}
	return slices.DeleteFunc(all, func(r Resource) bool { return !r.Serves(serviceID) }), nil
}

// slotAt returns r's slot starting at start, or an error wrapping [ErrNoSlot].
func (s *Scheduler) slotAt(r *Resource, start time.Time) (Slot, error) {
	for _, sl := range r.appendDay(nil, s.cal, workday.DateOf(start)) {
		if sl.Start.Equal(start) {
			return sl, nil
		}
	}
	return Slot{}, fmt.Errorf("resource %q at %s: %w", r.ID, start.In(workday.Rome()).Format(time.DateTime), ErrNoSlot)
}

// checkBookable returns an error unless sl can be booked at now: minimum notice and rolling window.
func checkBookable(r *Resource, sl Slot, now time.Time) error {
	if now.Add(r.Policy.MinNotice).After(sl.Start) {
		return fmt.Errorf("slot at %s needs %v notice: %w", sl.Start.Format(time.RFC3339), r.Policy.MinNotice, ErrTooLate)
	}
	if workday.DateOf(sl.Start).After(workday.DateOf(now).AddDays(r.Policy.window())) {
		return fmt.Errorf("slot beyond %d days: %w", r.Policy.window(), ErrOutsideWindow)
	}
	return nil
}

// limits returns the per-citizen limits that b must respect on r.
func limits(r *Resource, b *Booking) []Limit {
	if b.Citizen == "" {
		return nil
	}
	var ls []Limit
	if n := r.Policy.maxOpen(); n > 0 {
		l := Limit{Citizen: b.Citizen, ServiceID: b.ServiceID, OpenOnly: true, MaxCount: n}
		if b.ServiceID == "" {
			l.ResourceID = r.ID
		}
		ls = append(ls, l)
	}
	if m := r.Policy.MaxMinutesPerWeek; m > 0 {
		d := workday.DateOf(b.Start)
		monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
		ls = append(ls, Limit{
			Citizen: b.Citizen, ResourceID: r.ID, MaxMinutes: m,
			From: monday.Start().UTC(), To: monday.AddDays(7).Start().UTC(),
		})
	}
	return ls
}

// record sets b's status and appends the change to its history.
func record(b *Booking, to Status, by Role, actor, reason string, now time.Time) {
	b.Status, b.UpdatedAt = to, now
	b.History = append(b.History, Change{At: now, Status: to, By: by, Actor: actor, Reason: reason})
}

// update writes up and passes its events to Notify.
func (s *Scheduler) update(ctx context.Context, up Update) (Booking, error) {
	b, err := s.store.Update(ctx, up)
	if err != nil {
		return Booking{}, err
	}
	s.publish(up.Events)
	return b, nil
}

func (s *Scheduler) publish(events []Event) {
	if s.notify == nil {
		return
	}
	for _, e := range events {
		s.notify(e)
	}
}

// newToken returns a cancellation token and its SHA-256 hash.
func (s *Scheduler) newToken() (string, []byte, error) {
	var raw [32]byte
	if _, err := io.ReadFull(s.rand, raw[:]); err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	sum := sha256.Sum256([]byte(token))
	return token, sum[:], nil
}
