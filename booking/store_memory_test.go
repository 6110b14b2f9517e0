package booking_test

import (
	"testing"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/booking/bookingtest"
)

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	bookingtest.TestStore(t, func(*testing.T) booking.Store { return booking.NewMemoryStore() })
}
