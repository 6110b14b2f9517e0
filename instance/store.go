package instance

import (
	"context"
	"time"

	"github.com/siopi/siopi/workday"
)

// Store persists applications, their event log and the outbox. Every method
// is safe for concurrent use. Implementations: [MemoryStore] here, SQLite and
// PostgreSQL in sqlstore; all pass instancetest.TestStore.
type Store interface {
	Applications
	History
	Finder
	Outbox
}

// Applications reads and writes applications with optimistic concurrency.
type Applications interface {
	// Create stores a new application at version 1 together with its first
	// event (usually [EventCreated]); [ErrExists] if the ID is taken.
	Create(ctx context.Context, app *Application, ev Event) error
	// Get returns a copy of the application; [ErrNotFound] if absent.
	Get(ctx context.Context, id string) (*Application, error)
	// Update loads the application, checks that its version is version
	// ([ErrConflict] otherwise), calls fn on a copy and, if fn returns no
	// error, stores the copy at version+1, appends the event fn returned to
	// the log and to the outbox — all atomically (one SQL transaction). It
	// returns the stored copy. fn must not block or do I/O: it runs inside
	// the transaction.
	Update(ctx context.Context, id string, version int64, fn func(*Application) (Event, error)) (*Application, error)
}

// History reads the append-only event log.
type History interface {
	// Events returns an application's events in order; [ErrNotFound] if the
	// application does not exist.
	Events(ctx context.Context, id string) ([]Event, error)
}

// Finder answers the citizen's and the back office's lists.
type Finder interface {
	// ListByCitizen lists a citizen's applications (and, if asked, those
	// where they are the beneficiary).
	ListByCitizen(ctx context.Context, q CitizenQuery) (Page, error)
	// Worklist lists an office's applications for its operators.
	Worklist(ctx context.Context, q WorklistQuery) (Page, error)
}

// Outbox is the transactional outbox: every event appended by Create and
// Update is also queued here, in the same transaction, until a worker has
// handed it to the host (App IO, e-mail) and acknowledged it.
type Outbox interface {
	// Pending returns up to limit unacknowledged events in Seq order.
	Pending(ctx context.Context, limit int) ([]Event, error)
	// Ack removes events from the outbox; unknown sequence numbers are ignored.
	Ack(ctx context.Context, seqs ...int64) error
}

// Sort orders lists.
type Sort string

// Sort keys; the default is by last update, newest first.
const (
	SortUpdated   Sort = "updated"
	SortCreated   Sort = "created"
	SortSubmitted Sort = "submitted"
	SortDeadline  Sort = "deadline"
)

// CitizenQuery selects a citizen's applications ("Elenco pratiche").
type CitizenQuery struct {
	FiscalCode string // required
	// Municipality restricts the list to one Comune (its fiscal code); empty: all.
	Municipality string
	// AsBeneficiary also lists applications where the citizen is the
	// beneficiary, not the applicant.
	AsBeneficiary bool
	Statuses      []Status // empty: all
	ServiceID     string   // empty: all
	Sort          Sort
	Ascending     bool
	Limit         int // zero: 50; at most 1000
	Offset        int
}

// Bucket is a worklist's view.
type Bucket string

// Worklist buckets.
const (
	BucketOpen         Bucket = ""              // every open application
	BucketToTake       Bucket = "to_take"       // waiting to be taken in charge (and protocolled, if required)
	BucketToRegister   Bucket = "to_register"   // waiting for the protocol: the application, an integration or the outcome
	BucketMine         Bucket = "mine"          // taken in charge by Operator, not waiting for the citizen (see Row.WaitingForCitizen)
	BucketWaiting      Bucket = "waiting"       // waiting for the citizen, within any legal window (Row.WaitingForCitizen)
	BucketNearDeadline Bucket = "near_deadline" // deadline within NearDays from Today
	BucketPastDeadline Bucket = "past_deadline" // deadline before Today
	BucketClosed       Bucket = "closed"        // decided, withdrawn or revoked
)

// WorklistQuery selects an office's applications.
type WorklistQuery struct {
	Office string // required
	// Municipality restricts the list to one Comune (its fiscal code); empty: all.
	Municipality string
	Bucket       Bucket
	Operator     string // for BucketMine
	// Today and NearDays anchor the deadline buckets; zero Today means now.
	Today     workday.Date
	NearDays  int
	ServiceID string
	States    []State // empty: all of the bucket
	// SubmittedFrom and SubmittedTo bound the submission instant (zero: open).
	SubmittedFrom, SubmittedTo time.Time
	Sort                       Sort
	Ascending                  bool
	Limit                      int // zero: 50; at most 1000
	Offset                     int
}

// Page is one page of a list.
type Page struct {
	Rows  []Row
	Total int // rows matching, over all pages
	// Next is the offset of the next page, or -1 after the last.
	Next int
}

// MaxLimit caps a page.
const MaxLimit = 1000

func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}
