package sqlstore_test

import (
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/instancetest"
	"github.com/siopi/siopi/internal/testpg"
)

func TestInstanceStoreSQLite(t *testing.T) {
	t.Parallel()
	instancetest.TestStore(t, func(t *testing.T) instance.Store { return openSQLite(t).Instance() })
}

func TestInstanceStorePostgres(t *testing.T) {
	t.Parallel()
	testpg.DSN(t) // skip before the suite when PostgreSQL is not configured
	instancetest.TestStore(t, func(t *testing.T) instance.Store { return openPostgres(t).Instance() })
}
