package booking

import (
	"context"
	"time"
)

// Store persists resources, bookings, waitlists and the event outbox. Every method is safe for
// concurrent use, and each mutating method is one atomic operation: in SQL, one transaction.
//
// Capacity is the store's job, not the caller's: [Store.Insert], [Store.Update] with a Reserve and
// [Store.OfferNext] count the places taken and write the booking in the same atomic step, so no
// interleaving of requests — across goroutines or across portal replicas — can put more bookings in
// a slot than it has places. (Counting first and inserting afterwards is the race that double-books
// other schedulers.)
//
// # Intended SQL shape
//
// Tables: resources(id PK, municipality, doc JSON) with an index on municipality; bookings(id PK,
// municipality, resource_id,
// start_at, end_at, citizen, service_id, seat, status, hold_until, version, doc JSON, ...) with
// indexes on (resource_id, start_at), (citizen, start_at) and (status, hold_until) (seats are
// checked under the slot lock, not by a unique index: a lapsed hold still names its seat);
// slot_locks(resource_id, start_at, PK both) — one row per slot ever booked, used only as the lock
// target; waitlist(id PK, resource_id, start_at, seq BIGSERIAL, state, citizen, doc) with a partial
// unique index on (resource_id, start_at, citizen) over waiting entries of logged-in citizens;
// outbox(seq BIGSERIAL PK, type, doc JSON, created_at).
//
// Insert, Update with Reserve and OfferNext run in one transaction:
//
//	INSERT INTO slot_locks(resource_id, start_at) VALUES ($1, $2) ON CONFLICT DO NOTHING;
//	SELECT 1 FROM slot_locks WHERE resource_id=$1 AND start_at=$2 FOR UPDATE;  -- PostgreSQL row lock
//	SELECT count(*) FROM bookings WHERE resource_id=$1 AND start_at=$2 AND id<>$self
//	  AND (status IN ('pending','confirmed','attended','no_show') OR (status='held' AND hold_until>$now));
//	SELECT EXISTS (SELECT 1 FROM waitlist WHERE resource_id=$1 AND start_at=$2 AND state='waiting');
//	-- per Limit: SELECT count(*), sum(end_at-start_at) FROM bookings WHERE citizen=$c AND ...
//	INSERT INTO bookings ... | UPDATE bookings SET ..., version=version+1 WHERE id=$id AND version=$v;
//	INSERT INTO outbox ...;
//	COMMIT;
//
// SQLite serialises writers (BEGIN IMMEDIATE), which gives the same guarantee without FOR UPDATE.
// Stores keep every field of the values they are given and return instants in UTC.
// Errors wrap the package's sentinels ([ErrSlotFull], [ErrLimit], [ErrConflict], [ErrNotFound]);
// the [Scheduler] adds the operation to the message.
// Per-citizen limits span slots, so the slot lock does not cover them: under PostgreSQL the
// transaction must also take pg_advisory_xact_lock(hashtext(citizen)) first (or run at SERIALIZABLE
// and retry); the suite's ConcurrentLimits test fails otherwise. OfferNext learns the citizen only
// as it walks the waitlist: it locks the slot, reads the waiting entries in order (FOR UPDATE), and
// for each takes the citizen's advisory lock before counting its limits (Offer.Limits); a skipped
// entry is updated to 'skipped' in the same transaction (ConcurrentOfferLimits checks this).
type Store interface {
	// PutResource creates or replaces a resource.
	PutResource(ctx context.Context, r Resource) error
	// GetResource returns a resource, or an error wrapping [ErrNotFound].
	GetResource(ctx context.Context, id string) (Resource, error)
	// ListResources returns the resources of a municipality (by its fiscal code; "" = of every
	// municipality), ordered by ID.
	ListResources(ctx context.Context, municipality string) ([]Resource, error)

	// Insert stores a new booking if its slot has a free place. Atomically it counts the bookings
	// that [Booking.Occupies] at in.Now in (ResourceID, Start); if that count is at least in.Capacity,
	// or the slot has a waiting waitlist entry (unless in.FromWaitlist), it fails with [ErrSlotFull];
	// if a [Limit] would be exceeded it fails with [ErrLimit]; an existing ID fails with
	// [ErrConflict]. With in.Seats it gives the booking its Seat if that seat is free (else
	// [ErrSlotFull]) or the first free seat. It sets Version to 1, appends in.Events to the outbox and
	// returns the stored booking.
	Insert(ctx context.Context, in Insert) (Booking, error)
	// Update replaces a booking if its stored Version equals up.Booking.Version (else [ErrConflict]),
	// incrementing Version. With up.Reserve it first checks, in the same atomic step and excluding the
	// booking itself, that (ResourceID, Start) of the new state has a free place and a free seat and
	// that the limits hold, as Insert does. It appends up.Events to the outbox.
	Update(ctx context.Context, up Update) (Booking, error)
	// Get returns a booking, or an error wrapping [ErrNotFound].
	Get(ctx context.Context, id string) (Booking, error)
	// List returns the bookings matching f, ordered by Start, then ID.
	List(ctx context.Context, f Filter) ([]Booking, error)
	// Occupancy returns, for each slot start in [from, to) of a resource with at least one booking
	// that occupies a place at now or at least one waiting waitlist entry, the number of each,
	// ordered by start.
	Occupancy(ctx context.Context, resourceID string, from, to, now time.Time) ([]Occupancy, error)

	// JoinWaitlist appends j.Entry to its slot's waitlist (its State is set to waiting). A citizen
	// already waiting for the same slot gets [ErrConflict]; if the booking the entry asks for
	// (j.Entry.Request at the entry's Start) would exceed one of j.Limits at j.Now, counted as
	// Insert counts them, it fails with [ErrLimit].
	JoinWaitlist(ctx context.Context, j Join) (WaitEntry, error)
	// ListWaitlist returns a slot's waitlist in order of arrival (waiting and offered entries).
	ListWaitlist(ctx context.Context, resourceID string, start time.Time) ([]WaitEntry, error)
	// OfferNext gives a free place of a slot to the first eligible waiting entry, atomically: if the
	// slot is full it fails with [ErrSlotFull]; if nobody waits, with [ErrNotFound]. Otherwise it
	// walks the waiting entries in order of arrival. It builds each one's held booking from its
	// Request (ID of.BookingID, Start, End, HoldUntil of.Until, FromWaitlist true, the seat it asked for
	// if free, else the first free seat); if that booking would exceed one of of.Limits(&booking) — counted as Insert counts
	// them — the entry is marked [WaitSkipped] with an [EventWaitlistSkipped] and the walk goes on.
	// The first entry within its limits gets the booking, is marked offered, with an
	// [EventWaitlistOffer]. Events are built with [NewEvent] and their EntryID set, appended to the
	// outbox and returned in [Offered]. When every waiting entry is skipped, the skips are stored and
	// Offered.Booking is zero, with a nil error.
	OfferNext(ctx context.Context, of Offer) (Offered, error)

	// Events returns up to limit (all when limit <= 0) outbox events with Seq greater than after, in
	// Seq order. Seq starts at 1 and has no gaps in the memory store; SQL stores may leave gaps, but
	// must never show an event with a Seq below one already returned (a sequence value taken by a
	// transaction that commits later): serialise outbox writers, or return only the events below the
	// oldest uncommitted writer's Seq.
	Events(ctx context.Context, after int64, limit int) ([]Event, error)
}

// Insert is the argument of [Store.Insert].
type Insert struct {
	Booking      Booking
	Capacity     int       // places in the slot
	Seats        []string  // the resource's seats, if numbered
	Now          time.Time // holds lapsed at Now do not count
	Limits       []Limit
	FromWaitlist bool // do not yield to waiting entries
	Events       []Event
}

// Update is the argument of [Store.Update].
type Update struct {
	Booking Booking   // the new state; its Version is the one expected in the store
	Reserve *Reserve  // when the new state must (re)take a place
	Now     time.Time // holds lapsed at Now do not count
	Events  []Event
}

// Reserve asks [Store.Update] to check the place of the new state, as [Store.Insert] does.
type Reserve struct {
	Capacity     int
	Seats        []string
	Limits       []Limit
	FromWaitlist bool
}

// Join is the argument of [Store.JoinWaitlist].
type Join struct {
	Entry  WaitEntry
	Limits []Limit   // the limits the requested booking must respect
	Now    time.Time // holds lapsed at Now do not count
}

// Offer is the argument of [Store.OfferNext].
type Offer struct {
	ResourceID string
	Start, End time.Time
	Capacity   int
	Seats      []string
	Now        time.Time
	BookingID  string    // ID of the held booking to create
	Until      time.Time // the offer's hold lapses then
	// Limits returns the per-citizen limits the held booking offered to an entry must respect; nil =
	// none. The store calls it inside the atomic step, once per entry considered; it must not call
	// the store.
	Limits func(b *Booking) []Limit
}

// Offered is the result of [Store.OfferNext].
type Offered struct {
	Booking Booking     // the held booking offered; zero when every waiting entry was skipped
	Skipped []WaitEntry // the entries passed over because their citizen was at a limit, in order
	Events  []Event     // the events appended to the outbox, in order (Seq left zero)
}

// Limit caps a citizen's bookings. The store counts the citizen's bookings, other than the one being
// written, that occupy a place at Now ([Booking.Occupies]; with OpenOnly, [Booking.Open]: not yet
// ended), match ServiceID and ResourceID when set and start in [From, To) when set. Adding the new
// booking must not take their number above MaxCount nor their minutes above MaxMinutes.
type Limit struct {
	Citizen    string
	ServiceID  string // "" = any service
	ResourceID string // "" = any resource
	From, To   time.Time
	OpenOnly   bool
	MaxCount   int // 0 = no cap on the number
	MaxMinutes int // 0 = no cap on the booked minutes
}

// Filter selects bookings for [Store.List]. Zero fields match everything.
type Filter struct {
	Municipality string // the municipality's fiscal code
	ResourceID   string
	Citizen      string
	From, To     time.Time // Start in [From, To)
	Statuses     []Status
}

// Occupancy is the number of places taken in one slot, and of citizens waiting for one.
type Occupancy struct {
	Start   time.Time
	Taken   int // bookings that occupy a place ([Booking.Occupies])
	Waiting int // waitlist entries in state [WaitWaiting]
}
