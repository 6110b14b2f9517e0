package station

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/siopi/siopi/pagopa"
)

// DemandRequest is a paDemandPaymentNotice call: a citizen asked a PSP for
// a spontaneous payment from the service catalogue.
type DemandRequest struct {
	OrganizationFiscalCode string // idPA
	ServiceID              string // idServizio (5 characters)
	ServiceSubjectID       string // idSoggettoServizio (5 characters)
	// ServiceData is datiSpecificiServizioRequest, decoded from base64: an
	// XML document defined by the service's catalogue XSD. It is untrusted
	// input; parse it with encoding/xml and no DTD processing.
	ServiceData []byte
}

// DemandFunc builds the debt position for a spontaneous payment. The
// position must have exactly one payment option with its IUV (see
// pagopa.NextNoticeNumber); the station fills defaults, validates, publishes
// and stores it, then answers with its notice number. Returning a [*Fault]
// chooses the fault code; pagopa's sentinel errors map as for the other
// operations (e.g. pagopa.ErrNotFound → PAA_PAGAMENTO_SCONOSCIUTO).
type DemandFunc func(ctx context.Context, req DemandRequest) (pagopa.Position, error)

// demand serves paDemandPaymentNotice.
func (s *Station) demand(ctx context.Context, op *operation, q *xDemandReq, out *xw) {
	p, err := s.demandPosition(ctx, q)
	if err != nil {
		s.fail(ctx, op, out, err, q.IDPA)
		return
	}
	o := &p.Options[0]
	out.envelope(op.response)
	out.leaf("outcome", "OK")
	out.open("qrCode")
	out.leaf("fiscalCode", p.OrganizationFiscalCode)
	out.leaf("noticeNumber", string(o.NoticeNumber))
	out.close("qrCode")
	writePaymentList(out, &p, o)
	out.endEnvelope(op.response)
}

func (s *Station) demandPosition(ctx context.Context, q *xDemandReq) (pagopa.Position, error) {
	if len(q.IDServizio) != 5 || len(q.IDSoggettoServizio) != 5 {
		return pagopa.Position{}, syntaxErr("idServizio and idSoggettoServizio must be 5 characters")
	}
	data, err := base64.StdEncoding.DecodeString(q.DatiSpecificiServizioRequest)
	if err != nil {
		return pagopa.Position{}, syntaxErr("datiSpecificiServizioRequest is not base64")
	}
	if err := s.checkIDs(&q.xIDs); err != nil {
		return pagopa.Position{}, err
	}
	if s.cfg.Demand == nil {
		return pagopa.Position{}, newFault(FaultSemantic, "spontaneous payments are not offered")
	}
	p, err := s.cfg.Demand(ctx, DemandRequest{
		OrganizationFiscalCode: q.IDPA, ServiceID: q.IDServizio, ServiceSubjectID: q.IDSoggettoServizio, ServiceData: data,
	})
	if err != nil {
		return pagopa.Position{}, fmt.Errorf("station: demand: %w", err)
	}
	now := s.now()
	if p.OrganizationFiscalCode != q.IDPA || len(p.Options) != 1 {
		return pagopa.Position{}, fmt.Errorf("station: demand returned a position of another EC or without exactly one option: %w", pagopa.ErrInvalid)
	}
	p.SetDefaults()
	if err := p.Validate(now); err != nil {
		return pagopa.Position{}, fmt.Errorf("station: demand: %w", err)
	}
	if p.Options[0].NoticeNumber == "" {
		return pagopa.Position{}, fmt.Errorf("station: demand: option without a notice number: %w", pagopa.ErrInvalid)
	}
	if p.Status == pagopa.StatusDraft {
		if err := p.Publish(now); err != nil {
			return pagopa.Position{}, fmt.Errorf("station: demand: %w", err)
		}
	}
	return s.cfg.Store.CreatePosition(ctx, p)
}
