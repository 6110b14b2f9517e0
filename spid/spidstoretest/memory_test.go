package spidstoretest_test

import (
	"testing"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidstoretest"
)

func TestMemoryRequestStore(t *testing.T) {
	t.Parallel()
	spidstoretest.TestRequestStore(t, func(*testing.T) spid.RequestStore { return &spid.MemoryRequestStore{} })
}

func TestMemoryReplayStore(t *testing.T) {
	t.Parallel()
	spidstoretest.TestReplayStore(t, func(*testing.T) spid.ReplayStore { return &spid.MemoryReplayStore{} })
}

func TestMemoryRegister(t *testing.T) {
	t.Parallel()
	spidstoretest.TestRegister(t, func(*testing.T) (spid.Register, func(*testing.T) []spid.Transaction) {
		r := &spid.MemoryRegister{}
		return r, func(*testing.T) []spid.Transaction { return r.Transactions() }
	})
}
