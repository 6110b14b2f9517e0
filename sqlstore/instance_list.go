package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

// The lists translate [instance.CitizenQuery.Match] and
// [instance.WorklistQuery.Match] into WHERE clauses on the application's
// columns, and sort as the memory store does: by the chosen instant (or the
// deadline), ties by ID, both in the chosen direction.

// query collects the conditions and arguments of a WHERE clause with
// PostgreSQL-style placeholders, which both drivers accept.
type query struct {
	where []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

// and adds a condition.
func (q *query) and(cond string) { q.where = append(q.where, cond) }

// in returns "col IN (…)" over vals; false when vals is empty.
func in[T any](q *query, col string, vals []T) string {
	if len(vals) == 0 {
		return "1 = 0"
	}
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = q.arg(v)
	}
	return col + " IN (" + strings.Join(ph, ", ") + ")"
}

// states returns "state IN (…)" over the states for which keep is true.
func (q *query) states(keep func(instance.State) bool) string {
	var ss []string
	for _, st := range instance.States {
		if keep(st) {
			ss = append(ss, string(st))
		}
	}
	return in(q, "state", ss)
}

// ListByCitizen implements [instance.Finder].
func (s *InstanceStore) ListByCitizen(ctx context.Context, cq instance.CitizenQuery) (instance.Page, error) {
	if err := ctx.Err(); err != nil {
		return instance.Page{}, fmt.Errorf("sqlstore: list: %w", err)
	}
	if cq.FiscalCode == "" {
		return instance.Page{}, fmt.Errorf("sqlstore: list: fiscal code required: %w", instance.ErrInvalid)
	}
	var q query
	code := q.arg(fiscalcode.Normalize(cq.FiscalCode))
	if cq.AsBeneficiary {
		q.and("(applicant_code = " + code + " OR (beneficiary_code <> '' AND beneficiary_code = " + code + "))")
	} else {
		q.and("applicant_code = " + code)
	}
	if cq.ServiceID != "" {
		q.and("service_id = " + q.arg(cq.ServiceID))
	}
	if cq.Municipality != "" {
		q.and("municipality = " + q.arg(cq.Municipality))
	}
	if len(cq.Statuses) > 0 {
		ss := make([]string, len(cq.Statuses))
		for i, st := range cq.Statuses {
			ss[i] = string(st)
		}
		q.and(in(&q, "status", ss))
	}
	p, err := s.page(ctx, &q, cq.Sort, cq.Ascending, cq.Limit, cq.Offset)
	if err != nil {
		return instance.Page{}, fmt.Errorf("sqlstore: list: %w", err)
	}
	return p, nil
}

// Worklist implements [instance.Finder].
func (s *InstanceStore) Worklist(ctx context.Context, wq instance.WorklistQuery) (instance.Page, error) {
	if err := ctx.Err(); err != nil {
		return instance.Page{}, fmt.Errorf("sqlstore: worklist: %w", err)
	}
	if wq.Office == "" {
		return instance.Page{}, fmt.Errorf("sqlstore: worklist: office required: %w", instance.ErrInvalid)
	}
	today := wq.Today
	if today.IsZero() {
		today = workday.DateOf(s.db.now())
	}
	var q query
	q.and("office = " + q.arg(wq.Office))
	if wq.ServiceID != "" {
		q.and("service_id = " + q.arg(wq.ServiceID))
	}
	if wq.Municipality != "" {
		q.and("municipality = " + q.arg(wq.Municipality))
	}
	if len(wq.States) > 0 {
		ss := make([]string, len(wq.States))
		for i, st := range wq.States {
			ss[i] = string(st)
		}
		q.and(in(&q, "state", ss))
	}
	if !wq.SubmittedFrom.IsZero() {
		q.and("submitted_us >= " + q.arg(micros(wq.SubmittedFrom)))
	}
	if !wq.SubmittedTo.IsZero() {
		q.and("submitted_us < " + q.arg(micros(wq.SubmittedTo)))
	}
	q.and(bucket(&q, wq.Bucket, wq.Operator, today, wq.NearDays))
	p, err := s.page(ctx, &q, wq.Sort, wq.Ascending, wq.Limit, wq.Offset)
	if err != nil {
		return instance.Page{}, fmt.Errorf("sqlstore: worklist: %w", err)
	}
	return p, nil
}

// bucket is the condition of a worklist bucket on day today: the SQL form
// of the memory store's rules (see [instance.WorklistQuery.Match]).
func bucket(q *query, b instance.Bucket, operator string, today workday.Date, near int) string {
	open := func() string { return q.states(instance.State.Open) }
	// waiting: the state waits for the citizen and its legal window, if
	// any, has not closed before today.
	waiting := func() string {
		return "(" + q.states(instance.State.WaitingForCitizen) +
			" AND (waiting_until = 0 OR waiting_until >= " + q.arg(dateInt(today)) + "))"
	}
	submitted := func() string {
		return in(q, "state", []string{string(instance.StateSubmitted), string(instance.StateIntegrationSubmitted)})
	}
	switch b {
	case instance.BucketOpen:
		return open()
	case instance.BucketToTake:
		return "(" + in(q, "state", []string{string(instance.StateRegistered), string(instance.StateIntegrationRegistered)}) +
			" OR (" + submitted() + " AND protocol_required = 0))"
	case instance.BucketToRegister:
		return "((" + submitted() + " AND protocol_required = 1) OR " +
			in(q, "state", []string{string(instance.StateAcceptedPending), string(instance.StateRejectedPending)}) + ")"
	case instance.BucketMine:
		if operator == "" {
			return "1 = 0"
		}
		return open() + " AND assignee = " + q.arg(operator) + " AND NOT " + waiting()
	case instance.BucketWaiting:
		return waiting()
	case instance.BucketNearDeadline:
		if near <= 0 {
			near = instance.Clock{}.Near()
		}
		return open() + " AND deadline <> 0 AND deadline >= " + q.arg(dateInt(today)) +
			" AND deadline <= " + q.arg(dateInt(today.AddDays(near)))
	case instance.BucketPastDeadline:
		return open() + " AND deadline <> 0 AND deadline < " + q.arg(dateInt(today))
	case instance.BucketClosed:
		return q.states(instance.State.Final)
	}
	return "1 = 0"
}

// page runs the list query q: the rows of one page, sorted, and the number
// of rows over all pages.
func (s *InstanceStore) page(ctx context.Context, q *query, key instance.Sort, ascending bool, limit, offset int) (instance.Page, error) {
	col := "updated_us"
	switch key {
	case instance.SortCreated:
		col = "created_us"
	case instance.SortSubmitted:
		col = "submitted_us"
	case instance.SortDeadline:
		col = "deadline"
	}
	dir := " DESC"
	if ascending {
		dir = " ASC"
	}
	limit, offset = pageLimit(limit), max(0, offset)
	where := strings.Join(q.where, " AND ")
	rows, err := s.db.read.QueryContext(ctx, `SELECT row_doc, COUNT(*) OVER () FROM instance_applications
		WHERE `+where+` ORDER BY `+col+dir+`, id`+dir+
		` LIMIT `+q.arg(limit)+` OFFSET `+q.arg(offset), q.args...)
	if err != nil {
		return instance.Page{}, err
	}
	defer rows.Close()
	p := instance.Page{Next: -1}
	for rows.Next() {
		var doc []byte
		var r instance.Row
		if err := rows.Scan(&doc, &p.Total); err != nil {
			return instance.Page{}, err
		}
		if err := json.Unmarshal(doc, &r); err != nil {
			return instance.Page{}, fmt.Errorf("decode row: %w", err)
		}
		p.Rows = append(p.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return instance.Page{}, err
	}
	if len(p.Rows) == 0 && offset > 0 {
		// Past the end: count on its own.
		if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM instance_applications WHERE `+where,
			q.args[:len(q.args)-2]...).Scan(&p.Total); err != nil {
			return instance.Page{}, err
		}
	}
	if end := offset + len(p.Rows); end < p.Total {
		p.Next = end
	}
	return p, nil
}
