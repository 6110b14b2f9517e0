package instancetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

func ids(p instance.Page) []string {
	out := make([]string, len(p.Rows))
	for i, r := range p.Rows {
		out[i] = r.ID
	}
	return out
}

func testListByCitizen(t *testing.T, s instance.Store) {
	ctx := t.Context()
	mustCreate(t, s, NewApplication("mine-draft", "svc-a", "office", instance.StateDraft, 0))
	mustCreate(t, s, NewApplication("mine-sent", "svc-b", "office", instance.StateSubmitted, 1))
	forChild := NewApplication("for-child", "svc-a", "office", instance.StateInCharge, 2)
	forChild.Beneficiary = &instance.Person{FiscalCode: Beneficiary}
	mustCreate(t, s, forChild)
	other := NewApplication("other", "svc-a", "office", instance.StateSubmitted, 3)
	other.Applicant.FiscalCode = Other
	mustCreate(t, s, other)
	byOtherForBeneficiary := NewApplication("benefit", "svc-a", "office", instance.StateAccepted, 4)
	byOtherForBeneficiary.Applicant.FiscalCode = Other
	byOtherForBeneficiary.Beneficiary = &instance.Person{FiscalCode: Beneficiary}
	mustCreate(t, s, byOtherForBeneficiary)

	tests := []struct {
		name string
		q    instance.CitizenQuery
		want []string
	}{
		{"applicant, newest first", instance.CitizenQuery{FiscalCode: Applicant}, []string{"for-child", "mine-sent", "mine-draft"}},
		{"lower case code", instance.CitizenQuery{FiscalCode: " rssmra85t10a562s "}, []string{"for-child", "mine-sent", "mine-draft"}},
		{"ascending", instance.CitizenQuery{FiscalCode: Applicant, Ascending: true}, []string{"mine-draft", "mine-sent", "for-child"}},
		{"by status", instance.CitizenQuery{FiscalCode: Applicant, Statuses: []instance.Status{instance.StatusDraft, instance.StatusSent}}, []string{"mine-sent", "mine-draft"}},
		{"by service", instance.CitizenQuery{FiscalCode: Applicant, ServiceID: "svc-a"}, []string{"for-child", "mine-draft"}},
		{"beneficiary not asked", instance.CitizenQuery{FiscalCode: Beneficiary}, nil},
		{"as beneficiary", instance.CitizenQuery{FiscalCode: Beneficiary, AsBeneficiary: true}, []string{"benefit", "for-child"}},
		{"other applicant", instance.CitizenQuery{FiscalCode: Other, AsBeneficiary: true}, []string{"benefit", "other"}},
	}
	for _, tt := range tests {
		p, err := s.ListByCitizen(ctx, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := ids(p); !slices.Equal(got, tt.want) || p.Total != len(tt.want) || p.Next != -1 {
			t.Errorf("%s: got %v (total %d, next %d), want %v", tt.name, got, p.Total, p.Next, tt.want)
		}
	}
	if p := must(s.ListByCitizen(ctx, instance.CitizenQuery{FiscalCode: Applicant})); p.Rows[0].Status != instance.StatusProcessing ||
		p.Rows[0].Applicant != "Mario Rossi" || p.Rows[0].Beneficiary != Beneficiary {
		t.Errorf("row %+v", p.Rows[0])
	}
	elsewhere := NewApplication("elsewhere", "svc-a", "office", instance.StateSubmitted, 5)
	elsewhere.Municipality = "00000000000"
	mustCreate(t, s, elsewhere)
	if p := must(s.ListByCitizen(ctx, instance.CitizenQuery{FiscalCode: Applicant, Municipality: "02438750586"})); len(p.Rows) != 3 {
		t.Errorf("one municipality: %v", ids(p))
	}
	if p := must(s.Worklist(ctx, instance.WorklistQuery{Office: "office", Municipality: "00000000000"})); !slices.Equal(ids(p), []string{"elsewhere"}) {
		t.Errorf("worklist of one municipality: %v", ids(p))
	}
	if _, err := s.ListByCitizen(ctx, instance.CitizenQuery{}); !errors.Is(err, instance.ErrInvalid) {
		t.Errorf("empty fiscal code: got %v, want ErrInvalid", err)
	}
	// A change of state is reflected in the list.
	if _, err := s.Update(ctx, "mine-sent", 1, transition(instance.StateWithdrawn, T0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	p := must(s.ListByCitizen(ctx, instance.CitizenQuery{FiscalCode: Applicant, Statuses: []instance.Status{instance.StatusWithdrawn}}))
	if got := ids(p); !slices.Equal(got, []string{"mine-sent"}) {
		t.Errorf("after withdrawal: %v", got)
	}
}

func must(p instance.Page, err error) instance.Page {
	if err != nil {
		panic(err)
	}
	return p
}

func testPaging(t *testing.T, s instance.Store) {
	ctx := t.Context()
	const n = 25
	for i := range n {
		mustCreate(t, s, NewApplication(fmt.Sprintf("a%02d", i), "svc", "office", instance.StateSubmitted, i))
	}
	var got []string
	offset, pages := 0, 0
	for offset >= 0 {
		p, err := s.ListByCitizen(ctx, instance.CitizenQuery{FiscalCode: Applicant, Sort: instance.SortSubmitted,
			Ascending: true, Limit: 10, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != n {
			t.Errorf("total %d, want %d", p.Total, n)
		}
		got = append(got, ids(p)...)
		offset = p.Next
		pages++
	}
	if pages != 3 || len(got) != n || !slices.IsSorted(got) {
		t.Errorf("%d pages, rows %v", pages, got)
	}
	if p := must(s.ListByCitizen(ctx, instance.CitizenQuery{FiscalCode: Applicant, Offset: 100})); len(p.Rows) != 0 || p.Next != -1 {
		t.Errorf("past the end: %+v", p)
	}
	w := must(s.Worklist(ctx, instance.WorklistQuery{Office: "office", Limit: 20, Sort: instance.SortCreated, Ascending: true}))
	if len(w.Rows) != 20 || w.Next != 20 || w.Total != n || w.Rows[0].ID != "a00" {
		t.Errorf("worklist page: %d rows, next %d, total %d", len(w.Rows), w.Next, w.Total)
	}
}

func testWorklist(t *testing.T, s instance.Store) {
	ctx := t.Context()
	today := workday.DateOf(T0)
	add := func(id string, st instance.State, assignee string, deadlineIn int, office string) {
		a := NewApplication(id, "svc", office, st, len(id))
		a.Assignee = assignee
		a.ProtocolRequired = strings.HasSuffix(id, "-protocol")
		if !a.Deadline.IsZero() {
			a.Deadline = today.AddDays(deadlineIn)
		}
		mustCreate(t, s, a)
	}
	add("draft", instance.StateDraft, "", 0, "office")
	add("new", instance.StateSubmitted, "", 30, "office")
	add("registered", instance.StateRegistered, "", 25, "office")
	add("mine", instance.StateInCharge, "op1", 20, "office")
	add("near", instance.StateInCharge, "op1", 3, "office")
	add("late", instance.StateInCharge, "op2", -2, "office")
	add("waiting", instance.StateIntegrationRequested, "op1", 40, "office")
	add("done", instance.StateAccepted, "op1", -10, "office")
	add("elsewhere", instance.StateSubmitted, "", 30, "other-office")
	add("awaiting-protocol", instance.StateSubmitted, "", 45, "office")
	add("outcome-protocol", instance.StateAcceptedPending, "op1", 10, "office")

	tests := []struct {
		name string
		q    instance.WorklistQuery
		want []string
	}{
		{"open", instance.WorklistQuery{}, []string{"awaiting-protocol", "late", "mine", "near", "new", "registered", "waiting"}},
		{"to take", instance.WorklistQuery{Bucket: instance.BucketToTake}, []string{"new", "registered"}},
		{"to register", instance.WorklistQuery{Bucket: instance.BucketToRegister}, []string{"awaiting-protocol", "outcome-protocol"}},
		{"mine", instance.WorklistQuery{Bucket: instance.BucketMine, Operator: "op1"}, []string{"mine", "near"}},
		{"waiting", instance.WorklistQuery{Bucket: instance.BucketWaiting}, []string{"waiting"}},
		{"near deadline", instance.WorklistQuery{Bucket: instance.BucketNearDeadline, NearDays: 5}, []string{"near"}},
		{"past deadline", instance.WorklistQuery{Bucket: instance.BucketPastDeadline}, []string{"late"}},
		{"closed", instance.WorklistQuery{Bucket: instance.BucketClosed}, []string{"done", "outcome-protocol"}},
		{"by state", instance.WorklistQuery{States: []instance.State{instance.StateRegistered}}, []string{"registered"}},
		{"by deadline", instance.WorklistQuery{Sort: instance.SortDeadline, Ascending: true}, []string{"late", "near", "mine", "registered", "new", "waiting", "awaiting-protocol"}},
		{"by deadline, newest first", instance.WorklistQuery{Sort: instance.SortDeadline, Limit: 2}, []string{"awaiting-protocol", "waiting"}},
		{"second page", instance.WorklistQuery{Sort: instance.SortDeadline, Ascending: true, Limit: 2, Offset: 2}, []string{"mine", "registered"}},
		{"by service", instance.WorklistQuery{ServiceID: "other-svc"}, nil},
		{"submitted from", instance.WorklistQuery{SubmittedFrom: T0.Add(11 * time.Minute)}, []string{"awaiting-protocol"}},
		{"submitted before", instance.WorklistQuery{SubmittedTo: T0.Add(5 * time.Minute)}, []string{"late", "mine", "near", "new"}},
	}
	for _, tt := range tests {
		q := tt.q
		q.Office, q.Today = "office", today
		p, err := s.Worklist(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := ids(p)
		if q.Sort == "" {
			slices.Sort(got)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if _, err := s.Worklist(ctx, instance.WorklistQuery{}); !errors.Is(err, instance.ErrInvalid) {
		t.Errorf("no office: got %v, want ErrInvalid", err)
	}
}

func testCanceled(t *testing.T, s instance.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	a := NewApplication("a1", "svc", "office", instance.StateDraft, 0)
	if err := s.Create(ctx, a, created(a)); !errors.Is(err, context.Canceled) {
		t.Errorf("Create: got %v, want context.Canceled", err)
	}
	if _, err := s.Get(ctx, "a1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get: got %v, want context.Canceled", err)
	}
}
