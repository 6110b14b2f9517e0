package booking_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

// exampleScheduler returns a scheduler over a memory store with a fixed clock (Monday 1 March 2027,
// 08:00 in Rome) and predictable IDs.
func exampleScheduler() *booking.Scheduler {
	n := 0
	s, err := booking.New(booking.Config{
		Store:      booking.NewMemoryStore(),
		Now:        func() time.Time { return workday.Date{Year: 2027, Month: time.March, Day: 1}.At(8, 0) },
		NewID:      func() string { n++; return fmt.Sprintf("b%d", n) },
		ICalDomain: "servizi.comune.esempio.it",
	})
	if err != nil {
		panic(err)
	}
	office := booking.Resource{
		ID: "anagrafe", Name: "Ufficio anagrafe", Location: "Piazza del Municipio 1", Capacity: 1,
		Services: []string{"carta-identita"},
		Rules: []booking.OpeningRule{{
			Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
			Open:     booking.Clock(9, 0), Close: booking.Clock(12, 0), SlotMinutes: 30,
		}},
		Policy: booking.Policy{MinNotice: 24 * time.Hour, CancelCutoff: 24 * time.Hour},
	}
	if err := s.PutResource(context.Background(), office); err != nil {
		panic(err)
	}
	return s
}

func rome(t time.Time) string { return t.In(workday.Rome()).Format("Mon 2 Jan 15:04") }

// A citizen books the first available appointment from the service page of the CIE.
func Example() {
	ctx := context.Background()
	s := exampleScheduler()
	offices, _ := s.ResourcesForService(ctx, "carta-identita")
	slot, _ := s.FirstAvailable(ctx, offices[0].ID)
	fmt.Println("1° disponibilità:", rome(slot.Start))

	rc, err := s.Book(ctx, booking.Request{
		ResourceID: offices[0].ID, Start: slot.Start, ServiceID: "carta-identita",
		Citizen: "RSSMRA80A01H501U", Name: "Mario Rossi", Topic: "Primo rilascio",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(rc.Booking.Status, rome(rc.Booking.Start), rc.Booking.Start.Format(time.RFC3339))

	_, err = s.Book(ctx, booking.Request{ResourceID: "anagrafe", Start: slot.Start, Citizen: "VRDLCU85B02F205X"})
	fmt.Println(errors.Is(err, booking.ErrSlotFull))
	// Output:
	// 1° disponibilità: Tue 2 Mar 09:00
	// confirmed Tue 2 Mar 09:00 2027-03-02T08:00:00Z
	// true
}

// On the spring-forward day the 09:00 slot is still at 09:00 civil time: one hour earlier in UTC.
func ExampleResource_Slots() {
	r := booking.Resource{ID: "campo", Capacity: 1, Rules: []booking.OpeningRule{{
		Weekdays: []time.Weekday{time.Saturday, time.Sunday}, Open: booking.Clock(9, 0), Close: booking.Clock(11, 0), SlotMinutes: 60,
	}}}
	sat := workday.Date{Year: 2027, Month: time.March, Day: 27}
	for _, s := range r.Slots(nil, sat, sat.AddDays(1)) {
		fmt.Println(rome(s.Start), "=", s.Start.Format("15:04 UTC"))
	}
	// Output:
	// Sat 27 Mar 09:00 = 08:00 UTC
	// Sat 27 Mar 10:00 = 09:00 UTC
	// Sun 28 Mar 09:00 = 07:00 UTC
	// Sun 28 Mar 10:00 = 08:00 UTC
}

// A cancellation offers the place to the first citizen on the waitlist.
func ExampleScheduler_JoinWaitlist() {
	ctx := context.Background()
	s := exampleScheduler()
	start := workday.Date{Year: 2027, Month: time.March, Day: 3}.At(9, 0)
	rc, _ := s.Book(ctx, booking.Request{ResourceID: "anagrafe", Start: start, Citizen: "A"})
	_, err := s.Hold(ctx, booking.Request{ResourceID: "anagrafe", Start: start, Citizen: "B"})
	fmt.Println("B:", err)
	if _, err := s.JoinWaitlist(ctx, booking.Request{ResourceID: "anagrafe", Start: start, Citizen: "B"}); err != nil {
		panic(err)
	}
	if _, err := s.CancelByToken(ctx, rc.Booking.ID, rc.CancelToken); err != nil {
		panic(err)
	}
	bookings, _ := s.CitizenBookings(ctx, "B")
	offer := bookings[0]
	fmt.Println("B is offered", rome(offer.Start), "as", offer.Status, "until", rome(offer.HoldUntil))
	confirmed, _ := s.Confirm(ctx, offer.ID, "B")
	fmt.Println("B:", confirmed.Booking.Status)
	// Output:
	// B: booking: hold: slot full
	// B is offered Wed 3 Mar 09:00 as held until Mon 1 Mar 10:00
	// B: confirmed
}

// The booking as an .ics file for the citizen's calendar.
func ExampleScheduler_ICS() {
	ctx := context.Background()
	s := exampleScheduler()
	rc, _ := s.Book(ctx, booking.Request{
		ResourceID: "anagrafe", Start: workday.Date{Year: 2027, Month: time.March, Day: 2}.At(9, 30),
		Citizen: "A", Topic: "Carta d'identità, primo rilascio",
	})
	ics, _ := s.ICS(ctx, rc.Booking.ID)
	unfolded := strings.ReplaceAll(string(ics), "\r\n ", "") // long lines are folded at 75 octets
	for _, line := range strings.Split(unfolded, "\r\n") {
		if strings.HasPrefix(line, "UID") || strings.HasPrefix(line, "DT") || strings.HasPrefix(line, "SUMMARY") ||
			strings.HasPrefix(line, "SEQUENCE") || strings.HasPrefix(line, "METHOD") {
			fmt.Println(line)
		}
	}
	// Output:
	// METHOD:PUBLISH
	// DTSTART:19700329T020000
	// DTSTART:19701025T030000
	// UID:b1@servizi.comune.esempio.it
	// DTSTAMP:20270301T070000Z
	// SEQUENCE:0
	// DTSTART;TZID=Europe/Rome:20270302T093000
	// DTEND;TZID=Europe/Rome:20270302T100000
	// SUMMARY:Appuntamento: Ufficio anagrafe – Carta d'identità\, primo rilascio
}

// A moderated meeting room: the request waits for a moderator, and a second moderator acting on the
// same request loses the compare-and-swap.
func ExampleScheduler_Approve() {
	ctx := context.Background()
	s := exampleScheduler()
	room := booking.Resource{
		ID: "sala", Name: "Sala consiliare", Kind: booking.KindSpace, Capacity: 1,
		Moderated: true, Moderators: []string{"m.bianchi", "l.verdi"},
		Rules: []booking.OpeningRule{{
			Weekdays: []time.Weekday{time.Thursday}, Open: booking.Clock(18, 0), Close: booking.Clock(22, 0), SlotMinutes: 240,
		}},
	}
	if err := s.PutResource(ctx, room); err != nil {
		panic(err)
	}
	start := workday.Date{Year: 2027, Month: time.March, Day: 4}.At(18, 0)
	rc, _ := s.Book(ctx, booking.Request{ResourceID: "sala", Start: start, Citizen: "A", Name: "Pro Loco", Reason: "Assemblea dei soci"})
	fmt.Println(rc.Booking.Status)

	approved, _ := s.Approve(ctx, rc.Booking.ID, "m.bianchi")
	fmt.Println(approved.Status, "by", approved.History[len(approved.History)-1].Actor)
	_, err := s.Refuse(ctx, rc.Booking.ID, "l.verdi", "sala occupata")
	fmt.Println(errors.Is(err, booking.ErrTransition))
	// Output:
	// pending
	// confirmed by m.bianchi
	// true
}

// A month view: the places still free each working day.
func ExampleScheduler_Days() {
	ctx := context.Background()
	s := exampleScheduler()
	from := workday.Date{Year: 2027, Month: time.March, Day: 1}
	days, _ := s.Days(ctx, "anagrafe", from, from.AddDays(6))
	for _, d := range days {
		fmt.Println(d.Date, d.Date.Weekday(), d.Free, "of", d.Capacity)
	}
	// Output:
	// 2027-03-02 Tuesday 6 of 6
	// 2027-03-03 Wednesday 6 of 6
	// 2027-03-04 Thursday 6 of 6
	// 2027-03-05 Friday 6 of 6
}
