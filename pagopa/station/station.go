package station

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/pagopa"
)

// Defaults of [Config]'s optional fields.
const (
	// DefaultActivationLock is how long paGetPayment locks an option: the
	// node's longest payment-token validity (activatePaymentNotice
	// expirationTime, 1800 s).
	DefaultActivationLock = 30 * time.Minute
	// DefaultMaxRequestBytes bounds a request body; a receipt with five stamp
	// attachments stays well below it.
	DefaultMaxRequestBytes = 1 << 20
)

// Config configures a [Station].
type Config struct {
	// Organizations are the fiscal codes (11 digits) of the creditor bodies
	// this station serves: the accepted idPA values. Required.
	Organizations []string
	// BrokerID is the intermediary's fiscal code (idBrokerPA). Required.
	BrokerID string
	// StationID is the station's ID (idStation), e.g. "77777777777_01". Required.
	StationID string
	// Store holds positions, locks and receipts. Required.
	Store pagopa.Store

	// ActivationLock is how long paGetPayment[V2] keeps an option locked
	// against a second activation (PAA_PAGAMENTO_IN_CORSO). Zero means
	// [DefaultActivationLock]; negative disables the lock.
	ActivationLock time.Duration
	// OnReceipt, if set, is called after a receipt has been stored, once per
	// stored receipt (duplicates are not reported again), before the node
	// gets its answer: the payment of an option, a KO receipt, a copy
	// delivered to a co-beneficiary this station also serves (ReceivedBy
	// tells which EC), and, when OnDoublePayment is nil, double payments
	// (DoublePayment set), so that none goes unnoticed. It must be quick; a
	// panic in it is recovered and logged. The store is the durable record:
	// a host that must not miss a receipt across a crash reads receipts from
	// the store (Receipts, DoublePayments), not only from the hooks.
	OnReceipt func(ctx context.Context, r pagopa.Receipt)
	// OnDoublePayment, if set, is called instead of OnReceipt for a receipt
	// stored as a double payment: an OK receipt, with another receiptId, for
	// an option already paid. The citizen paid twice and the host arranges a
	// refund. Same rules as OnReceipt.
	OnDoublePayment func(ctx context.Context, r pagopa.Receipt)
	// Demand, if set, serves paDemandPaymentNotice (spontaneous payments);
	// without it the station answers PAA_SEMANTICA.
	Demand DemandFunc
	// MaxRequestBytes bounds request bodies; zero means [DefaultMaxRequestBytes].
	MaxRequestBytes int64
	// Logger receives one record per failed request; nil discards.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Station is the creditor body's paForNode SOAP endpoint, an [http.Handler].
// It is safe for concurrent use.
type Station struct {
	cfg Config
	log *slog.Logger
	now func() time.Time
}

var _ http.Handler = (*Station)(nil)

// ErrConfig reports an invalid [Config].
var ErrConfig = errors.New("station: invalid config")

// New validates cfg and returns a station.
func New(cfg Config) (*Station, error) {
	if len(cfg.Organizations) == 0 {
		return nil, fmt.Errorf("%w: no organizations", ErrConfig)
	}
	for _, o := range cfg.Organizations {
		if err := fiscalcode.ValidateOrganization(o); err != nil {
			return nil, fmt.Errorf("%w: organization %q: %w", ErrConfig, o, err)
		}
	}
	if cfg.BrokerID == "" || len(cfg.BrokerID) > 35 {
		return nil, fmt.Errorf("%w: broker id must be 1..35 characters", ErrConfig)
	}
	if cfg.StationID == "" || len(cfg.StationID) > 35 {
		return nil, fmt.Errorf("%w: station id must be 1..35 characters", ErrConfig)
	}
	if cfg.Store == nil {
		return nil, fmt.Errorf("%w: no store", ErrConfig)
	}
	if cfg.ActivationLock == 0 {
		cfg.ActivationLock = DefaultActivationLock
	}
	if cfg.MaxRequestBytes <= 0 {
		cfg.MaxRequestBytes = DefaultMaxRequestBytes
	}
	cfg.Organizations = slices.Clone(cfg.Organizations)
	s := &Station{cfg: cfg, log: cfg.Logger, now: cfg.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// ServeHTTP answers one paForNode call. Every answer the node can act on is
// HTTP 200 with the operation's response element (outcome OK, or KO with a
// fault); a request whose operation cannot be identified gets a SOAP 1.1
// Fault with HTTP 500.
func (s *Station) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxRequestBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.respondError(w, r, s.actionOf(r), syntaxErr("request larger than %d bytes", s.cfg.MaxRequestBytes))
			return
		}
		s.log.WarnContext(r.Context(), "station: read request", "err", err)
		return
	}
	out := writers.Get().(*xw)
	out.b.Reset()
	out.depth = 0
	defer writers.Put(out)
	status := s.handle(r.Context(), r, body, out)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(out.b.Bytes())
}

// actionOf returns the operation the SOAPAction header names, if any.
func (s *Station) actionOf(r *http.Request) *operation {
	return operationByAction(strings.Trim(r.Header.Get("SOAPAction"), `"' `))
}

func (s *Station) respondError(w http.ResponseWriter, r *http.Request, op *operation, err error) {
	out := &xw{}
	if op == nil {
		soapFault(out, err)
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write(out.b.Bytes())
		return
	}
	s.writeFault(out, op, faultFor(err, op.syntax), "")
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	_, _ = w.Write(out.b.Bytes())
}

// handle parses and serves one request into out, never panicking, and
// returns the HTTP status.
func (s *Station) handle(ctx context.Context, r *http.Request, body []byte, out *xw) (status int) {
	var op *operation
	status = http.StatusOK
	defer func() {
		if v := recover(); v != nil {
			s.log.ErrorContext(ctx, "station: panic", "panic", v, "stack", string(debug.Stack()))
			out.b.Reset()
			out.depth = 0
			if op == nil {
				op = s.actionOf(r)
			}
			if op == nil {
				soapFault(out, errors.New("internal error"))
				status = http.StatusInternalServerError
				return
			}
			s.writeFault(out, op, newFault(FaultSystemError, ""), "")
		}
	}()
	var req any
	op, err := parseEnvelope(body, func(op *operation, d *xml.Decoder, start *xml.StartElement) error {
		switch op.name {
		case "paVerifyPaymentNotice":
			req = new(xVerifyReq)
		case "paGetPayment", "paGetPaymentV2":
			req = new(xGetPaymentReq)
		case "paSendRT", "paSendRTV2":
			req = new(xSendRTReq)
		case "paDemandPaymentNotice":
			req = new(xDemandReq)
		}
		return d.DecodeElement(req, start)
	})
	if op == nil {
		op = s.actionOf(r)
	}
	if err != nil {
		if op == nil {
			s.log.InfoContext(ctx, "station: unparseable request", "err", err)
			soapFault(out, err)
			return http.StatusInternalServerError
		}
		s.writeFault(out, op, faultFor(err, op.syntax), "")
		return status
	}
	switch q := req.(type) {
	case *xVerifyReq:
		s.verify(ctx, op, q, out)
	case *xGetPaymentReq:
		s.getPayment(ctx, op, q, out)
	case *xSendRTReq:
		s.sendRT(ctx, op, q, out)
	case *xDemandReq:
		s.demand(ctx, op, q, out)
	}
	return status
}

// writeFault writes op's response with outcome KO. id is the EC fiscal code
// the fault is about ("" = the station's first organisation).
func (s *Station) writeFault(out *xw, op *operation, f *Fault, id string) {
	if id == "" || !s.serves(id) {
		id = s.cfg.Organizations[0]
	}
	out.b.Reset()
	out.depth = 0
	out.envelope(op.response)
	out.fault(f, id)
	out.endEnvelope(op.response)
}

// fail logs err and writes its fault.
func (s *Station) fail(ctx context.Context, op *operation, out *xw, err error, idPA string) {
	f := faultFor(err, op.syntax)
	lvl := slog.LevelInfo
	if f.Code == FaultSystemError {
		lvl = slog.LevelError
	}
	s.log.Log(ctx, lvl, "station: fault", "operation", op.name, "faultCode", f.Code, "err", err)
	s.writeFault(out, op, f, idPA)
}

func (s *Station) serves(org string) bool { return slices.Contains(s.cfg.Organizations, org) }

// checkIDs checks idPA, idBrokerPA and idStation, in that order.
func (s *Station) checkIDs(ids *xIDs) error {
	for _, v := range []string{ids.IDPA, ids.IDBrokerPA, ids.IDStation} {
		if err := text(v, 35); err != nil {
			return err
		}
	}
	switch {
	case !s.serves(ids.IDPA):
		return newFault(FaultWrongDomain, "idPA "+ids.IDPA+" is not served by this station")
	case ids.IDBrokerPA != s.cfg.BrokerID:
		return newFault(FaultWrongBroker, "idBrokerPA "+ids.IDBrokerPA+" does not match")
	case ids.IDStation != s.cfg.StationID:
		return newFault(FaultWrongStation, "idStation "+ids.IDStation+" does not match")
	}
	return nil
}

// soapFault writes a SOAP 1.1 Fault for a request that names no operation.
func soapFault(out *xw, err error) {
	out.b.Reset()
	out.depth = 0
	out.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	out.indent()
	out.b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + soapEnvNS + `">`)
	out.depth++
	out.open("soapenv:Body")
	out.open("soapenv:Fault")
	out.leaf("faultcode", "soapenv:Client")
	out.leaf("faultstring", err.Error())
	out.close("soapenv:Fault")
	out.close("soapenv:Body")
	out.close("soapenv:Envelope")
	out.b.WriteByte('\n')
}
