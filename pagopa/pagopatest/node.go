package pagopatest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// NodeConfig configures a fake [Node].
type NodeConfig struct {
	// URL is the station's endpoint. Required.
	URL string
	// BrokerID and StationID are sent as idBrokerPA and idStation. Required.
	BrokerID  string
	StationID string
	// PSP is the payment service provider that "collects" payments in
	// receipts; zero means [DefaultPSP].
	PSP pagopa.PSP
	// HTTPClient sends the calls; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Now stamps receipts; nil means time.Now.
	Now func() time.Time
	// Record keeps every call for [Node.Calls] and [Node.Replay].
	Record bool
}

// DefaultPSP is the PSP a [Node] uses when its config names none.
var DefaultPSP = pagopa.PSP{
	ID: "BCITITMM", FiscalCode: "00799960158", PartitaIVA: "00799960158",
	CompanyName: "Intesa Sanpaolo S.p.A", ChannelID: "00799960158_01", ChannelDescription: "app",
}

// Node is a fake pagoPA node that calls a creditor body's station over HTTP
// the way the real node does: paVerifyPaymentNotice, then
// paGetPayment[V2] at activation, then paSendRT[V2] with the receipt. Tests
// call its steps in any order, as often as they like, to reorder, replay
// and duplicate calls. It is safe for concurrent use.
type Node struct {
	cfg     NodeConfig
	client  *http.Client
	seq     atomic.Int64
	mu      sync.Mutex
	calls   []Call
	started time.Time
}

// Call is one recorded request.
type Call struct {
	Action string // soapAction, e.g. "paSendRTV2"
	Body   []byte
}

// NewNode validates cfg and returns a node.
func NewNode(cfg NodeConfig) (*Node, error) {
	if cfg.URL == "" || cfg.BrokerID == "" || cfg.StationID == "" {
		return nil, errors.New("pagopatest: node needs URL, BrokerID and StationID")
	}
	if cfg.PSP == (pagopa.PSP{}) {
		cfg.PSP = DefaultPSP
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	n := &Node{cfg: cfg, client: cfg.HTTPClient, started: cfg.Now()}
	if n.client == nil {
		n.client = http.DefaultClient
	}
	return n, nil
}

// FaultError is a KO answer from the station.
type FaultError struct {
	Operation   string
	Code        string // faultCode, e.g. "PAA_PAGAMENTO_SCONOSCIUTO"
	String      string // faultString
	ID          string
	Description string
}

// Error returns the operation, fault code, fault string and description.
func (e *FaultError) Error() string {
	return fmt.Sprintf("pagopatest: %s: %s (%s) %s", e.Operation, e.Code, e.String, e.Description)
}

// FaultCode returns the fault code of a [*FaultError] in err's chain, or "".
func FaultCode(err error) string {
	if f, ok := errors.AsType[*FaultError](err); ok {
		return f.Code
	}
	return ""
}

// Response is a station's parsed answer (any operation).
type Response struct {
	Outcome string `xml:"outcome"`
	Fault   *struct {
		Code        string `xml:"faultCode"`
		String      string `xml:"faultString"`
		ID          string `xml:"id"`
		Description string `xml:"description"`
	} `xml:"fault"`
	PaymentList *struct {
		Option struct {
			Amount            string `xml:"amount"`
			Options           string `xml:"options"`
			DueDate           string `xml:"dueDate"`
			DetailDescription string `xml:"detailDescription"`
			AllCCP            bool   `xml:"allCCP"`
		} `xml:"paymentOptionDescription"`
	} `xml:"paymentList"`
	QRCode *struct {
		FiscalCode   string `xml:"fiscalCode"`
		NoticeNumber string `xml:"noticeNumber"`
	} `xml:"qrCode"`
	PaymentDescription string   `xml:"paymentDescription"`
	FiscalCodePA       string   `xml:"fiscalCodePA"`
	CompanyName        string   `xml:"companyName"`
	OfficeName         string   `xml:"officeName"`
	Data               *payment `xml:"data"`
	// Raw is the response body.
	Raw []byte `xml:"-"`
}

type payment struct {
	CreditorReferenceID string `xml:"creditorReferenceId"`
	PaymentAmount       string `xml:"paymentAmount"`
	DueDate             string `xml:"dueDate"`
	Description         string `xml:"description"`
	CompanyName         string `xml:"companyName"`
	OfficeName          string `xml:"officeName"`
	Debtor              struct {
		UniqueIdentifier struct {
			Type  string `xml:"entityUniqueIdentifierType"`
			Value string `xml:"entityUniqueIdentifierValue"`
		} `xml:"uniqueIdentifier"`
		FullName string `xml:"fullName"`
	} `xml:"debtor"`
	Transfers []struct {
		ID                    string  `xml:"idTransfer"`
		Amount                string  `xml:"transferAmount"`
		FiscalCodePA          string  `xml:"fiscalCodePA"`
		CompanyName           string  `xml:"companyName"`
		IBAN                  string  `xml:"IBAN"`
		Stamp                 *string `xml:"richiestaMarcaDaBollo>hashDocumento"`
		RemittanceInformation string  `xml:"remittanceInformation"`
		TransferCategory      string  `xml:"transferCategory"`
	} `xml:"transferList>transfer"`
}

// Call sends one raw request with the given soapAction and parses the
// answer. A KO outcome is returned as a [*FaultError] along with the response.
func (n *Node) Call(ctx context.Context, action string, body []byte) (*Response, error) {
	if n.cfg.Record {
		n.mu.Lock()
		n.calls = append(n.calls, Call{Action: action, Body: bytes.Clone(body)})
		n.mu.Unlock()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `"`+action+`"`)
	resp, err := n.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("pagopatest: %s: %w", action, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("pagopatest: %s: read: %w", action, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &Response{Raw: raw}, fmt.Errorf("pagopatest: %s: http status %d", action, resp.StatusCode)
	}
	var env struct {
		Body struct {
			Response Response `xml:",any"`
		} `xml:"Body"`
	}
	if err := xml.Unmarshal(raw, &env); err != nil {
		return &Response{Raw: raw}, fmt.Errorf("pagopatest: %s: response: %w", action, err)
	}
	r := &env.Body.Response
	r.Raw = raw
	switch r.Outcome {
	case "OK":
		return r, nil
	case "KO":
		if r.Fault == nil {
			return r, fmt.Errorf("pagopatest: %s: KO without fault", action)
		}
		return r, &FaultError{Operation: action, Code: r.Fault.Code, String: r.Fault.String, ID: r.Fault.ID, Description: r.Fault.Description}
	default:
		return r, fmt.Errorf("pagopatest: %s: outcome %q", action, r.Outcome)
	}
}

// Calls returns the recorded calls (with NodeConfig.Record).
func (n *Node) Calls() []Call {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Call(nil), n.calls...)
}

// Replay sends recorded call i again.
func (n *Node) Replay(ctx context.Context, i int) (*Response, error) {
	n.mu.Lock()
	if i < 0 || i >= len(n.calls) {
		n.mu.Unlock()
		return nil, fmt.Errorf("pagopatest: replay %d: no such call", i)
	}
	c := n.calls[i]
	n.mu.Unlock()
	return n.Call(ctx, c.Action, c.Body)
}

// Verify calls paVerifyPaymentNotice.
func (n *Node) Verify(ctx context.Context, org string, nav pagopa.NoticeNumber) (*Response, error) {
	return n.Call(ctx, "paVerifyPaymentNotice", n.VerifyRequest(org, nav))
}

// GetPayment calls paGetPaymentV2 (or paGetPayment with o.V1).
func (n *Node) GetPayment(ctx context.Context, org string, nav pagopa.NoticeNumber, o GetPaymentOptions) (*Response, error) {
	action := "paGetPaymentV2"
	if o.V1 {
		action = "paGetPayment"
	}
	return n.Call(ctx, action, n.GetPaymentRequest(org, nav, o))
}

// SendReceipt calls paSendRTV2 (or paSendRT with v1) for idPA.
func (n *Node) SendReceipt(ctx context.Context, idPA string, r pagopa.Receipt, v1 bool) (*Response, error) {
	action := "paSendRTV2"
	if v1 {
		action = "paSendRT"
	}
	return n.Call(ctx, action, n.SendRTRequest(idPA, r, v1))
}

// Demand calls paDemandPaymentNotice.
func (n *Node) Demand(ctx context.Context, org, serviceID, subjectID string, data []byte) (*Response, error) {
	return n.Call(ctx, "paDemandPaymentNotice", n.DemandRequest(org, serviceID, subjectID, data))
}

// Receipt builds the receipt the node sends after the payment of the data a
// paGetPayment[V2] returned, with this node's PSP and a fresh receipt ID.
func (n *Node) Receipt(org string, nav pagopa.NoticeNumber, r *Response) (pagopa.Receipt, error) {
	if r == nil || r.Data == nil {
		return pagopa.Receipt{}, errors.New("pagopatest: receipt: no payment data")
	}
	d := r.Data
	amount, err := pagopa.ParseAmount(d.PaymentAmount)
	if err != nil {
		return pagopa.Receipt{}, err
	}
	now := n.cfg.Now()
	rc := pagopa.Receipt{
		ReceiptID:              fmt.Sprintf("%x%012d", n.started.UnixNano()&0xffffffff, n.seq.Add(1)),
		NoticeNumber:           nav,
		OrganizationFiscalCode: org,
		Outcome:                pagopa.OutcomeOK,
		IUV:                    pagopa.IUV(d.CreditorReferenceID),
		Amount:                 amount,
		Description:            d.Description,
		CompanyName:            d.CompanyName,
		OfficeName:             d.OfficeName,
		Debtor: pagopa.Debtor{Type: pagopa.DebtorType(d.Debtor.UniqueIdentifier.Type),
			FiscalCode: d.Debtor.UniqueIdentifier.Value, FullName: d.Debtor.FullName},
		PSP:             n.cfg.PSP,
		PaymentMethod:   "creditCard",
		Fee:             150,
		PaymentDateTime: now.Truncate(time.Millisecond),
		ApplicationDate: now,
		TransferDate:    now.AddDate(0, 0, 1),
	}
	if rc.CompanyName == "" {
		rc.CompanyName = "-"
	}
	for _, t := range d.Transfers {
		id, _ := strconv.Atoi(t.ID)
		a, err := pagopa.ParseAmount(t.Amount)
		if err != nil {
			return pagopa.Receipt{}, err
		}
		rt := pagopa.ReceiptTransfer{ID: id, Amount: a, OrganizationFiscalCode: t.FiscalCodePA, CompanyName: t.CompanyName,
			IBAN: t.IBAN, RemittanceInformation: t.RemittanceInformation, Category: t.TransferCategory}
		if t.Stamp != nil {
			rt.IBAN = ""
			rt.MBDAttachment = []byte("<marcaDaBollo>" + *t.Stamp + "</marcaDaBollo>")
		}
		rc.Transfers = append(rc.Transfers, rt)
	}
	return rc, nil
}

// Pay runs a whole payment the way the node does: verify, getPaymentV2, and
// sendRTV2 with a receipt from this node's PSP. It returns the receipt sent.
func (n *Node) Pay(ctx context.Context, org string, nav pagopa.NoticeNumber) (pagopa.Receipt, error) {
	v, err := n.Verify(ctx, org, nav)
	if err != nil {
		return pagopa.Receipt{}, err
	}
	if v.PaymentList == nil {
		return pagopa.Receipt{}, errors.New("pagopatest: verify: no paymentList")
	}
	amount, err := pagopa.ParseAmount(v.PaymentList.Option.Amount)
	if err != nil {
		return pagopa.Receipt{}, fmt.Errorf("pagopatest: verify amount: %w", err)
	}
	g, err := n.GetPayment(ctx, org, nav, GetPaymentOptions{Amount: &amount})
	if err != nil {
		return pagopa.Receipt{}, err
	}
	r, err := n.Receipt(org, nav, g)
	if err != nil {
		return pagopa.Receipt{}, err
	}
	if _, err := n.SendReceipt(ctx, org, r, false); err != nil {
		return r, err
	}
	return r, nil
}
