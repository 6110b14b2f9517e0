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
		case StateRegistered, StateIntegrationRegistered:
			return true
		case StateSubmitted, StateIntegrationSubmitted:
			return !r.ProtocolRequired
		}
		return false
	case BucketToRegister:
		switch r.State {
		case StateSubmitted, StateIntegrationSubmitted:
			return r.ProtocolRequired
		case StateAcceptedPending, StateRejectedPending:
			return true
		}
		return false
	case BucketMine:
		return open && r.Assignee == operator && operator != "" && !r.WaitingForCitizen(today)
	case BucketWaiting:
		return r.WaitingForCitizen(today)
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

// paginate sorts matching rows and cuts the page. It sorts small keys
// rather than the rows themselves, and copies only the page's rows.
func paginate(rows []Row, key Sort, ascending bool, limit, offset int) Page {
	type sortKey struct {
		k  int64
		id string
		i  int
	}
	keys := make([]sortKey, len(rows))
	for i, r := range rows {
		var k int64
		switch key {
		case SortCreated:
			k = r.CreatedAt.UnixNano()
		case SortSubmitted:
			k = r.SubmittedAt.UnixNano()
		case SortDeadline:
			k = int64(dayNum(r.Deadline))
		default:
			k = r.UpdatedAt.UnixNano()
		}
		keys[i] = sortKey{k, r.ID, i}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		c := cmp.Or(cmp.Compare(a.k, b.k), cmp.Compare(a.id, b.id))
		if !ascending {
			c = -c
		}
		return c
	})
	limit = pageLimit(limit)
	offset = max(0, offset)
	p := Page{Total: len(rows), Next: -1}
	if offset >= len(rows) {
		return p
	}
	end := min(len(rows), offset+limit)
	p.Rows = make([]Row, 0, end-offset)
	for _, k := range keys[offset:end] {
		p.Rows = append(p.Rows, rows[k.i])
	}
	if end < len(rows) {
		p.Next = end
	}
	return p
}
