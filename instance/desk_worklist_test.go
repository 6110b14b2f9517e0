package instance_test

import (
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// TestNoticeLeavesWaitingWhenWindowCloses: under an art. 10-bis notice the
// application waits for the citizen's observations; when the 10-day window
// closes without them it is back in the operator's bucket, ready for the
// decision, without any sweep.
func TestNoticeLeavesWaitingWhenWindowCloses(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	app, op := f.takeRoadReport(t)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionNoticeRejection, Actor: op, Reason: "Area privata"}))
	bucket := func(b instance.Bucket) int {
		return must(f.desk.Worklist(ctx, instance.WorklistQuery{Office: "ufficio-tecnico", Bucket: b, Operator: "op1"})).Total
	}
	for _, days := range []int{0, instance.ObservationDays} {
		f.now.Add(time.Duration(days) * 24 * time.Hour)
		if w, m := bucket(instance.BucketWaiting), bucket(instance.BucketMine); w != 1 || m != 0 {
			t.Errorf("day %d of the window: waiting %d, mine %d", days, w, m)
		}
	}
	f.now.Add(24 * time.Hour)
	if w, m := bucket(instance.BucketWaiting), bucket(instance.BucketMine); w != 0 || m != 1 {
		t.Errorf("after the window: waiting %d, mine %d", w, m)
	}
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionReject, Actor: op, Document: document,
		Reason: "Nessuna osservazione: l'area è privata"}); err != nil {
		t.Errorf("reject after the window: %v", err)
	}
}
