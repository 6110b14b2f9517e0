package gpdtest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
)

// Config configures a [Fake]. Zero fields are defaults.
type Config struct {
	// SubscriptionKey is the only key accepted; empty accepts any non-empty key.
	SubscriptionKey string
	// Store keeps the positions; nil means a fresh pagopa.NewMemoryStore().
	Store pagopa.Store
	// Now is the server's clock (validation, publication, expiry); nil means time.Now.
	Now func() time.Time
}

// Fake is an in-process GPD: the v1 and v3 debt-position endpoints under the same paths as the
// real service, with GPD's validation ([gpd.ValidatePosition]), its error bodies and the position
// state machine of package pagopa. It is an http.Handler; [NewServer] starts it on a test server.
//
// The receipts API (list and get) serves the receipts [Fake.Pay] produced.
//
// Limits of the fake: an update that changes the set of IUVs is a delete then a
// create, and a v2 bulk call checks every position first and then applies them one by one (a store
// failure midway is not rolled back); a v3 position's plans share the first plan's debtor and
// validity.
type Fake struct {
	key   string
	store pagopa.Store
	now   func() time.Time
	mux   *http.ServeMux

	mu     sync.Mutex
	inject []int     // statuses to answer the next requests with
	paid   []paidIUV // receipts Pay produced, in order
	url    string    // set by NewServer
}

// New returns a fake GPD.
func New(cfg Config) *Fake {
	f := &Fake{key: cfg.SubscriptionKey, store: cfg.Store, now: cfg.Now, mux: http.NewServeMux()}
	if f.store == nil {
		f.store = pagopa.NewMemoryStore()
	}
	if f.now == nil {
		f.now = time.Now
	}
	f.routes()
	return f
}

// NewServer starts f on an httptest server closed at the end of the test, and returns a gpd
// client configured for it (EC org, key "test-key").
func NewServer(t testing.TB, cfg Config, org string) (*Fake, *gpd.Client) {
	t.Helper()
	f := New(cfg)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	key := cfg.SubscriptionKey
	if key == "" {
		key = "test-key"
	}
	c, err := gpd.New(gpd.Config{SubscriptionKey: key, OrganizationFiscalCode: org, BaseURL: srv.URL,
		HTTPClient: srv.Client(), Now: f.now, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

// URL returns the base URL of the test server started by [NewServer] ("" otherwise); use it as
// [gpd.Config.BaseURL].
func (f *Fake) URL() string { return f.url }

// Store returns the store behind f, to inspect or seed positions.
func (f *Fake) Store() pagopa.Store { return f.store }

// InjectStatus makes the next len(statuses) requests fail with those HTTP statuses, in order
// (e.g. 503, 429), to exercise a client's retries.
func (f *Fake) InjectStatus(statuses ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inject = append(f.inject, statuses...)
}

// Pay records a payment of option iuv of org as the node would after a receipt: the option becomes
// paid, the position PAID or PARTIALLY_PAID, and a receipt with receiptID is stored (served by the
// receipts API).
func (f *Fake) Pay(ctx context.Context, org string, iuv pagopa.IUV, receiptID string) error {
	p, err := f.store.PositionByIUV(ctx, org, iuv)
	if err != nil {
		return err
	}
	now := f.now()
	o, ok := p.Option(iuv)
	if !ok {
		return pagopa.ErrNotFound
	}
	paid := *o
	paid.PaymentDate = now
	rc := receiptOf(&p, &paid, receiptID)
	_, err = f.store.RecordReceipt(ctx, rc, func(p *pagopa.Position) error {
		p.Refresh(now)
		if _, err := p.Payable(iuv, now); err != nil {
			return err
		}
		return p.MarkPaid(iuv, receiptID, now)
	})
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.paid = append(f.paid, paidIUV{org, iuv})
	f.mu.Unlock()
	return nil
}

// Report marks transfer transferID of the paid option iuv reported, as an FdR would.
func (f *Fake) Report(ctx context.Context, org string, iuv pagopa.IUV, transferID int) error {
	p, err := f.store.PositionByIUV(ctx, org, iuv)
	if err != nil {
		return err
	}
	_, err = f.store.UpdatePosition(ctx, org, p.IUPD, func(p *pagopa.Position) error {
		return p.MarkReported(iuv, transferID)
	})
	return err
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Ocp-Apim-Subscription-Key")
	if key == "" || (f.key != "" && key != f.key) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	f.mu.Lock()
	var status int
	if len(f.inject) > 0 {
		status, f.inject = f.inject[0], f.inject[1:]
	}
	f.mu.Unlock()
	if status != 0 {
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		writeProblem(w, status, http.StatusText(status), "injected failure")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<20)
	f.mux.ServeHTTP(w, r)
}

func (f *Fake) routes() {
	for _, base := range []string{"/gpd/debt-positions-service/v1", "/gpd/api/v1"} {
		org := base + "/organizations/{org}"
		f.mux.HandleFunc("GET "+base+"/info", f.info)
		f.mux.HandleFunc("POST "+org+"/debtpositions", f.createV1)
		f.mux.HandleFunc("GET "+org+"/debtpositions", f.listV1)
		f.mux.HandleFunc("GET "+org+"/debtpositions/{iupd}", f.getV1)
		f.mux.HandleFunc("PUT "+org+"/debtpositions/{iupd}", f.updateV1)
		f.mux.HandleFunc("DELETE "+org+"/debtpositions/{iupd}", f.delete)
		f.mux.HandleFunc("POST "+org+"/debtpositions/{iupd}/publish", f.transition(false, publish))
		f.mux.HandleFunc("POST "+org+"/debtpositions/{iupd}/invalidate", f.transition(false, invalidate))
		f.mux.HandleFunc("POST "+org+"/paymentoptions/paids/{nav}", f.markPaid)
		f.mux.HandleFunc("PATCH "+org+"/debtpositions/transfers", f.updateIBANs)
	}
	v2 := "/gpd/debt-positions-service/v2/organizations/{org}"
	f.mux.HandleFunc("POST "+v2+"/debtpositions", f.bulkCreate)
	f.mux.HandleFunc("PUT "+v2+"/debtpositions", f.bulkUpdate)
	f.mux.HandleFunc("DELETE "+v2+"/debtpositions", f.bulkDelete)
	f.mux.HandleFunc("POST "+v2+"/paymentoptions/paids/{nav}", f.markPaid)
	v3 := "/gpd/debt-positions-service/v3/organizations/{org}"
	f.mux.HandleFunc("GET "+receiptsBase, f.listReceipts)
	f.mux.HandleFunc("GET "+receiptsBase+"/{iuv}", f.getReceipt)
	f.mux.HandleFunc("POST "+v3+"/debtpositions", f.createV3)
	f.mux.HandleFunc("GET "+v3+"/debtpositions", f.listV3)
	f.mux.HandleFunc("GET "+v3+"/debtpositions/{iupd}", f.getV3)
	f.mux.HandleFunc("PUT "+v3+"/debtpositions/{iupd}", f.updateV3)
	f.mux.HandleFunc("DELETE "+v3+"/debtpositions/{iupd}", f.delete)
	f.mux.HandleFunc("POST "+v3+"/debtpositions/{iupd}/publish", f.transition(true, publish))
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "Not Found", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
}

func (f *Fake) info(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, gpd.Info{Name: "gpdtest", Version: "1.0.0", Environment: "test"})
}

// Problem titles GPD uses ([GPD] AppError.java); gpd maps them back to its sentinel kinds.
const (
	titleRequestData      = "Error in the debt position request data"
	titleUnique           = "The debt position violated constraints of uniqueness"
	titleNotFound         = "Not found the debt position"
	titleOptionNotFound   = "Not found the payment option"
	titleNotUpdatable     = "Existing related payment found or not in updatable state"
	titleNotPublishable   = "Existing related payment found or not in publishable state"
	titleValidityMismatch = "Publish request occurred after the validity date began"
	titleDueMismatch      = "Publish request occurred after the due date of a payment options has expired"
	titleNotInvalidable   = "Existing related payment found or not in invalidable state"
	titlePaymentFound     = "Existing related payment found"
	titleNotPayable       = "Not in payable state"
)

func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/json") // as the OpenAPI documents declare
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(gpd.Problem{Title: title, Status: status, Detail: detail})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(r.Body)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeProblem(w, http.StatusBadRequest, titleRequestData, "malformed JSON body")
		return false
	}
	return true
}

func toPublish(r *http.Request) bool {
	b, _ := strconv.ParseBool(r.URL.Query().Get("toPublish"))
	return b
}

// storeError answers for a store or state-machine error.
func storeError(w http.ResponseWriter, err error, org, iupd string) {
	detail := "organization " + org + ", iupd " + iupd
	switch {
	case errors.Is(err, pagopa.ErrNotFound):
		writeProblem(w, http.StatusNotFound, titleNotFound, "Not found a debt position for "+detail)
	case errors.Is(err, pagopa.ErrConflict):
		writeProblem(w, http.StatusConflict, titleUnique, "Already exists a debt position for "+detail+" or one of its payment options is not unique")
	case errors.Is(err, pagopa.ErrInvalid):
		writeProblem(w, http.StatusBadRequest, titleRequestData, err.Error())
	default:
		writeProblem(w, http.StatusInternalServerError, "Internal Server Error", err.Error())
	}
}
