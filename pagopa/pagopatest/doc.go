// Package pagopatest holds test helpers for package pagopa and its
// implementations: a fake pagoPA node that drives a creditor body's station,
// the conformance suite of [pagopa.Store], and fixtures.
//
// # Fake node
//
// There is no offline simulator of the node that calls an EC, so [Node]
// plays its part over HTTP: [Node.Verify] (paVerifyPaymentNotice),
// [Node.GetPayment] (paGetPaymentV2, or paGetPayment), [Node.SendReceipt]
// (paSendRTV2 or paSendRT, with the receipt [Node.Receipt] builds from the
// activation's data and the node's PSP) and [Node.Pay], which runs the three
// in order. Tests call the steps in any order and any number of times to
// duplicate or reorder them; with NodeConfig.Record, [Node.Replay] resends a
// recorded call byte for byte. A KO answer is a [*FaultError]; [FaultCode]
// extracts its code. The request builders ([Node.VerifyRequest],
// [Node.GetPaymentRequest], [Node.SendRTRequest], [Node.DemandRequest])
// produce the exact envelopes, valid against paForNode.xsd, for golden tests.
//
// # Store conformance
//
// [TestStore] checks a [pagopa.Store] implementation: round trips, unique
// IUPDs and IUVs, atomic updates, activation locks, receipts recorded once,
// double payments (a second receipt ID for a paid option) stored flagged and
// listed, deliveries of one receipt to several beneficiaries, and the same
// under concurrency (no lost update, one lock holder, one payment per IUV
// and every other payment kept as a double payment).
//
//	func TestSQLiteStore(t *testing.T) {
//		pagopatest.TestStore(t, func(t *testing.T) pagopa.Store { return newSQLiteStore(t) })
//	}
package pagopatest
