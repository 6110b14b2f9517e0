// Package spidstoretest holds the conformance suites of the persistence
// interfaces of package spid: [spid.RequestStore], [spid.ReplayStore] and
// [spid.Register]. An implementation (the in-memory ones in spid, the SQL
// ones in sqlstore) runs them from its own tests, in the style of
// testing/fstest.TestFS:
//
//	func TestRequestStore(t *testing.T) {
//		spidstoretest.TestRequestStore(t, func(t *testing.T) spid.RequestStore {
//			return newStoreOnAFreshDatabase(t)
//		})
//	}
//
// # What the suites check
//
//   - RequestStore: a saved request comes back whole, once; an unknown or
//     expired request is [spid.ErrUnknownRequest]; of 50 concurrent Takes of
//     one request exactly one wins (checklist 48: one Response per request).
//   - ReplayStore: an ID is accepted once until it expires ([spid.ErrReplay]
//     after that), also under 50 concurrent Uses; an expired record does not
//     block a new use.
//   - Register: every field of a [spid.Transaction] is kept (checklist E),
//     in order, also under concurrent Records.
//
// # Time
//
// Expiry is tested with instants in the past and in the future relative to
// time.Now, so a store may take its clock from Go or from its database, as
// long as that clock is within a few seconds of the test's.
package spidstoretest
