package station_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	good := station.Config{Organizations: []string{org}, BrokerID: broker, StationID: stn, Store: pagopa.NewMemoryStore()}
	tests := map[string]func(c *station.Config){
		"no organizations": func(c *station.Config) { c.Organizations = nil },
		"bad organization": func(c *station.Config) { c.Organizations = []string{"01199250159"} },
		"no broker":        func(c *station.Config) { c.BrokerID = "" },
		"long station":     func(c *station.Config) { c.StationID = strings.Repeat("1", 36) },
		"no store":         func(c *station.Config) { c.Store = nil },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := good
			edit(&c)
			if _, err := station.New(c); !errors.Is(err, station.ErrConfig) {
				t.Errorf("New: %v", err)
			}
		})
	}
	if _, err := station.New(good); err != nil {
		t.Errorf("valid config: %v", err)
	}
}

// TestActivationLock: a second activation within the lock is refused, and
// accepted again once the lock has expired.
func TestActivationLock(t *testing.T) {
	t.Parallel()
	store := pagopa.NewMemoryStore()
	clock := now
	mustCreate(t, store, func() pagopa.Position {
		p := pagopatest.NewPosition(org, navValid, 1000, now.AddDate(0, 1, 0))
		_ = p.Publish(now)
		return p
	}())
	st, err := station.New(station.Config{Organizations: []string{org}, BrokerID: broker, StationID: stn, Store: store,
		ActivationLock: 10 * time.Minute, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st}
	n, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: "x", BrokerID: broker, StationID: stn})
	req := n.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{})
	steps := []struct {
		at   time.Duration
		op   string
		want string
	}{
		{0, "get", "OK"},
		{time.Minute, "get", station.FaultPaymentInProgress},
		{time.Minute, "verify", station.FaultPaymentInProgress},
		{10 * time.Minute, "verify", "OK"},
		{10 * time.Minute, "get", "OK"},
		{15 * time.Minute, "get", station.FaultPaymentInProgress},
	}
	for _, s := range steps {
		clock = now.Add(s.at)
		body := req
		if s.op == "verify" {
			body = n.VerifyRequest(org, navValid)
		}
		if _, got := f.post(t, "", body); faultCodeOf(got) != s.want {
			t.Errorf("%s at +%s: %s, want %s", s.op, s.at, faultCodeOf(got), s.want)
		}
	}
}

// failingStore fails every call with a plain error.
type failingStore struct{ pagopa.Store }

var errDown = errors.New("database down")

func (failingStore) PositionByIUV(context.Context, string, pagopa.IUV) (pagopa.Position, error) {
	return pagopa.Position{}, errDown
}
func (failingStore) RecordReceipt(context.Context, pagopa.Receipt, func(*pagopa.Position) error) (pagopa.Position, error) {
	return pagopa.Position{}, errDown
}

// panickingStore panics, as a buggy store might.
type panickingStore struct{ pagopa.Store }

func (panickingStore) PositionByIUV(context.Context, string, pagopa.IUV) (pagopa.Position, error) {
	panic("bug")
}

func TestSystemErrors(t *testing.T) {
	t.Parallel()
	n, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: "x", BrokerID: broker, StationID: stn})
	rc := pagopa.Receipt{ReceiptID: "r", NoticeNumber: navValid, OrganizationFiscalCode: org, Outcome: "OK", IUV: navValid.IUV(),
		Amount: 1000, Description: "d", CompanyName: "c", PSP: pagopatest.DefaultPSP,
		Debtor:    pagopa.Debtor{Type: "F", FiscalCode: "RSSMRA79B11C566R", FullName: "Mario Rossi"},
		Transfers: []pagopa.ReceiptTransfer{{ID: 1, Amount: 1000, OrganizationFiscalCode: org, IBAN: pagopatest.IBAN, RemittanceInformation: "r", Category: "9/0101101IM/"}}}
	for name, store := range map[string]pagopa.Store{"failing": failingStore{pagopa.NewMemoryStore()}, "panicking": panickingStore{pagopa.NewMemoryStore()}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st, err := station.New(station.Config{Organizations: []string{org}, BrokerID: broker, StationID: stn, Store: store})
			if err != nil {
				t.Fatal(err)
			}
			f := &fixture{st: st}
			for _, body := range [][]byte{n.VerifyRequest(org, navValid), n.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{})} {
				code, got := f.post(t, "", body)
				if code != http.StatusOK || faultCodeOf(got) != station.FaultSystemError {
					t.Errorf("%d %s:\n%s", code, faultCodeOf(got), got)
				}
				t.Run("xsd", func(t *testing.T) { validateXSD(t, got) })
			}
			if name == "failing" {
				if _, got := f.post(t, "", n.SendRTRequest(org, rc, false)); faultCodeOf(got) != station.FaultSystemError {
					t.Errorf("sendRT: %s", faultCodeOf(got))
				}
			}
		})
	}
}

func TestPanickingOnReceipt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	st, _ := station.New(station.Config{Organizations: []string{org}, BrokerID: broker, StationID: stn, Store: f.store,
		Now:       func() time.Time { return now },
		OnReceipt: func(context.Context, pagopa.Receipt) { panic("host bug") }})
	f.st = st
	_, data := f.post(t, "", f.node.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{}))
	r := receiptFrom(t, f, navValid, data)
	if _, got := f.post(t, "", f.node.SendRTRequest(org, r, false)); faultCodeOf(got) != "OK" {
		t.Errorf("a panicking OnReceipt changed the answer: %s", got)
	}
}

func TestHTTPLimits(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := httptest.NewRecorder()
	f.st.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", rec.Code)
	}
	big := bytes.Repeat([]byte(" "), station.DefaultMaxRequestBytes+1)
	code, got := f.post(t, `"paSendRTV2"`, big)
	if code != http.StatusOK || faultCodeOf(got) != station.FaultSyntaxExtraXSD || !bytes.Contains(got, []byte("paSendRTV2Response")) {
		t.Errorf("oversized request: %d %s", code, got)
	}
	// A billion-laughs DTD is refused before any entity is expanded.
	bomb := []byte(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>&lol2;</soapenv:Body></soapenv:Envelope>`)
	if code, got := f.post(t, "paVerifyPaymentNotice", bomb); code != http.StatusOK || faultCodeOf(got) != station.FaultSyntaxExtraXSD {
		t.Errorf("DTD: %d %s", code, got)
	}
}

// TestReceiptEdgeCases: a KO receipt and a receipt for a position cancelled
// after activation are both kept (the node must not retry them forever),
// without paying the position; a KO receipt does not block the OK receipt
// of a later payment.
func TestReceiptEdgeCases(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, data := f.post(t, "", f.node.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{}))
	r := receiptFrom(t, f, navValid, data)
	r.Outcome = pagopa.OutcomeKO
	if _, got := f.post(t, "", f.node.SendRTRequest(org, r, false)); faultCodeOf(got) != "OK" {
		t.Fatalf("KO receipt: %s", got)
	}
	p, _ := f.store.PositionByIUV(t.Context(), org, navValid.IUV())
	if p.Status != pagopa.StatusValid {
		t.Errorf("a KO receipt changed the position to %s", p.Status)
	}
	if u, _ := f.store.LockedUntil(t.Context(), org, navValid.IUV(), now); !u.IsZero() {
		t.Error("a KO receipt left the activation lock")
	}
	if _, got := f.post(t, "", f.node.SendRTRequest(org, r, false)); faultCodeOf(got) != station.FaultReceiptDuplicate {
		t.Errorf("the same KO receipt again: %s", faultCodeOf(got))
	}
	// The citizen pays again: the OK receipt is not a duplicate of the KO one.
	paid := r
	paid.Outcome, paid.ReceiptID = pagopa.OutcomeOK, "a-later-payment"
	if _, got := f.post(t, "", f.node.SendRTRequest(org, paid, false)); faultCodeOf(got) != "OK" {
		t.Fatalf("OK receipt after a KO one: %s", got)
	}
	if p, _ := f.store.PositionByIUV(t.Context(), org, navValid.IUV()); p.Status != pagopa.StatusPaid {
		t.Errorf("the OK receipt after a KO one left the position %s", p.Status)
	}

	_, data = f.post(t, "", f.node.GetPaymentRequest(org, navLocked, pagopatest.GetPaymentOptions{}))
	if faultCodeOf(data) != station.FaultPaymentInProgress {
		t.Fatalf("fixture: %s", faultCodeOf(data))
	}
	p, _ = f.store.PositionByIUV(t.Context(), org, navLocked.IUV())
	if _, err := f.store.UpdatePosition(t.Context(), org, p.IUPD, func(p *pagopa.Position) error { return p.Invalidate() }); err != nil {
		t.Fatal(err)
	}
	rc := r
	rc.Outcome, rc.NoticeNumber, rc.IUV, rc.Amount = pagopa.OutcomeOK, navLocked, navLocked.IUV(), 7000
	rc.Transfers = []pagopa.ReceiptTransfer{{ID: 1, Amount: 3500, OrganizationFiscalCode: org, IBAN: pagopatest.IBAN, RemittanceInformation: "r", Category: "9/0101101IM/"},
		{ID: 2, Amount: 3500, OrganizationFiscalCode: org, IBAN: pagopatest.IBAN, RemittanceInformation: "r", Category: "9/0101101IM/"}}
	if _, got := f.post(t, "", f.node.SendRTRequest(org, rc, false)); faultCodeOf(got) != "OK" {
		t.Fatalf("receipt for a cancelled position: %s", got)
	}
	if _, err := f.store.Receipt(t.Context(), org, navLocked.IUV()); err != nil {
		t.Errorf("receipt not kept: %v", err)
	}
	if len(f.receipts) != 3 {
		t.Errorf("OnReceipt called %d times, want 3", len(f.receipts))
	}
}
