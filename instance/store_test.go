package instance_test

import (
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/instancetest"
)

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	instancetest.TestStore(t, func(*testing.T) instance.Store { return instance.NewMemoryStore(nil) })
}
