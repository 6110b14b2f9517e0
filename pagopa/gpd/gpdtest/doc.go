// Package gpdtest is a fake GPD server for tests and for the portal's demo mode: the v1 and v3
// debt-position endpoints of pagoPA's Gestione Posizioni Debitorie, under the real paths, with
// GPD's validation, its problem bodies and the position state machine of package pagopa
// (pagopa.md §1).
//
// # Use
//
// In a test, [NewServer] starts a [Fake] on an httptest server and returns a configured
// [github.com/siopi/siopi/pagopa/gpd.Client]:
//
//	fake, client := gpdtest.NewServer(t, gpdtest.Config{}, "01234567897")
//
// Elsewhere (the demo), [New] returns the fake as an http.Handler to mount on any listener.
//
// # Driving payments
//
// GPD learns of payments from the node, which the fake does not run: [Fake.Pay] records a payment
// as a receipt would (VALID → PAID or PARTIALLY_PAID) and [Fake.Report] a reported transfer
// (→ REPORTED). [Fake.InjectStatus] makes the next requests fail, to exercise retries.
//
// # Fidelity
//
// Responses validate against the official OpenAPI documents (a test checks it). The v1 and v3
// endpoints and the v2 bulk ones are served; the receipts API is not. The fake requires IUVs whose
// notice numbers carry valid check digits (the core validation); an update that changes the IUVs
// replaces the position; the plans of a v3 position must share one debtor. This package was asked for as pagopa/pagopatest in issue 7; it
// lives next to its client because pagopatest belongs to the station.
package gpdtest
