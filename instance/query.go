package instance

import (
	"cmp"
	"slices"
	"time"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/workday"
)

// Match reports whether a row belongs to the citizen's list. Store
// implementations translate the same rules into their query language.
func (q CitizenQuery) Match(r Row) bool {
	code := fiscalcode.Normalize(q.FiscalCode)
	mine := fiscalcode.Normalize(r.FiscalCode) == code ||
		(q.AsBeneficiary && r.Beneficiary != "" && fiscalcode.Normalize(r.Beneficiary) == code)
	return mine && (q.ServiceID == "" || r.ServiceID == q.ServiceID) &&
		(q.Municipality == "" || r.Municipality == q.Municipality) &&
		(len(q.Statuses) == 0 || slices.Contains(q.Statuses, r.Status))
}

// today returns q.Today or the current civil date.
func (q WorklistQuery) today() workday.Date {
	if q.Today.IsZero() {
		return workday.DateOf(time.Now())
	}
	return q.Today
}

// Match reports whether a row belongs to the worklist on the query's day.
func (q WorklistQuery) Match(r Row) bool {
	if r.Office != q.Office || (q.ServiceID != "" && r.ServiceID != q.ServiceID) ||
		(q.Municipality != "" && r.Municipality != q.Municipality) ||
		(len(q.States) > 0 && !slices.Contains(q.States, r.State)) ||
		(!q.SubmittedFrom.IsZero() && r.SubmittedAt.Before(q.SubmittedFrom)) ||
		(!q.SubmittedTo.IsZero() && !r.SubmittedAt.Before(q.SubmittedTo)) {
		return false
	}
	return q.Bucket.holds(r, q.Operator, q.today(), q.NearDays)
}

func (b Bucket) holds(r Row, operator string, today workday.Date, near int) bool {
	open := r.State.Open()
	switch b {
	case BucketOpen:
		return open
	case BucketToTake:
		switch r.State {
		case StateSubmitted, StateRegistered, StateIntegrationSubmitted, StateIntegrationRegistered:
			return true
		}
		return false
	case BucketMine:
		return open && r.Assignee == operator && operator != "" && !r.State.WaitingForCitizen()
	case BucketWaiting:
		return r.State.WaitingForCitizen()
	case BucketNearDeadline:
		if near <= 0 {
			near = Clock{}.Near()
		}
		left := dayNum(r.Deadline) - dayNum(today)
		return open && !r.Deadline.IsZero() && left >= 0 && left <= near
	case BucketPastDeadline:
		return open && !r.Deadline.IsZero() && r.Deadline.Before(today)
	case BucketClosed:
		return r.State.Final()
	}
	return false
}

// SortRows sorts rows by key, newest (or latest deadline) last when
// ascending; ties break on ID so that paging is stable.
func SortRows(rows []Row, key Sort, ascending bool) {
	slices.SortFunc(rows, func(a, b Row) int {
		var c int
		switch key {
		case SortCreated:
			c = a.CreatedAt.Compare(b.CreatedAt)
		case SortSubmitted:
			c = a.SubmittedAt.Compare(b.SubmittedAt)
		case SortDeadline:
			c = cmp.Compare(dayNum(a.Deadline), dayNum(b.Deadline))
		default:
			c = a.UpdatedAt.Compare(b.UpdatedAt)
		}
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
		}
		if !ascending {
			c = -c
		}
		return c
	})
}

// paginate sorts matching rows and cuts the page.
func paginate(rows []Row, key Sort, ascending bool, limit, offset int) Page {
	SortRows(rows, key, ascending)
	limit = pageLimit(limit)
	offset = max(0, offset)
	p := Page{Total: len(rows), Next: -1}
	if offset >= len(rows) {
		return p
	}
	end := min(len(rows), offset+limit)
	p.Rows = rows[offset:end:end]
	if end < len(rows) {
		p.Next = end
	}
	return p
}
