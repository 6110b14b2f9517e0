package instancetest

import (
	"slices"
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

// testObservationWindow: an application under an art. 10-bis notice waits
// for the citizen only while the 10-day window for observations is open;
// from the day after it closes, it is back in its operator's bucket, ready
// for the decision. The store must decide it from the query's Today, not
// from anything stored when the notice was given.
func testObservationWindow(t *testing.T, s instance.Store) {
	ctx := t.Context()
	today := workday.DateOf(T0)
	notice := func(id string, from workday.Date) {
		a := NewApplication(id, "svc", "office", instance.StateRejectionNotice, 0)
		a.Assignee = "op1"
		a.Suspensions = []instance.Suspension{{Basis: instance.SuspendRejectionNotice, From: from, Reason: "motivi ostativi"}}
		mustCreate(t, s, a)
	}
	notice("open", today.AddDays(-3))
	notice("last-day", today.AddDays(-instance.ObservationDays))
	notice("closed", today.AddDays(-instance.ObservationDays-1))
	integration := NewApplication("integration", "svc", "office", instance.StateIntegrationRequested, 0)
	integration.Assignee = "op1"
	integration.Suspensions = []instance.Suspension{{Basis: instance.SuspendIntegration, From: today.AddDays(-60)}}
	mustCreate(t, s, integration)

	tests := []struct {
		name   string
		bucket instance.Bucket
		today  workday.Date
		want   []string
	}{
		{"waiting", instance.BucketWaiting, today, []string{"integration", "last-day", "open"}},
		{"mine", instance.BucketMine, today, []string{"closed"}},
		{"waiting, a week later", instance.BucketWaiting, today.AddDays(7), []string{"integration", "open"}},
		{"mine, a week later", instance.BucketMine, today.AddDays(7), []string{"closed", "last-day"}},
		{"waiting, five days earlier", instance.BucketWaiting, today.AddDays(-5), []string{"closed", "integration", "last-day", "open"}},
	}
	for _, tt := range tests {
		p, err := s.Worklist(ctx, instance.WorklistQuery{Office: "office", Bucket: tt.bucket, Operator: "op1", Today: tt.today})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := ids(p)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) || p.Total != len(tt.want) {
			t.Errorf("%s: got %v (total %d), want %v", tt.name, got, p.Total, tt.want)
		}
	}
}
