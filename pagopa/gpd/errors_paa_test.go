package gpd_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/siopi/siopi/pagopa/gpd"
)

// odpBody is the ErrorResponse of the payment options service, which names the
// ODP code (pagopa.md §1.5).
func odpBody(status int, code string) string {
	return fmt.Sprintf(`{"httpStatusCode":%d,"httpStatusDescription":%q,"errorMessage":"custom description","appErrorCode":%q,"timestamp":1724425035}`,
		status, http.StatusText(status), code)
}

// problemBody is GPD's ProblemJson.
func problemBody(status int, title, detail string) string {
	return fmt.Sprintf(`{"title":%q,"status":%d,"detail":%q}`, title, status, detail)
}

// TestPAA maps each case of the domain file's GPD → PAA table (pagopa.md §1.5),
// in particular the three 422 cases (ODP-102, ODP-110, ODP-111).
func TestPAA(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		status   int
		body     string
		kind     error
		odp, paa string
	}{
		{"ODP-101", 400, odpBody(400, "ODP-101"), gpd.ErrBadRequest, "ODP-101", "PAA_SINTASSI"},
		{"ODP-102", 422, odpBody(422, "ODP-102"), gpd.ErrUnprocessable, "ODP-102", "PAA_SEMANTICA"},
		{"ODP-103", 500, odpBody(500, "ODP-103"), gpd.ErrServer, "ODP-103", "PAA_SYSTEM_ERROR"},
		{"ODP-104", 400, odpBody(400, "ODP-104"), gpd.ErrBadRequest, "ODP-104", "PAA_ID_DOMINIO_ERRATO"},
		{"ODP-105", 400, odpBody(400, "ODP-105"), gpd.ErrBadRequest, "ODP-105", "PAA_ID_INTERMEDIARIO_ERRATO"},
		{"ODP-106", 400, odpBody(400, "ODP-106"), gpd.ErrBadRequest, "ODP-106", "PAA_STAZIONE_INT_ERRATA"},
		{"ODP-107", 404, odpBody(404, "ODP-107"), gpd.ErrNotFound, "ODP-107", "PAA_PAGAMENTO_SCONOSCIUTO"},
		{"ODP-108", 409, odpBody(409, "ODP-108"), gpd.ErrConflict, "ODP-108", "PAA_PAGAMENTO_DUPLICATO"},
		{"ODP-109", 409, odpBody(409, "ODP-109"), gpd.ErrConflict, "ODP-109", "PAA_PAGAMENTO_IN_CORSO"},
		{"ODP-110", 422, odpBody(422, "ODP-110"), gpd.ErrNotPayable, "ODP-110", "PAA_PAGAMENTO_SCADUTO"},
		{"ODP-111", 422, odpBody(422, "ODP-111"), gpd.ErrNotPayable, "ODP-111", "PAA_PAGAMENTO_ANNULLATO"},
		{"not payable, expired position", 422, problemBody(422, "Not in payable state", "Payment Option [01] is not in payable state: position status EXPIRED"),
			gpd.ErrNotPayable, "ODP-110", "PAA_PAGAMENTO_SCADUTO"},
		{"not payable, invalidated position", 422, problemBody(422, "Not in payable state", "Payment Option [01] is not in payable state: position status INVALID"),
			gpd.ErrNotPayable, "ODP-111", "PAA_PAGAMENTO_ANNULLATO"},
		{"not payable, no status", 422, problemBody(422, "Not in payable state", "Payment Option [01] is not in payable state"),
			gpd.ErrNotPayable, "ODP-102", "PAA_SEMANTICA"},
		{"multi-instalment in v1", 422, problemBody(422, "Multi-installment payment options are not supported in v1", "use v3"),
			gpd.ErrUnprocessable, "ODP-102", "PAA_SEMANTICA"},
		{"422 without a body", 422, "", gpd.ErrUnprocessable, "ODP-102", "PAA_SEMANTICA"},
		{"unknown ODP code", 422, odpBody(422, "ODP-999"), gpd.ErrUnprocessable, "ODP-102", "PAA_SEMANTICA"},
		{"ODP code contradicting the status", 404, odpBody(404, "ODP-110"), gpd.ErrNotFound, "ODP-107", "PAA_PAGAMENTO_SCONOSCIUTO"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, v1+"/paymentoptions/paids/301000000001234519",
				httpmock.NewStringResponder(tc.status, tc.body).HeaderSet(http.Header{"Content-Type": {"application/json"}}))
			_, err := newClient(t, mt).MarkPaid(t.Context(), "301000000001234519", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
			ae, ok := errors.AsType[*gpd.APIError](err)
			if !ok {
				t.Fatalf("err %v (%T) is not *APIError", err, err)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("kind %v, want %v", ae.Kind(), tc.kind)
			}
			if odp, paa := ae.PAA(); odp != tc.odp || paa != tc.paa {
				t.Errorf("PAA() = %s %s, want %s %s", odp, paa, tc.odp, tc.paa)
			}
		})
	}
}
