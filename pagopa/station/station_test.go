package station_test

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	org    = pagopatest.Organization
	broker = pagopatest.Broker
	stn    = pagopatest.Station
)

// now is the fixed instant of the golden tests.
var now = time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC)

func nav(base int64) pagopa.NoticeNumber {
	n, err := pagopa.NewNoticeNumber(1, base)
	if err != nil {
		panic(err)
	}
	return n
}

// Notice numbers of the fixture positions.
var (
	navValid     = nav(1)
	navStamp     = nav(2)
	navPaid      = nav(3)
	navExpired   = nav(4)
	navCancelled = nav(5)
	navDraft     = nav(6)
	navLocked    = nav(7)
	navRetained  = nav(8)
	navUnknown   = nav(99)
)

type fixture struct {
	st       *station.Station
	store    *pagopa.MemoryStore
	node     *pagopatest.Node
	mu       sync.Mutex
	receipts []pagopa.Receipt
}

func (f *fixture) onReceipt(_ context.Context, r pagopa.Receipt) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.receipts = append(f.receipts, r)
}

func mustCreate(t *testing.T, s pagopa.Store, p pagopa.Position) {
	t.Helper()
	if _, err := s.CreatePosition(t.Context(), p); err != nil {
		t.Fatal(err)
	}
}

// newFixture returns a station over a store holding one position per case.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{store: pagopa.NewMemoryStore()}
	due := now.AddDate(0, 1, 0)
	earlier := now.AddDate(0, -2, 0)
	publish := func(p pagopa.Position, at time.Time) pagopa.Position {
		if err := p.Validate(at); err != nil {
			t.Fatal(err)
		}
		if err := p.Publish(at); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mustCreate(t, f.store, publish(pagopatest.NewPosition(org, navValid, 12050, due), now))

	stamp := pagopatest.NewPosition(org, navStamp, 1600+5000, due)
	stamp.Options[0].Transfers[1] = pagopa.Transfer{ID: 2, Amount: 1600, RemittanceInformation: "Marca da bollo",
		Category: "9/0301116TS/", Stamp: &pagopa.Stamp{HashDocument: "wHpFSLCGZjIvNSXxqtGbxg7275t446DRTk5ZrsdUQ6E=", Type: "01", ProvincialResidence: "MI"}}
	stamp.Options[0].Transfers[0].Amount = 5000
	stamp.SetDefaults()
	mustCreate(t, f.store, publish(stamp, now))

	paid := publish(pagopatest.NewPosition(org, navPaid, 3000, due), now)
	if err := paid.MarkPaid(navPaid.IUV(), "r-paid", now); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, f.store, paid)

	expired := pagopatest.NewPosition(org, navExpired, 4000, now.AddDate(0, 0, -1))
	expired.SwitchToExpired = true
	mustCreate(t, f.store, publish(expired, earlier))

	cancelled := publish(pagopatest.NewPosition(org, navCancelled, 5000, due), now)
	if err := cancelled.Invalidate(); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, f.store, cancelled)
	mustCreate(t, f.store, pagopatest.NewPosition(org, navDraft, 6000, due))
	mustCreate(t, f.store, publish(pagopatest.NewPosition(org, navLocked, 7000, due), now))
	if err := f.store.LockOption(t.Context(), org, navLocked.IUV(), now, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}

	retained := pagopatest.NewPosition(org, navRetained, 8000, due)
	retained.Options[0].Installment = true
	retained.Options[0].RetentionDate = due.AddDate(1, 0, 0)
	mustCreate(t, f.store, publish(retained, now))

	st, err := station.New(station.Config{
		Organizations: []string{org}, BrokerID: broker, StationID: stn, Store: f.store,
		OnReceipt: f.onReceipt, Demand: demand, Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	f.st = st
	f.node, err = pagopatest.NewNode(pagopatest.NodeConfig{URL: "http://station.invalid", BrokerID: broker, StationID: stn,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// demand serves paDemandPaymentNotice for service 00001 only.
func demand(_ context.Context, r station.DemandRequest) (pagopa.Position, error) {
	if r.ServiceID != "00001" {
		return pagopa.Position{}, &station.Fault{Code: station.FaultUnknownPayment, Description: "unknown service"}
	}
	p := pagopatest.NewPosition(r.OrganizationFiscalCode, nav(500), 1000, now.AddDate(0, 0, 30))
	p.IUPD = "spontaneous-1"
	return p, nil
}

// post serves one request and returns the response body.
func (f *fixture) post(t *testing.T, action string, body []byte) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	if action != "" {
		req.Header.Set("SOAPAction", action)
	}
	rec := httptest.NewRecorder()
	f.st.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// golden compares got with testdata/name.xml (or rewrites it with -update)
// and validates it against the XSDs.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".xml")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("response differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
	t.Run("xsd", func(t *testing.T) { validateXSD(t, got) })
}

func faultCodeOf(body []byte) string {
	_, rest, ok := bytes.Cut(body, []byte("<faultCode>"))
	if !ok {
		if bytes.Contains(body, []byte("<outcome>OK</outcome>")) {
			return "OK"
		}
		return ""
	}
	code, _, _ := bytes.Cut(rest, []byte("</faultCode>"))
	return string(code)
}

func replace(b []byte, old, new string) []byte {
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

func TestGolden(t *testing.T) {
	t.Parallel()
	n, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: "x", BrokerID: broker, StationID: stn})
	amount := func(a pagopa.Amount) *pagopa.Amount { return &a }
	v2 := pagopatest.GetPaymentOptions{}
	v1 := pagopatest.GetPaymentOptions{V1: true}
	tests := []struct {
		name   string
		action string
		body   []byte
		want   string // fault code or "OK"
	}{
		{"verify_ok", "paVerifyPaymentNotice", n.VerifyRequest(org, navValid), "OK"},
		{"verify_unknown", "paVerifyPaymentNotice", n.VerifyRequest(org, navUnknown), station.FaultUnknownPayment},
		{"verify_draft", "paVerifyPaymentNotice", n.VerifyRequest(org, navDraft), station.FaultUnknownPayment},
		{"verify_aux9", "paVerifyPaymentNotice", n.VerifyRequest(org, "901000000000000100"), station.FaultUnknownPayment},
		{"verify_paid", "paVerifyPaymentNotice", n.VerifyRequest(org, navPaid), station.FaultPaymentDuplicate},
		{"verify_in_progress", "paVerifyPaymentNotice", n.VerifyRequest(org, navLocked), station.FaultPaymentInProgress},
		{"verify_expired", "paVerifyPaymentNotice", n.VerifyRequest(org, navExpired), station.FaultPaymentExpired},
		{"verify_cancelled", "paVerifyPaymentNotice", n.VerifyRequest(org, navCancelled), station.FaultPaymentCancelled},
		{"verify_wrong_pa", "paVerifyPaymentNotice", replace(n.VerifyRequest(org, navValid), "<idPA>"+org, "<idPA>02438750586"), station.FaultWrongDomain},
		{"verify_wrong_qr_pa", "paVerifyPaymentNotice", replace(n.VerifyRequest(org, navValid), "<fiscalCode>"+org, "<fiscalCode>02438750586"), station.FaultWrongDomain},
		{"verify_wrong_broker", "paVerifyPaymentNotice", replace(n.VerifyRequest(org, navValid), "<idBrokerPA>"+broker, "<idBrokerPA>00000000000"), station.FaultWrongBroker},
		{"verify_wrong_station", "paVerifyPaymentNotice", replace(n.VerifyRequest(org, navValid), "<idStation>"+stn, "<idStation>"+broker+"_99"), station.FaultWrongStation},
		{"verify_syntax_notice", "paVerifyPaymentNotice", replace(n.VerifyRequest(org, navValid), "<noticeNumber>3", "<noticeNumber>X"), station.FaultSyntaxExtraXSD},
		{"verify_syntax_doctype", "paVerifyPaymentNotice", replace(n.VerifyRequest(org, navValid), "<soapenv:Envelope", `<!DOCTYPE x [<!ENTITY a "b">]><soapenv:Envelope`), station.FaultSyntaxExtraXSD},
		{"verify_syntax_truncated", "paVerifyPaymentNotice", n.VerifyRequest(org, navValid)[:300], station.FaultSyntaxExtraXSD},

		{"getpaymentv2_ok", "paGetPaymentV2", n.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{Amount: amount(12050)}), "OK"},
		{"getpaymentv2_stamp", "paGetPaymentV2", n.GetPaymentRequest(org, navStamp, v2), "OK"},
		{"getpaymentv2_postal", "paGetPaymentV2", n.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{TransferType: "POSTAL"}), "OK"},
		{"getpaymentv2_amount_mismatch", "paGetPaymentV2", n.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{Amount: amount(100)}), station.FaultSemantic},
		{"getpaymentv2_unknown", "paGetPaymentV2", n.GetPaymentRequest(org, navUnknown, v2), station.FaultUnknownPayment},
		{"getpaymentv2_paid", "paGetPaymentV2", n.GetPaymentRequest(org, navPaid, v2), station.FaultPaymentDuplicate},
		{"getpaymentv2_in_progress", "paGetPaymentV2", n.GetPaymentRequest(org, navLocked, v2), station.FaultPaymentInProgress},
		{"getpaymentv2_expired", "paGetPaymentV2", n.GetPaymentRequest(org, navExpired, v2), station.FaultPaymentExpired},
		{"getpaymentv2_cancelled", "paGetPaymentV2", n.GetPaymentRequest(org, navCancelled, v2), station.FaultPaymentCancelled},
		{"getpaymentv2_wrong_station", "paGetPaymentV2", replace(n.GetPaymentRequest(org, navValid, v2), "<idStation>"+stn, "<idStation>x"), station.FaultWrongStation},
		{"getpaymentv2_syntax_transfer_type", "paGetPaymentV2", n.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{TransferType: "CASH"}), station.FaultSyntaxExtraXSD},
		{"getpaymentv2_retention", "paGetPaymentV2", n.GetPaymentRequest(org, navRetained, v2), "OK"},
		{"getpayment_ok", "paGetPayment", n.GetPaymentRequest(org, navValid, v1), "OK"},
		{"getpayment_stamp", "paGetPayment", n.GetPaymentRequest(org, navStamp, v1), station.FaultSemantic},
		{"getpayment_expired", "paGetPayment", n.GetPaymentRequest(org, navExpired, v1), station.FaultPaymentExpired},

		{"demand_ok", "paDemandPaymentNotice", n.DemandRequest(org, "00001", "00002", []byte("<service/>")), "OK"},
		{"demand_unknown_service", "paDemandPaymentNotice", n.DemandRequest(org, "00009", "00002", []byte("<service/>")), station.FaultUnknownPayment},
		{"demand_syntax", "paDemandPaymentNotice", n.DemandRequest(org, "1", "00002", nil), station.FaultSyntaxXSD},
		{"demand_wrong_broker", "paDemandPaymentNotice", replace(n.DemandRequest(org, "00001", "00002", nil), "<idBrokerPA>"+broker, "<idBrokerPA>x"), station.FaultWrongBroker},

		{"unknown_operation", "", []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x:foo xmlns:x="urn:x"/></soapenv:Body></soapenv:Envelope>`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if !strings.Contains(tt.name, "syntax") && !strings.Contains(tt.name, "wrong_station") && tt.want != "" {
				t.Run("request_xsd", func(t *testing.T) { validateXSD(t, declare(tt.body)) })
			}
			code, got := f.post(t, tt.action, tt.body)
			if tt.want == "" {
				if code != http.StatusInternalServerError || !bytes.Contains(got, []byte("soapenv:Fault")) {
					t.Errorf("status %d, want a SOAP fault with 500:\n%s", code, got)
				}
			} else if code != http.StatusOK || faultCodeOf(got) != tt.want {
				t.Errorf("status %d, outcome %q, want %q:\n%s", code, faultCodeOf(got), tt.want, got)
			}
			golden(t, tt.name, got)
		})
	}
}

// TestReceiptGolden covers paSendRT[V2]: OK, duplicate, mismatches.
func TestReceiptGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		v1    bool
		nav   pagopa.NoticeNumber
		edit  func(r *pagopa.Receipt)
		twice bool
		want  string
	}{
		{"sendrtv2_ok", false, navValid, nil, false, "OK"},
		{"sendrtv2_stamp_ok", false, navStamp, nil, false, "OK"},
		{"sendrt_ok", true, navValid, nil, false, "OK"},
		{"sendrtv2_duplicate", false, navValid, nil, true, station.FaultReceiptDuplicate},
		{"sendrt_duplicate", true, navValid, nil, true, station.FaultReceiptDuplicate},
		{"sendrtv2_amount_mismatch", false, navValid, func(r *pagopa.Receipt) { r.Amount++ }, false, station.FaultSemantic},
		{"sendrtv2_unknown_iuv", false, navValid, func(r *pagopa.Receipt) { r.NoticeNumber = navUnknown; r.IUV = navUnknown.IUV() }, false, station.FaultSemantic},
		{"sendrtv2_iuv_not_notice", false, navValid, func(r *pagopa.Receipt) { r.IUV = navUnknown.IUV() }, false, station.FaultSemantic},
		{"sendrtv2_wrong_pa", false, navValid, func(r *pagopa.Receipt) {
			r.OrganizationFiscalCode = "02438750586"
			for i := range r.Transfers {
				r.Transfers[i].OrganizationFiscalCode = "02438750586"
			}
		}, false, station.FaultWrongDomain},
		// A secondary beneficiary stores another EC's receipt naming it in a transfer.
		{"sendrtv2_secondary", false, navValid, func(r *pagopa.Receipt) { r.OrganizationFiscalCode = "02438750586" }, false, "OK"},
		{"sendrtv2_syntax", false, navValid, func(r *pagopa.Receipt) { r.PSP.ID = "" }, false, station.FaultSyntaxExtraXSD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			_, data := f.post(t, "paGetPaymentV2", f.node.GetPaymentRequest(org, tt.nav, pagopatest.GetPaymentOptions{}))
			r := receiptFrom(t, f, tt.nav, data)
			if tt.edit != nil {
				tt.edit(&r)
			}
			action := "paSendRTV2"
			if tt.v1 {
				action = "paSendRT"
			}
			body := f.node.SendRTRequest(org, r, tt.v1)
			t.Run("request_xsd", func(t *testing.T) {
				if tt.want != station.FaultSyntaxExtraXSD {
					validateXSD(t, declare(body))
				}
			})
			code, got := f.post(t, action, body)
			if tt.twice {
				code, got = f.post(t, action, body)
			}
			if code != http.StatusOK || faultCodeOf(got) != tt.want {
				t.Fatalf("status %d, outcome %q, want %q:\n%s", code, faultCodeOf(got), tt.want, got)
			}
			golden(t, tt.name, got)
			p, err := f.store.PositionByIUV(t.Context(), org, tt.nav.IUV())
			if err != nil {
				t.Fatal(err)
			}
			stored := tt.want == "OK" || tt.want == station.FaultReceiptDuplicate
			paid := stored && !strings.Contains(tt.name, "secondary")
			if paid != (p.Status == pagopa.StatusPaid) {
				t.Errorf("position status %s after %s", p.Status, tt.want)
			}
			if n := len(f.receipts); stored != (n == 1) || n > 1 {
				t.Errorf("OnReceipt called %d times", n)
			}
		})
	}
}

// receiptFrom parses a paGetPaymentV2 response through the fake node.
func receiptFrom(t *testing.T, f *fixture, n pagopa.NoticeNumber, resp []byte) pagopa.Receipt {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(resp) }))
	defer srv.Close()
	node, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: srv.URL, BrokerID: broker, StationID: stn, Now: func() time.Time { return now }})
	g, err := node.GetPayment(t.Context(), org, n, pagopatest.GetPaymentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := node.Receipt(org, n, g)
	if err != nil {
		t.Fatal(err)
	}
	r.ReceiptID = "c1a5e6f0b2d94e7f8a6b1c2d3e4f5a6b"
	return r
}

// declare moves the fake node's pafn namespace declaration onto the body
// element, so that the body alone is a valid document.
func declare(msg []byte) []byte {
	s := string(msg)
	for _, el := range []string{"paSendRTV2Request", "paSendRTReq", "paVerifyPaymentNoticeReq", "paGetPaymentReq",
		"paGetPaymentV2Request", "paDemandPaymentNoticeRequest"} {
		s = strings.Replace(s, "<pafn:"+el+">", `<pafn:`+el+` xmlns:pafn="`+station.Namespace+`">`, 1)
	}
	return []byte(s)
}
