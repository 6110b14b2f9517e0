package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/sqlstore"
	"github.com/siopi/siopi/workday"
)

// A portal gives the scheduler the database's booking store: capacity is
// checked in the same transaction that writes the booking, so replicas
// sharing one PostgreSQL database cannot double-book the last place.
func ExampleDB_Booking() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "siopi")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlstore.Open(ctx, sqlstore.Config{DSN: "file:" + filepath.Join(dir, "siopi.db"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	day := workday.Date{Year: 2030, Month: time.January, Day: 8} // a Tuesday
	now := func() time.Time { return day.AddDays(-1).At(10, 0) }
	sch, err := booking.New(booking.Config{Store: db.Booking(), Now: now})
	if err != nil {
		log.Fatal(err)
	}
	err = sch.PutResource(ctx, booking.Resource{
		ID: "sala", Name: "Sala riunioni", Kind: booking.KindSpace, Capacity: 1,
		Rules:  []booking.OpeningRule{{Weekdays: []time.Weekday{time.Tuesday}, Open: booking.Clock(9, 0), Close: booking.Clock(10, 0), SlotMinutes: 60}},
		Policy: booking.Policy{MaxOpenPerService: -1},
	})
	if err != nil {
		log.Fatal(err)
	}
	req := booking.Request{ResourceID: "sala", Start: day.At(9, 0), Citizen: "RSSMRA80A01H501U", Name: "Mario Rossi"}
	rc, err := sch.Book(ctx, req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rc.Booking.Status, rc.Booking.Start.In(workday.Rome()).Format("2006-01-02 15:04"))
	req.Citizen = "VRDLGU80A01H501X"
	_, err = sch.Book(ctx, req)
	fmt.Println("second citizen:", errors.Is(err, booking.ErrSlotFull))
	// Output:
	// confirmed 2030-01-08 09:00
	// second citizen: true
}
