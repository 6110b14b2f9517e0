package instance_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/siopi/siopi/instance"
)

// TestTwoOperatorsCannotOverwriteEachOther: operators who read the same
// version race to act; exactly one wins, the others get ErrConflict.
func TestTwoOperatorsCannotOverwriteEachOther(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	app := f.submitRoadReport(t)
	const operators = 8
	var wg sync.WaitGroup
	errs := make([]error, operators)
	for i := range operators {
		wg.Go(func() {
			op := instance.Operator(string(rune('a'+i)), "Operatore", "ufficio-tecnico")
			_, errs[i] = f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, instance.ErrConflict):
			t.Errorf("got %v, want ErrConflict", err)
		}
	}
	got := must(f.desk.Get(ctx, app.ID))
	if won != 1 || got.State != instance.StateInCharge || got.Version != app.Version+1 {
		t.Fatalf("%d winners, state %s, version %d", won, got.State, got.Version)
	}
}
