package gpd_test

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
)

func TestParseReceipt(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/receipt.xml")
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, r pagopa.Receipt) {
		t.Helper()
		if r.ReceiptID != "c110729d258c4ab1b765fe902aae41d6" || r.IUV != "01000000001234519" || r.NoticeNumber != "301000000001234519" ||
			r.OrganizationFiscalCode != "01234567890" || r.Outcome != pagopa.OutcomeOK || r.Amount != 12050 || r.Fee != 100 ||
			r.Debtor.FiscalCode != "RSSMRA80A01H501U" || r.Debtor.Email != "mario.rossi@example.it" || r.PSP.ID != "ABI03069" ||
			r.PaymentDateTime.IsZero() || r.TransferDate.IsZero() || len(r.Transfers) != 2 {
			t.Fatalf("parsed %+v", r)
		}
		t1, t2 := r.Transfers[0], r.Transfers[1]
		if t1.ID != 1 || t1.Amount != 11000 || t1.IBAN != "IT60X0542811101000000123456" || t1.Category != "9/0101101IM/" ||
			t2.ID != 2 || string(t2.MBDAttachment) != "hash" || t2.OrganizationFiscalCode != "80012345678" || t2.Metadata[0].Key != "k" {
			t.Errorf("transfers %+v", r.Transfers)
		}
	}
	r, err := gpd.ParseReceipt(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	check(t, r)
	wrapped := `<paSendRTV2Req xmlns="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><idPA>01234567890</idPA>` +
		strings.TrimPrefix(string(raw), `<?xml version="1.0" encoding="UTF-8"?>`) + `</paSendRTV2Req>`
	if r, err := gpd.ParseReceipt(strings.NewReader(wrapped)); err != nil {
		t.Errorf("wrapped in paSendRTV2Req: %v", err)
	} else {
		check(t, r)
	}

	bad := map[string]string{
		"doctype":      `<!DOCTYPE receipt [<!ENTITY x "y">]>` + string(raw),
		"empty":        ``,
		"no receipt":   `<other/>`,
		"bad amount":   strings.Replace(string(raw), "<paymentAmount>120.50", "<paymentAmount>120.5", 1),
		"bad outcome":  strings.Replace(string(raw), "<outcome>OK", "<outcome>MAYBE", 1),
		"no transfers": string(raw[:bytes.Index(raw, []byte("<transferList>"))]) + string(raw[bytes.Index(raw, []byte("</transferList>"))+len("</transferList>"):]),
		"too large":    `<receipt><description>` + strings.Repeat("x", gpd.MaxReceiptBytes) + `</description></receipt>`,
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := gpd.ParseReceipt(strings.NewReader(in)); !errors.Is(err, gpd.ErrReceiptXML) {
				t.Errorf("err = %v, want ErrReceiptXML", err)
			}
		})
	}
}

func TestGetCoreReceipt(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/receipt.xml")
	if err != nil {
		t.Fatal(err)
	}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, "=~/payments/"+testOrg+"/receipts/01000000001234519$",
		httpmock.NewBytesResponder(200, raw).HeaderSet(http.Header{"Content-Type": {"application/xml"}}))
	mt.RegisterResponder(http.MethodGet, "=~/payments/"+testOrg+"/receipts/01000000001234527$",
		httpmock.NewStringResponder(200, "<receipt><receiptId>x</receiptId></receipt>"))
	c := newClient(t, mt)
	r, err := c.GetCoreReceipt(t.Context(), "01000000001234519")
	if err != nil || r.Amount != 12050 || len(r.Transfers) != 2 {
		t.Fatalf("GetCoreReceipt = %+v, %v", r, err)
	}
	if _, err := c.GetCoreReceipt(t.Context(), "01000000001234527"); !errors.Is(err, gpd.ErrReceiptXML) || !errors.Is(err, gpd.ErrUnexpected) {
		t.Errorf("malformed receipt: %v", err)
	}
}

func FuzzParseReceipt(f *testing.F) {
	raw, err := os.ReadFile("testdata/receipt.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`<receipt><transferList><transfer/></transferList></receipt>`))
	f.Add([]byte(`<!DOCTYPE x><receipt/>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := gpd.ParseReceipt(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, gpd.ErrReceiptXML) {
				t.Fatalf("error %v does not match ErrReceiptXML", err)
			}
			return
		}
		if r.ReceiptID == "" || len(r.Transfers) == 0 || len(r.Transfers) > 5 {
			t.Fatalf("accepted an incomplete receipt: %+v", r)
		}
	})
}
