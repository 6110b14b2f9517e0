package booking

import (
	"log/slog"
	"slices"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// Status is the state of a [Booking].
//
//	held ──confirm──▶ confirmed ──▶ attended | no_show
//	  │  └─confirm (moderated)─▶ pending ──approve──▶ confirmed
//	  │                             └──refuse──▶ refused
//	  └─TTL lapses─▶ expired
//	held | pending | confirmed ──cancel──▶ cancelled
type Status string

// Booking statuses.
const (
	StatusHeld      Status = "held"      // a place kept for HoldUntil while the citizen completes the wizard
	StatusPending   Status = "pending"   // awaiting a moderator (moderated resources)
	StatusConfirmed Status = "confirmed" // booked (approved, on moderated resources)
	StatusRefused   Status = "refused"   // refused by a moderator
	StatusCancelled Status = "cancelled" // cancelled by the citizen or the office
	StatusExpired   Status = "expired"   // a hold that lapsed
	StatusAttended  Status = "attended"  // the citizen came
	StatusNoShow    Status = "no_show"   // the citizen did not come
)

// Role says who made a change.
type Role string

// Roles.
const (
	RoleCitizen Role = "citizen"
	RoleOffice  Role = "office" // an operator or a moderator
	RoleSystem  Role = "system" // expiry, waitlist
)

// Booking is one citizen's place in one slot of one resource.
type Booking struct {
	ID           string
	Municipality string
	ResourceID   string
	ServiceID    string // the service the booking started from, if any
	Citizen      string // fiscal code of the logged-in citizen; empty for an anonymous booking
	Name         string // applicant's name (prefilled from the login, C.SE.2.2)
	Email, Phone string
	Topic        string // the topic ("motivo") chosen
	Reason       string // the citizen's free-text explanation

	Start, End time.Time // UTC
	Seat       string    // the numbered seat, on resources with seats

	Status       Status
	HoldUntil    time.Time // for held bookings: when the hold lapses
	FromWaitlist bool      // the booking is a waitlist offer
	TokenHash    []byte    // SHA-256 of the cancellation token; the token itself is never stored

	// Sequence is the iCalendar SEQUENCE: incremented on every reschedule and on cancellation.
	Sequence int
	// Version is the compare-and-swap counter: set to 1 on insert and incremented by every update.
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
	History   []Change // every state change and reschedule, oldest first
}

// Change is one entry of a booking's history.
type Change struct {
	At     time.Time
	Status Status // the status after the change
	By     Role
	Actor  string // operator ID, or empty for the citizen and the system
	Reason string
	// PrevStart and PrevEnd are the slot before a reschedule; zero otherwise.
	PrevStart, PrevEnd time.Time
}

// Occupies reports whether b takes a place in its slot at now: an unexpired hold, a pending or
// confirmed booking, or one already attended or missed. Stores count exactly these against
// capacity.
func (b *Booking) Occupies(now time.Time) bool {
	switch b.Status {
	case StatusHeld:
		return now.Before(b.HoldUntil)
	case StatusPending, StatusConfirmed, StatusAttended, StatusNoShow:
		return true
	}
	return false
}

// Open reports whether b is a live booking for a future appointment at now (occupying, not yet
// ended, not attended or missed): what per-citizen limits count.
func (b *Booking) Open(now time.Time) bool {
	switch b.Status {
	case StatusHeld, StatusPending, StatusConfirmed:
		return b.Occupies(now) && now.Before(b.End)
	}
	return false
}

// Clone returns a deep copy of b.
func (b Booking) Clone() Booking {
	b.TokenHash = slices.Clone(b.TokenHash)
	b.History = slices.Clone(b.History)
	return b
}

// LogValue logs b without personal data.
func (b Booking) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", b.ID),
		slog.String("resource", b.ResourceID),
		slog.String("status", string(b.Status)),
		slog.Time("start", b.Start),
		slog.String("citizen", fiscalcode.Mask(b.Citizen)),
	)
}

// Receipt is what a booking or confirmation returns: the booking and, once only, the secret token
// for the cancellation link. Only the token's hash is stored.
type Receipt struct {
	Booking     Booking
	CancelToken string
}

// LogValue logs r without the token.
func (r Receipt) LogValue() slog.Value {
	return slog.GroupValue(slog.Attr{Key: "booking", Value: r.Booking.LogValue()}, slog.String("cancel_token", "[redacted]"))
}

// WaitState is the state of a [WaitEntry].
type WaitState string

// Waitlist entry states.
const (
	WaitWaiting WaitState = "waiting" // in line
	WaitOffered WaitState = "offered" // a place was offered (see BookingID)
	WaitSkipped WaitState = "skipped" // passed over: the citizen was at a per-citizen limit when a place freed up
)

// WaitEntry is a citizen waiting for a place in a full slot. Entries are served first come, first
// served.
type WaitEntry struct {
	ID         string
	ResourceID string
	Start      time.Time
	// Request carries the citizen's details (Citizen, Name, Email, Phone, ServiceID, Topic, Reason,
	// Municipality, End) for the booking an offer creates.
	Request   Booking
	State     WaitState
	JoinedAt  time.Time
	BookingID string // the held booking offered to the citizen, once offered
}

// LogValue logs e without personal data.
func (e WaitEntry) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", e.ID),
		slog.String("resource", e.ResourceID),
		slog.Time("start", e.Start),
		slog.String("state", string(e.State)),
		slog.String("citizen", fiscalcode.Mask(e.Request.Citizen)),
	)
}
