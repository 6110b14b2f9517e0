package fdr

import (
	"time"

	"github.com/siopi/siopi/pagopa"
)

// Flow is a reporting flow (flusso di rendicontazione): what one PSP settled to one EC with one
// SEPA credit transfer, line by line. It comes from the legacy FlussoRiversamento XML
// ([ParseXML]) or from the FdR 3 REST API ([Client.Flow]).
type Flow struct {
	ID             string        // identificativoFlusso / fdr, e.g. "2026-03-01PSPITMMXXX-0001"
	Revision       int64         // FdR 3 revision; 0 for legacy XML flows
	Date           time.Time     // dataOraFlusso / fdrDate
	Regulation     string        // identificativoUnivocoRegolamento: the credit transfer's reference (TRN)
	RegulationDate time.Time     // dataRegolamento, a civil date at UTC midnight
	PSP            string        // sender PSP identifier
	PSPName        string        // sender name, when given
	BIC            string        // codiceBicBancaDiRiversamento / bicCodePouringBank, optional
	Receiver       string        // the EC's fiscal code (receiver organisation)
	ReceiverName   string        // the EC's name, when given
	TotalPayments  int           // numeroTotalePagamenti / totPayments, as declared
	TotalAmount    pagopa.Amount // importoTotalePagamenti / sumPayments, as declared
	Lines          []Line
}

// Line is one settled transfer of a flow (datiSingoliPagamenti / Payment).
type Line struct {
	IUV     string        // identificativoUnivocoVersamento
	IUR     string        // identificativoUnivocoRiscossione (the receipt id / payment token)
	Index   int           // indiceDatiSingoloPagamento / idTransfer, 1..5 (1 when absent)
	Amount  pagopa.Amount // singoloImportoPagato
	Outcome Outcome       // codiceEsitoSingoloPagamento / payStatus
	Date    time.Time     // dataEsitoSingoloPagamento / payDate
}

// Outcome is the outcome of a flow line.
type Outcome string

// Outcomes of a flow line. Legacy codes: 0 = Executed, 3 = Revoked, 9 = NoRPT.
const (
	Executed     Outcome = "EXECUTED"        // paid (0)
	Revoked      Outcome = "REVOKED"         // payment revoked (3)
	NoRPT        Outcome = "NO_RPT"          // paid without a payment request (9)
	StandIn      Outcome = "STAND_IN"        // paid through the node's stand-in
	StandInNoRPT Outcome = "STAND_IN_NO_RPT" // stand-in, without a payment request
)

// Key identifies a reported transfer: the IUV and the transfer index.
type Key struct {
	IUV   string
	Index int
}

// Key returns the key of l.
func (l Line) Key() Key { return Key{IUV: l.IUV, Index: l.Index} }

// Sum returns the sum of the amounts of the flow's lines, revoked ones excluded.
func (f *Flow) Sum() pagopa.Amount {
	var s pagopa.Amount
	for _, l := range f.Lines {
		if l.Outcome != Revoked {
			s += l.Amount
		}
	}
	return s
}
