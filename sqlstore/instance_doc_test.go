package sqlstore_test

import (
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/instancetest"
	"github.com/siopi/siopi/workday"
)

// TestInstanceZeroDates: zero civil dates (a draft's deadline, an open
// suspension's end) survive the JSON document, and a form value that reads
// like a zero date stays a string.
func TestInstanceZeroDates(t *testing.T) {
	t.Parallel()
	s := openSQLite(t).Instance()
	a := instancetest.NewApplication("a1", "svc", "office", instance.StateRejectionNotice, 0)
	from := workday.Date{Year: 2026, Month: 3, Day: 2}
	a.Suspensions = []instance.Suspension{{Basis: instance.SuspendRejectionNotice, From: from}}
	a.Data["date"] = "0000-00-00"
	ev := instance.Event{Kind: instance.EventCreated, Actor: instance.System("test"), Payload: map[string]string{"d": "0000-00-00"}}
	if err := s.Create(t.Context(), a, ev); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(t.Context(), "a1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.NearNotified.IsZero() || len(got.Suspensions) != 1 || got.Suspensions[0].From != from ||
		!got.Suspensions[0].Until.IsZero() || got.Data["date"] != "0000-00-00" || got.Deadline != a.Deadline {
		t.Errorf("got %+v", got)
	}
	evs, err := s.Events(t.Context(), "a1")
	if err != nil || len(evs) != 1 || evs[0].Payload["d"] != "0000-00-00" {
		t.Errorf("events %+v, %v", evs, err)
	}
	p, err := s.Worklist(t.Context(), instance.WorklistQuery{Office: "office", Bucket: instance.BucketWaiting, Today: from})
	if err != nil || len(p.Rows) != 1 || p.Rows[0].WaitingUntil != from.AddDays(instance.ObservationDays) {
		t.Errorf("worklist %+v, %v", p, err)
	}
}
