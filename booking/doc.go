// Package booking books appointments with municipal offices and reservations of public spaces
// without double bookings: the registry office's desks, the CIE counter, a football pitch, a
// meeting room, the seats of a library reading room.
//
// A [Scheduler] works over a [Store]. The host (the portal) creates resources ([Resource]), shows their
// availability, and walks citizens through hold → confirm, or books in one step; operators moderate,
// cancel and record attendance; the host delivers the events ([Event]) as App IO messages and e-mails.
//
// # Resources and opening rules
//
// A [Resource] is an office calendar or a space with a capacity per slot (optionally numbered
// seats), a location, moderators and the services it serves — so a booking started from a service
// page lists the competent offices and preselects the topic (Modello Comuni C.SE.2.2; see
// [Scheduler.ResourcesForService]). Opening rules ([OpeningRule]) are valid over date ranges (summer timetables)
// and give weekdays, civil hours, slot length, buffer and capacity. closures ([Closure]) remove intervals;
// the [workday.Calendar] removes national holidays (Easter Monday computed, 4 October from 2026)
// and the patron saint's day. A [Policy] sets the rolling booking window, the minimum notice, the
// cancellation cut-off, hold and waitlist-offer lifetimes and per-citizen limits (open bookings per
// service, minutes per week).
//
// # Slots and daylight saving time
//
// [Resource.Slots] lays slots out in Europe/Rome civil time and converts each to a UTC instant, so
// "09:00" stays 09:00 on the last Sundays of March and October: no slot vanishes, none is
// duplicated, none shifts. The method's documentation gives the rule for the night hours the
// change skips or repeats. Property tests compare it with an independent reference on both change
// days of 2025–2030.
//
// # Bookings
//
// A [Booking] is held (a short TTL while the wizard completes, counted against capacity), then
// confirmed — or pending on a moderated resource until a moderator approves or refuses it. Citizens
// cancel until the cut-off, logged in ([Scheduler.Cancel]) or through the secret link
// ([Scheduler.CancelByToken]: only the token's SHA-256 is stored, and compared in constant time);
// the office cancels at any time with a reason. [Scheduler.Reschedule] keeps the ID and the history;
// [Scheduler.RescheduleByOffice] moves a booking for the office, with a reason for the citizen.
// Operators record attendance or no-show.
//
// # Capacity and the Store
//
// Capacity is enforced by the [Store] in one atomic operation — "take a place if one is free" —
// never by counting first and inserting afterwards, the race that double-books other schedulers.
// Held (until they lapse), pending and confirmed bookings all count; approvals are compare-and-swap
// on the booking's version with a capacity re-check. [MemoryStore] implements the interface with a
// mutex; the SQL stores implement it with a transaction and a row lock (the intended SQL is
// documented on [Store]). Package bookingtest is the conformance suite every store must pass,
// including 1,000 goroutines hammering one last place.
//
// # Waitlist
//
// When a slot is full a citizen can join its waitlist ([Scheduler.JoinWaitlist]). A freed place is
// offered to the first in line as a hold for the resource's OfferTTL, never past the slot's start
// ([EventWaitlistOffer]); a lapsed offer passes to the next at the following [Scheduler.Sweep], which
// also offers any place left free while citizens wait (an offer that failed). While anyone waits,
// newcomers find the slot full — in [Scheduler.Availability], [Scheduler.Days] and
// [Scheduler.FirstAvailable] as in [Scheduler.Hold] and [Scheduler.Book]. Per-citizen limits apply
// to the waitlist too: a citizen at a limit cannot join, and one who reached a limit after joining
// is passed over when a place frees up ([EventWaitlistSkipped]), so the place goes to the next in
// line at once — the store decides "offer to the first eligible" in one atomic step.
//
// # Several municipalities
//
// Every resource and booking carries its municipality's fiscal code, so one store (one database)
// can serve several Comuni. A Scheduler with Config.Municipality set sees, books and sweeps only
// its municipality's records, with that municipality's holiday calendar (its patron saint); run one
// Scheduler, and one Sweep, per municipality. Events carry the code to route them.
//
// # Queries
//
// [Scheduler.FirstAvailable] finds a resource's first free slot ("1° disponibilità"),
// [Scheduler.Availability] lists its slots with the places taken, [Scheduler.Days] sums the free
// places per day for a month view, [Scheduler.Agenda] gives an office's day and
// [Scheduler.CitizenBookings] a citizen's bookings for the personal area.
//
// # Events and reminders
//
// Every change appends [Event]s to the store's outbox in the same atomic step ([Store.Events]), and
// is passed to Config.Notify after it is stored. [Scheduler.RemindersDue] reports the reminders due
// in an interval at the configured offsets before each confirmed appointment.
//
// # iCalendar
//
// [Scheduler.ICS] exports one booking as RFC 5545 with TZID=Europe/Rome and its VTIMEZONE, a UID
// that survives reschedules, an incremented SEQUENCE and METHOD:CANCEL once cancelled;
// [Scheduler.Feed] exports an office's agenda for operators' calendars.
//
// # Errors
//
// Errors wrap one sentinel — [ErrSlotFull], [ErrHoldExpired], [ErrTooLate], [ErrOutsideWindow],
// [ErrNoSlot], [ErrLimit], [ErrNotFound], [ErrConflict], [ErrTransition], [ErrForbidden],
// [ErrInvalid] — to test with [errors.Is].
package booking
