package gpd

import (
	"encoding/json"
	"net/http"
	"strings"
)

// odpCode is one row of the GPD → node error table (pagopa.md §1.5, the
// payment options service's "APP ERROR CODES").
type odpCode struct {
	status int
	paa    string
}

// odpCodes is the table of pagopa.md §1.5, keyed by ODP code.
var odpCodes = map[string]odpCode{
	"ODP-101": {http.StatusBadRequest, "PAA_SINTASSI"},
	"ODP-102": {http.StatusUnprocessableEntity, "PAA_SEMANTICA"},
	"ODP-103": {http.StatusInternalServerError, "PAA_SYSTEM_ERROR"},
	"ODP-104": {http.StatusBadRequest, "PAA_ID_DOMINIO_ERRATO"},
	"ODP-105": {http.StatusBadRequest, "PAA_ID_INTERMEDIARIO_ERRATO"},
	"ODP-106": {http.StatusBadRequest, "PAA_STAZIONE_INT_ERRATA"},
	"ODP-107": {http.StatusNotFound, "PAA_PAGAMENTO_SCONOSCIUTO"},
	"ODP-108": {http.StatusConflict, "PAA_PAGAMENTO_DUPLICATO"},
	"ODP-109": {http.StatusConflict, "PAA_PAGAMENTO_IN_CORSO"},
	"ODP-110": {http.StatusUnprocessableEntity, "PAA_PAGAMENTO_SCADUTO"},
	"ODP-111": {http.StatusUnprocessableEntity, "PAA_PAGAMENTO_ANNULLATO"},
}

// decodeODP reads the ErrorResponse shape ({httpStatusCode, errorMessage,
// appErrorCode}) the payment options service uses, setting e.ODP when the
// code is in the table and agrees with the HTTP status. ODP-110 and ODP-111
// make the kind [ErrNotPayable].
func decodeODP(e *APIError, body []byte) {
	var er struct {
		Status  int    `json:"httpStatusCode"`
		Message string `json:"errorMessage"`
		Code    string `json:"appErrorCode"`
	}
	if len(body) == 0 || json.Unmarshal(body, &er) != nil || er.Code == "" {
		return
	}
	if e.Problem.Detail == "" {
		e.Problem.Detail = truncate(er.Message, 200)
	}
	if e.Problem.Status == 0 {
		e.Problem.Status = er.Status
	}
	row, ok := odpCodes[er.Code]
	if !ok || row.status != e.StatusCode && !(row.status == http.StatusInternalServerError && e.StatusCode >= 500) {
		return
	}
	e.ODP = er.Code
	if er.Code == "ODP-110" || er.Code == "ODP-111" {
		e.kind = ErrNotPayable
	}
}

// PAA returns the ODP code and the node's PAA fault code equivalent to e
// (pagopa.md §1.5), for a station that answers the node on top of GPD:
//
//   - an ODP code in the body (ErrorResponse appErrorCode) that agrees with
//     the HTTP status is mapped by the table, so every row is reachable:
//     ODP-104/105/106 (wrong EC, broker or station), ODP-108 vs ODP-109,
//     ODP-102 vs ODP-110 (expired) vs ODP-111 (cancelled);
//   - GPD's own ProblemJson carries no ODP code: a 422 "Not in payable
//     state" whose detail names the position status EXPIRED is ODP-110
//     (PAA_PAGAMENTO_SCADUTO), INVALID is ODP-111 (PAA_PAGAMENTO_ANNULLATO);
//     any other 422 is ODP-102 (PAA_SEMANTICA);
//   - otherwise the status decides: 400 ODP-101, 404 and 403 ODP-107 (a 403
//     is deliberately reported as unknown), 409 ODP-108 for a duplicate or a
//     payment found and ODP-109 for the other conflicts, anything else
//     ODP-103 (PAA_SYSTEM_ERROR).
func (e *APIError) PAA() (odp, paa string) {
	if row, ok := odpCodes[e.ODP]; ok {
		return e.ODP, row.paa
	}
	switch e.StatusCode {
	case http.StatusBadRequest:
		return "ODP-101", "PAA_SINTASSI"
	case http.StatusNotFound, http.StatusForbidden:
		return "ODP-107", "PAA_PAGAMENTO_SCONOSCIUTO"
	case http.StatusConflict:
		if e.kind == ErrAlreadyPaid || e.kind == ErrDuplicate {
			return "ODP-108", "PAA_PAGAMENTO_DUPLICATO"
		}
		return "ODP-109", "PAA_PAGAMENTO_IN_CORSO"
	case http.StatusUnprocessableEntity:
		if e.Code == "PAYMENT_OPTION_NOT_PAYABLE" {
			switch {
			case statusNamed(e.Problem.Detail, "EXPIRED"):
				return "ODP-110", "PAA_PAGAMENTO_SCADUTO"
			case statusNamed(e.Problem.Detail, "INVALID"):
				return "ODP-111", "PAA_PAGAMENTO_ANNULLATO"
			}
		}
		return "ODP-102", "PAA_SEMANTICA"
	}
	return "ODP-103", "PAA_SYSTEM_ERROR"
}

// statusNamed reports whether detail names the upper-case status as a whole
// word (so "INVALID" does not match "INVALIDATE" or "invalid request").
func statusNamed(detail, status string) bool {
	for _, w := range strings.FieldsFunc(detail, func(r rune) bool { return !('A' <= r && r <= 'Z' || r == '_') }) {
		if w == status {
			return true
		}
	}
	return false
}
