package station

import (
	"bytes"
	"context"
	"encoding/xml"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
)

// panicCatcher is a slog handler that counts the station's panic reports.
type panicCatcher struct{ n *atomic.Int32 }

func (h panicCatcher) Enabled(context.Context, slog.Level) bool { return true }
func (h panicCatcher) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "station: panic" {
		h.n.Add(1)
	}
	return nil
}
func (h panicCatcher) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h panicCatcher) WithGroup(string) slog.Handler      { return h }

// FuzzServeHTTP feeds arbitrary bodies to a station: it must never panic
// (not even a recovered one), answer 200 or 500, and always answer
// well-formed XML.
func FuzzServeHTTP(f *testing.F) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	store := pagopa.NewMemoryStore()
	for base := int64(1); base <= 3; base++ {
		n, _ := pagopa.NewNoticeNumber(1, base)
		p := pagopatest.NewPosition(pagopatest.Organization, n, 12050, now.AddDate(0, 1, 0))
		_ = p.Publish(now)
		if _, err := store.CreatePosition(context.Background(), p); err != nil {
			f.Fatal(err)
		}
	}
	var panics atomic.Int32
	s, err := New(Config{Organizations: []string{pagopatest.Organization}, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, Store: store, Now: func() time.Time { return now }, ActivationLock: -1,
		Logger: slog.New(panicCatcher{&panics}),
		Demand: func(context.Context, DemandRequest) (pagopa.Position, error) {
			return pagopa.Position{}, pagopa.ErrNotFound
		}})
	if err != nil {
		f.Fatal(err)
	}
	// Seeds: the node's requests of the golden tests, and their responses.
	node, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: "x", BrokerID: pagopatest.Broker, StationID: pagopatest.Station})
	n1, _ := pagopa.NewNoticeNumber(1, 1)
	f.Add(node.VerifyRequest(pagopatest.Organization, n1))
	f.Add(node.GetPaymentRequest(pagopatest.Organization, n1, pagopatest.GetPaymentOptions{}))
	f.Add(node.DemandRequest(pagopatest.Organization, "00001", "00002", []byte("<a/>")))
	rc := pagopa.Receipt{ReceiptID: "r", NoticeNumber: n1, OrganizationFiscalCode: pagopatest.Organization, Outcome: "OK",
		IUV: n1.IUV(), Amount: 12050, Description: "d", CompanyName: "c",
		Debtor:    pagopa.Debtor{Type: "F", FiscalCode: "RSSMRA79B11C566R", FullName: "Mario Rossi"},
		Transfers: []pagopa.ReceiptTransfer{{ID: 1, Amount: 6025, OrganizationFiscalCode: pagopatest.Organization, IBAN: "IT00", RemittanceInformation: "r", Category: "9/0101101IM/"}, {ID: 2, Amount: 6025, OrganizationFiscalCode: pagopatest.Organization, MBDAttachment: []byte("x"), RemittanceInformation: "r", Category: "c"}},
		PSP:       pagopatest.DefaultPSP, PaymentDateTime: now}
	f.Add(node.SendRTRequest(pagopatest.Organization, rc, false))
	f.Add(node.SendRTRequest(pagopatest.Organization, rc, true))
	if files, _ := filepath.Glob(filepath.Join("testdata", "*.xml")); len(files) > 0 {
		for _, file := range files[:min(len(files), 8)] {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if panics.Load() != 0 {
			t.Fatalf("the station panicked on %q", body)
		}
		if rec.Code != http.StatusOK && rec.Code != http.StatusInternalServerError {
			t.Fatalf("status %d", rec.Code)
		}
		d := xml.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("malformed response %v:\n%s", err, rec.Body.Bytes())
				}
				break
			}
		}
	})
}
