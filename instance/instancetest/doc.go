// Package instancetest is the conformance suite for implementations of
// [instance.Store], in the manner of testing/fstest: a store package runs
//
//	func TestStore(t *testing.T) {
//		instancetest.TestStore(t, func(t *testing.T) instance.Store { return newStoreForTest(t) })
//	}
//
// and the suite checks creation and reads, optimistic concurrency under
// concurrent writers, the append-only event log, the outbox, the citizen's
// list and the office's worklist with their filters, sorting and paging.
// Each subtest gets a fresh, empty store from newStore.
package instancetest
