package station_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

// cobeneficiary is a second EC served by the same station in the
// multi-beneficiary tests.
const cobeneficiary = "02438750586"

// hooks records the receipts a station reports.
type hooks struct {
	mu       sync.Mutex
	receipts []pagopa.Receipt
	doubles  []pagopa.Receipt
}

func (h *hooks) onReceipt(_ context.Context, r pagopa.Receipt) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.receipts = append(h.receipts, r)
}

func (h *hooks) onDouble(_ context.Context, r pagopa.Receipt) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.doubles = append(h.doubles, r)
}

// withStation replaces f's station with one serving orgs over f's store and
// reporting to h (OnDoublePayment only if double is set).
func withStation(t *testing.T, f *fixture, h *hooks, double bool, orgs ...string) {
	t.Helper()
	cfg := station.Config{Organizations: orgs, BrokerID: broker, StationID: stn, Store: f.store,
		OnReceipt: h.onReceipt, Now: func() time.Time { return now }}
	if double {
		cfg.OnDoublePayment = h.onDouble
	}
	st, err := station.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.st = st
}

func (f *fixture) sendRT(t *testing.T, idPA string, r pagopa.Receipt, want, goldenName string) {
	t.Helper()
	code, got := f.post(t, "paSendRTV2", f.node.SendRTRequest(idPA, r, false))
	if code != http.StatusOK || faultCodeOf(got) != want {
		t.Fatalf("receipt %s to %s: status %d, outcome %q, want %q:\n%s", r.ReceiptID, idPA, code, faultCodeOf(got), want, got)
	}
	if goldenName != "" {
		golden(t, goldenName, got)
	}
}

// TestDoublePayment: a second, different receipt for a paid option is kept
// as a double payment, answered OK, and reported for a refund; the position
// is not changed, and resending it is a duplicate.
func TestDoublePayment(t *testing.T) {
	t.Parallel()
	for _, withHook := range []bool{true, false} {
		name := "OnDoublePayment"
		if !withHook {
			name = "OnReceiptOnly"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			h := &hooks{}
			withStation(t, f, h, withHook, org)
			_, data := f.post(t, "paGetPaymentV2", f.node.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{}))
			r1 := receiptFrom(t, f, navValid, data)
			f.sendRT(t, org, r1, "OK", "")
			paid, _ := f.store.PositionByIUV(t.Context(), org, navValid.IUV())

			r2 := r1
			r2.ReceiptID = "d0b1e2a3f4c5d6e7f8a9b0c1d2e3f4a5"
			r2.PSP.ID, r2.PSP.ChannelID = "OTHERPSP", "OTHERPSP_01"
			golden := ""
			if withHook {
				golden = "sendrtv2_double_payment"
			}
			f.sendRT(t, org, r2, "OK", golden)
			if withHook {
				golden = "sendrtv2_double_payment_resent"
			}
			f.sendRT(t, org, r2, station.FaultReceiptDuplicate, golden)

			p, _ := f.store.PositionByIUV(t.Context(), org, navValid.IUV())
			if p.Version != paid.Version || p.Options[0].ReceiptID != r1.ReceiptID {
				t.Errorf("the double payment changed the position: v%d paid by %s", p.Version, p.Options[0].ReceiptID)
			}
			all, _ := f.store.Receipts(t.Context(), org, navValid.IUV())
			if len(all) != 2 || all[0].DoublePayment || !all[1].DoublePayment || all[1].ReceiptID != r2.ReceiptID || all[1].PSP.ID != "OTHERPSP" {
				t.Errorf("stored %d receipts: %+v", len(all), all)
			}
			if dp, _ := f.store.DoublePayments(t.Context(), org, now); len(dp) != 1 || dp[0].ReceiptID != r2.ReceiptID {
				t.Errorf("DoublePayments: %+v", dp)
			}
			reported := h.receipts
			if withHook {
				if len(h.doubles) != 1 || !h.doubles[0].DoublePayment || h.doubles[0].ReceiptID != r2.ReceiptID {
					t.Errorf("OnDoublePayment got %+v", h.doubles)
				}
			} else {
				reported = reported[:min(1, len(reported))]
				if len(h.receipts) != 2 || !h.receipts[1].DoublePayment || h.receipts[1].ReceiptID != r2.ReceiptID {
					t.Errorf("OnReceipt got %d receipts, want the payment and the flagged double payment", len(h.receipts))
				}
			}
			if len(reported) != 1 || reported[0].DoublePayment || reported[0].ReceiptID != r1.ReceiptID {
				t.Errorf("OnReceipt got %+v, want the payment only", reported)
			}
		})
	}
}

// TestDoublePaymentOfOptionPaidElsewhere: a receipt for an option the store
// records as paid by another payment (e.g. one marked from GPD), with no
// receipt stored, is a double payment too.
func TestDoublePaymentOfOptionPaidElsewhere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	h := &hooks{}
	withStation(t, f, h, true, org)
	_, data := f.post(t, "paGetPaymentV2", f.node.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{}))
	// A receipt for navPaid, whose option is marked paid by "r-paid".
	r := receiptFrom(t, f, navValid, data)
	p, _ := f.store.PositionByIUV(t.Context(), org, navPaid.IUV())
	o := p.Options[0]
	r.NoticeNumber, r.IUV, r.Amount, r.Transfers = navPaid, navPaid.IUV(), o.Amount, nil
	for _, x := range o.Transfers {
		r.Transfers = append(r.Transfers, pagopa.ReceiptTransfer{ID: x.ID, Amount: x.Amount, OrganizationFiscalCode: org,
			IBAN: x.IBAN, RemittanceInformation: x.RemittanceInformation, Category: x.Category})
	}
	f.sendRT(t, org, r, "OK", "sendrtv2_paid_elsewhere")
	if q, _ := f.store.PositionByIUV(t.Context(), org, navPaid.IUV()); q.Version != p.Version || q.Options[0].ReceiptID != "r-paid" {
		t.Errorf("position changed: v%d paid by %s", q.Version, q.Options[0].ReceiptID)
	}
	if len(h.doubles) != 1 || len(h.receipts) != 0 {
		t.Errorf("OnDoublePayment %d, OnReceipt %d; want 1 and 0", len(h.doubles), len(h.receipts))
	}
}

// TestCoBeneficiaryDeliveries: the node sends a multi-beneficiary receipt to
// each EC named in its transfers. When one station serves the payee and the
// co-beneficiary, both deliveries are accepted (in either order), the
// position is paid once, and only a repeated delivery is a duplicate.
func TestCoBeneficiaryDeliveries(t *testing.T) {
	t.Parallel()
	for _, order := range [][2]string{{org, cobeneficiary}, {cobeneficiary, org}} {
		t.Run("first_"+order[0], func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			h := &hooks{}
			withStation(t, f, h, true, org, cobeneficiary)
			_, data := f.post(t, "paGetPaymentV2", f.node.GetPaymentRequest(org, navValid, pagopatest.GetPaymentOptions{}))
			r := receiptFrom(t, f, navValid, data)
			r.Transfers[1].OrganizationFiscalCode = cobeneficiary // TARI + TEFA
			golden := ""
			if order[0] == org {
				golden = "sendrtv2_cobeneficiary"
			}
			f.sendRT(t, order[0], r, "OK", "")
			f.sendRT(t, order[1], r, "OK", golden)
			f.sendRT(t, order[1], r, station.FaultReceiptDuplicate, "")
			f.sendRT(t, order[0], r, station.FaultReceiptDuplicate, "")

			p, _ := f.store.PositionByIUV(t.Context(), org, navValid.IUV())
			if p.Status != pagopa.StatusPaid || p.Version != 2 {
				t.Errorf("position %s v%d, want PAID v2", p.Status, p.Version)
			}
			all, _ := f.store.Receipts(t.Context(), org, navValid.IUV())
			if len(all) != 2 || all[0].Recipient() != order[0] || all[1].Recipient() != order[1] || all[0].DoublePayment || all[1].DoublePayment {
				t.Errorf("stored %+v", all)
			}
			if len(h.receipts) != 2 || h.receipts[1].ReceivedBy != order[1] || len(h.doubles) != 0 {
				t.Errorf("OnReceipt %d, OnDoublePayment %d; want 2 and 0", len(h.receipts), len(h.doubles))
			}
			// A copy to an EC no transfer names is refused.
			r.Transfers[1].OrganizationFiscalCode = org
			r.ReceiptID = "other"
			f.sendRT(t, cobeneficiary, r, station.FaultWrongDomain, "")
		})
	}
}
