package booking

import (
	"log/slog"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// EventType names what happened to a booking.
type EventType string

// Event types. The portal turns them into App IO messages, e-mails and operator notifications.
const (
	EventPending       EventType = "booking.pending"        // a request awaits moderation
	EventConfirmed     EventType = "booking.confirmed"      // booked or approved
	EventRefused       EventType = "booking.refused"        // refused by a moderator
	EventCancelled     EventType = "booking.cancelled"      // by the citizen or the office (Reason)
	EventRescheduled   EventType = "booking.rescheduled"    // moved to another slot
	EventWaitlistOffer EventType = "booking.waitlist_offer" // a place is held for a waiting citizen until Until
	EventOfferExpired  EventType = "booking.offer_expired"  // the offer lapsed; it passes to the next in line
	// EventWaitlistSkipped: a place freed up but the citizen was at a per-citizen limit, so it went to
	// the next in line and the citizen left the waitlist (EntryID; no BookingID).
	EventWaitlistSkipped EventType = "booking.waitlist_skipped"
	EventAttended        EventType = "booking.attended"
	EventNoShow          EventType = "booking.no_show"
	EventReminderDue     EventType = "booking.reminder_due" // see [Scheduler.RemindersDue]
)

// Event is a change the host should know about. Stores append events to an outbox in the same
// atomic operation as the change (see [Store.Events]); the scheduler also passes them to
// Config.Notify after the change is stored.
type Event struct {
	Seq          int64 // outbox position, assigned by the store (zero in Config.Notify)
	Type         EventType
	At           time.Time
	Municipality string // the booking's municipality, to route the event when one store serves several
	BookingID    string
	ResourceID   string
	ServiceID    string
	Citizen      string
	Start        time.Time
	Status       Status
	Until        time.Time // waitlist offers: when the offer lapses
	Reason       string
	EntryID      string // waitlist offers and skips: the [WaitEntry]
}

// NewEvent returns an event of type t about b at instant at. Stores use it for the events they
// create themselves (waitlist offers).
func NewEvent(t EventType, b *Booking, at time.Time) Event {
	e := Event{
		Type: t, At: at.UTC(), Municipality: b.Municipality, BookingID: b.ID, ResourceID: b.ResourceID, ServiceID: b.ServiceID,
		Citizen: b.Citizen, Start: b.Start, Status: b.Status,
	}
	if b.Status == StatusHeld {
		e.Until = b.HoldUntil
	}
	return e
}

// LogValue logs e without personal data.
func (e Event) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int64("seq", e.Seq),
		slog.String("type", string(e.Type)),
		slog.String("booking", e.BookingID),
		slog.String("citizen", fiscalcode.Mask(e.Citizen)),
	)
}
