package sqlstore_test

import (
	"testing"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/instancetest"
	"github.com/siopi/siopi/internal/testpg"
	"github.com/siopi/siopi/sqlstore"
)

func TestInstanceProtocolSQLite(t *testing.T) {
	t.Parallel()
	testProtocol(t, openSQLite)
}

func TestInstanceProtocolPostgres(t *testing.T) {
	t.Parallel()
	testpg.DSN(t)
	testProtocol(t, openPostgres)
}

func testProtocol(t *testing.T, open func(testing.TB) *sqlstore.DB) {
	instancetest.TestProtocol(t, func(t *testing.T) func(instance.RegisterConfig) (instancetest.Register, error) {
		db := open(t) // the registers of one subtest share a database
		return func(cfg instance.RegisterConfig) (instancetest.Register, error) {
			reg, err := db.Protocol(cfg)
			if err != nil {
				return instancetest.Register{}, err
			}
			return instancetest.Register{Protocol: reg, Entries: reg.Entries}, nil
		}
	})
}
