package pagopa_test

import (
	"testing"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
)

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	pagopatest.TestStore(t, func(*testing.T) pagopa.Store { return pagopa.NewMemoryStore() })
}
