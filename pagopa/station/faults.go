package station

import (
	"errors"

	"github.com/siopi/siopi/pagopa"
)

// Fault codes the station answers with (SANP "Domino EC").
const (
	FaultSyntaxExtraXSD      = "PAA_SINTASSI_EXTRAXSD"
	FaultSyntaxXSD           = "PAA_SINTASSI_XSD"
	FaultWrongDomain         = "PAA_ID_DOMINIO_ERRATO"
	FaultWrongBroker         = "PAA_ID_INTERMEDIARIO_ERRATO"
	FaultWrongStation        = "PAA_STAZIONE_INT_ERRATA"
	FaultUnknownPayment      = "PAA_PAGAMENTO_SCONOSCIUTO"
	FaultPaymentDuplicate    = "PAA_PAGAMENTO_DUPLICATO"
	FaultPaymentInProgress   = "PAA_PAGAMENTO_IN_CORSO"
	FaultPaymentExpired      = "PAA_PAGAMENTO_SCADUTO"
	FaultPaymentCancelled    = "PAA_PAGAMENTO_ANNULLATO"
	FaultSemantic            = "PAA_SEMANTICA"
	FaultReceiptDuplicate    = "PAA_RECEIPT_DUPLICATA"
	FaultSystemError         = "PAA_SYSTEM_ERROR"
	receiptDuplicateFaultStr = "La ricevuta è già stata acquisita dall'Ente Creditore"
)

// faultStrings are the official faultStrings (docs.pagopa.it, gestione degli
// errori, "Domino EC"). PAA_RECEIPT_DUPLICATA is not in that table; its text
// is the station's own.
var faultStrings = map[string]string{
	FaultSyntaxExtraXSD:    "Errore di sintassi extra XSD",
	FaultSyntaxXSD:         "Errore di sintassi XSD",
	FaultWrongDomain:       "La PAA non corrisponde al Dominio indicato",
	FaultWrongBroker:       "Identificativo intermediario non corrispondente",
	FaultWrongStation:      "Stazione intermediario non corrispondente",
	FaultUnknownPayment:    "Pagamento in attesa risulta sconosciuto all’Ente Creditore",
	FaultPaymentDuplicate:  "Pagamento in attesa risulta concluso all’Ente Creditore",
	FaultPaymentInProgress: "Pagamento in attesa risulta in corso all’Ente Creditore",
	FaultPaymentExpired:    "Pagamento in attesa risulta scaduto all’Ente Creditore",
	FaultPaymentCancelled:  "Pagamento in attesa risulta annullato all’Ente Creditore",
	FaultSemantic:          "Errore semantico",
	FaultReceiptDuplicate:  receiptDuplicateFaultStr,
	FaultSystemError:       "Errore generico",
}

// Fault is a PAA fault the station answers with (ctFaultBean). A [DemandFunc]
// may return one to choose the fault code itself.
type Fault struct {
	Code        string // e.g. FaultSemantic
	String      string // faultString; empty means the official one for Code
	Description string // optional detail, never personal data
}

// Error returns the fault code and its description.
func (f *Fault) Error() string {
	if f.Description != "" {
		return "station: " + f.Code + ": " + f.Description
	}
	return "station: " + f.Code
}

func newFault(code, description string) *Fault {
	return &Fault{Code: code, String: faultStrings[code], Description: description}
}

// faultFor maps an error to the fault the node expects, in one place:
//
//	pagopa.ErrNotFound, pagopa.ErrNotPayable → PAA_PAGAMENTO_SCONOSCIUTO
//	pagopa.ErrAlreadyPaid                     → PAA_PAGAMENTO_DUPLICATO
//	pagopa.ErrInProgress                      → PAA_PAGAMENTO_IN_CORSO
//	pagopa.ErrExpired                         → PAA_PAGAMENTO_SCADUTO
//	pagopa.ErrCancelled                       → PAA_PAGAMENTO_ANNULLATO
//	pagopa.ErrReceiptDuplicate                → PAA_RECEIPT_DUPLICATA
//	pagopa.ErrInvalid, ErrReceiptMismatch,
//	ErrTransition, ErrConflict                → PAA_SEMANTICA
//	anything else                             → PAA_SYSTEM_ERROR
func faultFor(err error, syntaxCode string) *Fault {
	var f *Fault
	switch {
	case errors.As(err, &f):
		if f.String == "" {
			return newFault(f.Code, f.Description)
		}
		return f
	case errors.Is(err, errSyntax), errors.Is(err, pagopa.ErrReceiptSyntax):
		return newFault(syntaxCode, err.Error())
	case errors.Is(err, pagopa.ErrReceiptDuplicate):
		return newFault(FaultReceiptDuplicate, "")
	case errors.Is(err, pagopa.ErrAlreadyPaid):
		return newFault(FaultPaymentDuplicate, "")
	case errors.Is(err, pagopa.ErrInProgress):
		return newFault(FaultPaymentInProgress, "")
	case errors.Is(err, pagopa.ErrExpired):
		return newFault(FaultPaymentExpired, "")
	case errors.Is(err, pagopa.ErrCancelled):
		return newFault(FaultPaymentCancelled, "")
	case errors.Is(err, pagopa.ErrNotFound), errors.Is(err, pagopa.ErrNotPayable):
		return newFault(FaultUnknownPayment, "")
	case errors.Is(err, pagopa.ErrReceiptMismatch), errors.Is(err, pagopa.ErrInvalid),
		errors.Is(err, pagopa.ErrTransition), errors.Is(err, pagopa.ErrConflict):
		return newFault(FaultSemantic, err.Error())
	default:
		return newFault(FaultSystemError, "")
	}
}
