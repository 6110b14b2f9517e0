package instance_test

import (
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/internal/racetest"
)

// TestTwoOperatorsCannotOverwriteEachOther: operators who read the same
// version race to act; exactly one wins, the others get ErrConflict.
func TestTwoOperatorsCannotOverwriteEachOther(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	app := f.submitRoadReport(t)
	won := racetest.Winners(t, 8, instance.ErrConflict, func(i int) error {
		op := instance.Operator(string(rune('a'+i)), "Operatore", "ufficio-tecnico")
		_, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op})
		return err
	})
	got := must(f.desk.Get(ctx, app.ID))
	if won != 1 || got.State != instance.StateInCharge || got.Version != app.Version+1 {
		t.Fatalf("%d winners, state %s, version %d", won, got.State, got.Version)
	}
}
