package sqlstore_test

import (
	"testing"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/booking/bookingtest"
	"github.com/siopi/siopi/internal/testpg"
)

func TestBookingStoreSQLite(t *testing.T) {
	t.Parallel()
	bookingtest.TestStore(t, func(t *testing.T) booking.Store { return openSQLite(t).Booking() })
}

func TestBookingStorePostgres(t *testing.T) {
	t.Parallel()
	testpg.DSN(t) // skip before the suite when PostgreSQL is not configured
	bookingtest.TestStore(t, func(t *testing.T) booking.Store { return openPostgres(t).Booking() })
}
