// Package gpd is a client of pagoPA's GPD (Gestione Posizioni Debitorie): the hosted service to
// which an Ente Creditore pushes its debt positions so that PagoPA answers the node on its behalf
// (pagopa.md §1).
//
// # APIs covered
//
//   - v1, single positions: [Client.CreatePosition], [Client.GetPosition], [Client.ListPositions]
//     (an iter.Seq2 over every page, with the status, due-date and payment-date filters),
//     [Client.UpdatePosition], [Client.DeletePosition], [Client.PublishPosition],
//     [Client.InvalidatePosition], [Client.MarkPaid] (paid outside pagoPA), [Client.UpdateIBANs]
//     (massive IBAN change) and [Client.Health]; [Client.PutPosition] is the idempotent
//     create-or-update an outbox worker needs;
//   - v2, atomic bulk: [Client.CreatePositions], [Client.UpdatePositions], [Client.DeletePositions];
//   - v3, instalment plans: [Client.CreatePositionV3] and the other *V3 methods;
//   - the receipts API: [Client.ListReceipts], [Client.GetReceipt].
//
// The wire types ([Position], [Option], [Transfer], [PositionV3]) follow the OpenAPI schemas
// field by field; [FromCore], [Position.ToCore], [FromCoreV3] and [PositionV3.ToCore] convert to and from the core
// [github.com/siopi/siopi/pagopa] types.
//
// # Validation before sending
//
// Create and update calls run [ValidatePosition] (or [ValidatePositionV3]) first, mirroring GPD's
// own DebtPositionValidation: a position GPD would refuse with 400 is refused locally with a
// [*ValidationError] listing every broken rule, and nothing is sent.
//
// # Errors
//
// Every non-2xx answer becomes an [*APIError] carrying the status, the problem body, GPD's error
// code (DEBT_POSITION_NOT_FOUND, …) and a sentinel kind for errors.Is ([ErrNotFound],
// [ErrDuplicate], [ErrNotUpdatable], [ErrAlreadyPaid], …). [APIError.PAA] maps it onto the node's
// ODP/PAA fault codes (pagopa.md §1.5), for a station that answers the node on top of GPD.
//
// # Retries
//
// Requests go through go-retryablehttp with [CheckRetry]: GET, PUT and DELETE are retried on
// transport errors, 429 and 5xx; POST and PATCH only on 429 or when the connection was never made.
// A create that fails with a 5xx is not repeated: the client reads the position back by IUPD and
// returns it if the create took effect.
//
// # Testing
//
// Package [github.com/siopi/siopi/pagopa/gpd/gpdtest] is a fake GPD server (v1 and v3) with the
// same validation and state machine, for tests and the portal's demo mode.
package gpd
