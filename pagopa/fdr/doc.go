// Package fdr reconciles pagoPA payments with the money the banks actually credit: it reads
// reporting flows (flussi di rendicontazione, FdR), matches each line to a stored receipt, marks
// the transfers reported and reports every anomaly (pagopa.md §5.2).
//
// # Reading flows
//
// [ParseXML] parses the legacy FlussoRiversamento XML (what nodoChiediFlussoRendicontazione
// returns, base64-decoded): size-limited, DOCTYPE refused, every field checked against the XSD's
// simple types. [Client] reads the FdR 3 REST API (fdr_organization.json): [Client.Flows] lists the
// published flows, [Client.Flow] fetches one with all its lines.
//
// # Reconciling
//
// A [Reconciler] matches the lines of a [Flow] by IUV and transfer index to the paid transfers of
// a [Store] — a small consumer-side interface that the core pagopa store, a SQL store or
// [MemoryStore] can implement — marks the matches reported in one call, and returns a [Report]
// listing the anomalies: [MissingReceipt] (a line without receipt), [AmountMismatch],
// [DuplicateLine], [AlreadyReported] (the transfer was in another flow), [IURMismatch],
// [TotalsMismatch] (header versus lines) and [RevokedLine]. [Reconciler.Overdue] lists the
// receipts that no flow has reported after the grace period ([MissingFlow]).
//
// # Treasury credits
//
// A PSP settles each flow with one SEPA credit transfer whose remittance information reads
// /PUR/LGPE-RIVERSAMENTO/URI/<flow ID>. [FlowIDFromCausale] extracts the ID from a bank statement
// line and [MatchCredit] checks the credited amount against the flow's declared total.
package fdr
