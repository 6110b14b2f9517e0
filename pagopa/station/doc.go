// Package station is a creditor body's (EC's) SOAP station for the pagoPA
// node: an [http.Handler] implementing paForNode (SANP 3.x, SOAP 1.1
// document/literal) over a [pagopa.Store].
//
//	st, err := station.New(station.Config{
//		Organizations: []string{"01199250158"},
//		BrokerID:      "15376371009",
//		StationID:     "15376371009_01",
//		Store:         store,
//		OnReceipt:     func(ctx context.Context, r pagopa.Receipt) { /* move the application on */ },
//	})
//	http.Handle("POST /pagopa/paForNode", st)
//
// # Operations
//
//   - paVerifyPaymentNotice: the amount, due date and description of a notice.
//   - paGetPayment, paGetPaymentV2: activation. The option is locked for
//     [Config.ActivationLock] and its transfers returned; V2 adds the
//     beneficiary's name per transfer and digital stamps (marca da bollo),
//     which V1 cannot carry (PAA_SEMANTICA). With transferType POSTAL the
//     postal IBANs are returned where the transfer has one.
//   - paSendRT, paSendRTV2: the receipt. It is stored once per (EC, IUV,
//     receiptId, recipient EC) and the option marked paid in the same
//     atomic store operation; the same receipt again is answered
//     PAA_RECEIPT_DUPLICATA, so the node's retries are harmless. A KO
//     receipt is kept without paying the option and does not block the
//     receipt of a later payment; a receipt the position can no longer take
//     (invalidated after activation) is kept, answered OK and logged as a
//     warning, because the money has already moved.
//     [Config.OnReceipt] is called once per stored receipt.
//     A receipt for another EC's position that names this EC in a transfer
//     (multi-beneficiary payments) is stored without a position. When the
//     station serves both the payee and a co-beneficiary, the node delivers
//     the receipt once to each; both deliveries are stored and answered OK,
//     the position is paid once.
//
// # Double payments
//
// A receipt with another receiptId for an option already paid means the
// citizen paid twice (two PSPs, or a payment made after one recorded from
// GPD): the money has moved, the flow (FdR) will list it, and the EC owes a
// refund. The station stores it, flagged [pagopa.Receipt.DoublePayment], in
// the same store operation that detects it, leaves the position as it is,
// logs a warning, reports it to [Config.OnDoublePayment] (or, if that is
// nil, to [Config.OnReceipt] with the flag set) and answers the node OK:
// the fault table has no code for a different receipt of a paid notice
// (PAA_RECEIPT_DUPLICATA is for the same receipt again), and OK ends the
// node's retries. [pagopa.Store.DoublePayments] lists them; the same
// receipt sent again is PAA_RECEIPT_DUPLICATA.
//
//   - paDemandPaymentNotice: spontaneous payments through [Config.Demand].
//
// # Faults
//
// Every answer the node can act on is HTTP 200 with the operation's
// response element: outcome OK, or outcome KO and a fault bean whose id is
// the EC's fiscal code. Checks run in this order:
//
//	request not well-formed, DTD, XSD violation  PAA_SINTASSI_EXTRAXSD (paDemandPaymentNotice: PAA_SINTASSI_XSD)
//	idPA (or qrCode.fiscalCode) not served       PAA_ID_DOMINIO_ERRATO
//	idBrokerPA wrong                             PAA_ID_INTERMEDIARIO_ERRATO
//	idStation wrong                              PAA_STAZIONE_INT_ERRATA
//	notice unknown, DRAFT, not yet valid         PAA_PAGAMENTO_SCONOSCIUTO
//	option or position already paid              PAA_PAGAMENTO_DUPLICATO
//	activation lock held                         PAA_PAGAMENTO_IN_CORSO
//	position EXPIRED or option past due          PAA_PAGAMENTO_SCADUTO
//	position INVALID                             PAA_PAGAMENTO_ANNULLATO
//	amount mismatch, unknown IUV in a receipt    PAA_SEMANTICA
//	the same receipt already stored              PAA_RECEIPT_DUPLICATA (a different receipt of a paid option: OK, double payment)
//	store failure                                PAA_SYSTEM_ERROR (the node retries paSendRT)
//
// A request whose operation cannot be identified (not SOAP, unknown body
// element, and no usable SOAPAction header) gets a SOAP 1.1 Fault with HTTP
// 500.
//
// # Safety
//
// Request bodies are limited to [Config.MaxRequestBytes] and parsed with
// encoding/xml in strict mode; DTDs, entity declarations and processing
// instructions are refused, so no entity is ever expanded. The handler never
// panics: a panic in a hook or store is recovered and answered
// PAA_SYSTEM_ERROR. Responses are written element by element in the order
// the XSD sequences require; the golden tests validate every one of them
// against the official paForNode.xsd and envelope.xsd with xmllint.
package station
