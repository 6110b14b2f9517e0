package gpdtest

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
)

// admit validates a v1 body as GPD does and converts it to a core position in DRAFT.
func (f *Fake) admit(w http.ResponseWriter, org string, in gpd.Position, now time.Time) (pagopa.Position, bool) {
	p, err := admit(org, in, now)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, titleRequestData, err.Error())
		return pagopa.Position{}, false
	}
	return p, true
}

func admit(org string, in gpd.Position, now time.Time) (pagopa.Position, error) {
	if err := gpd.ValidatePosition(in, now); err != nil {
		return pagopa.Position{}, err
	}
	p := in.ToCore(org)
	p.OrganizationFiscalCode = org
	p.Status = pagopa.StatusDraft
	p.SetDefaults()
	if err := p.Validate(now); err != nil {
		return pagopa.Position{}, err
	}
	return p, nil
}

func (f *Fake) createV1(w http.ResponseWriter, r *http.Request) {
	var in gpd.Position
	if !decode(w, r, &in) {
		return
	}
	f.create(w, r, in, func(p pagopa.Position) any { return gpd.FromCore(p) })
}

// create stores in (already decoded to the v1 form), publishing it if asked.
func (f *Fake) create(w http.ResponseWriter, r *http.Request, in gpd.Position, view func(pagopa.Position) any) {
	org, now := r.PathValue("org"), f.now()
	p, ok := f.admit(w, org, in, now)
	if !ok {
		return
	}
	if toPublish(r) {
		if err := p.Publish(now); err != nil {
			transitionError(w, err, "publish", org, p.IUPD)
			return
		}
	}
	p.CreatedAt = now
	saved, err := f.store.CreatePosition(r.Context(), p)
	if err != nil {
		storeError(w, err, org, p.IUPD)
		return
	}
	writeJSON(w, http.StatusCreated, view(saved))
}

func (f *Fake) read(ctx context.Context, org, iupd string) (pagopa.Position, error) {
	p, err := f.store.Position(ctx, org, iupd)
	if err == nil {
		p.Refresh(f.now())
	}
	return p, err
}

func (f *Fake) getV1(w http.ResponseWriter, r *http.Request) {
	org, iupd := r.PathValue("org"), r.PathValue("iupd")
	p, err := f.read(r.Context(), org, iupd)
	if err != nil {
		storeError(w, err, org, iupd)
		return
	}
	writeJSON(w, http.StatusOK, gpd.FromCore(p))
}

func (f *Fake) updateV1(w http.ResponseWriter, r *http.Request) {
	var in gpd.Position
	if !decode(w, r, &in) {
		return
	}
	in.IUPD = r.PathValue("iupd")
	f.update(w, r, in, func(p pagopa.Position) any { return gpd.FromCore(p) })
}

// update replaces a position, back to DRAFT unless toPublish.
func (f *Fake) update(w http.ResponseWriter, r *http.Request, in gpd.Position, view func(pagopa.Position) any) {
	org, iupd, now, ctx := r.PathValue("org"), r.PathValue("iupd"), f.now(), r.Context()
	next, ok := f.admit(w, org, in, now)
	if !ok {
		return
	}
	if toPublish(r) {
		if err := next.Publish(now); err != nil {
			transitionError(w, err, "publish", org, iupd)
			return
		}
	}
	old, err := f.store.Position(ctx, org, iupd)
	if err != nil {
		storeError(w, err, org, iupd)
		return
	}
	old.Refresh(now)
	if err := old.CheckUpdate(); err != nil {
		transitionError(w, err, "update", org, iupd)
		return
	}
	next.CreatedAt, next.UpdatedAt = old.CreatedAt, now
	var saved pagopa.Position
	if sameIUVs(old, next) {
		saved, err = f.store.UpdatePosition(ctx, org, iupd, func(p *pagopa.Position) error {
			p.Refresh(now)
			if err := p.CheckUpdate(); err != nil {
				return err
			}
			version := p.Version
			*p = next
			p.Version = version
			return nil
		})
	} else {
		// The core store keeps IUVs immutable; the fake replaces the position instead.
		if err = f.store.DeletePosition(ctx, org, iupd); err == nil {
			saved, err = f.store.CreatePosition(ctx, next)
		}
	}
	if err != nil {
		if errors.Is(err, pagopa.ErrTransition) {
			transitionError(w, err, "update", org, iupd)
			return
		}
		storeError(w, err, org, iupd)
		return
	}
	writeJSON(w, http.StatusOK, view(saved))
}

func sameIUVs(a, b pagopa.Position) bool {
	if len(a.Options) != len(b.Options) {
		return false
	}
	for i := range a.Options {
		if a.Options[i].IUV != b.Options[i].IUV {
			return false
		}
	}
	return true
}

func (f *Fake) delete(w http.ResponseWriter, r *http.Request) {
	org, iupd, ctx := r.PathValue("org"), r.PathValue("iupd"), r.Context()
	p, err := f.read(ctx, org, iupd)
	if err != nil {
		storeError(w, err, org, iupd)
		return
	}
	if err := p.CheckDelete(); err != nil {
		writeProblem(w, http.StatusConflict, titlePaymentFound, "A payment transaction has already been carried out on the debt position "+iupd)
		return
	}
	if err := f.store.DeletePosition(ctx, org, iupd); err != nil {
		storeError(w, err, org, iupd)
		return
	}
	writeJSON(w, http.StatusOK, "OK")
}

type action func(p *pagopa.Position, now time.Time) error

func publish(p *pagopa.Position, now time.Time) error  { return p.Publish(now) }
func invalidate(p *pagopa.Position, _ time.Time) error { return p.Invalidate() }

// transition applies a state change (publish, invalidate) and answers in the v1 or v3 shape.
func (f *Fake) transition(v3 bool, act action) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		org, iupd, now := r.PathValue("org"), r.PathValue("iupd"), f.now()
		name := "publish"
		if strings.HasSuffix(r.URL.Path, "/invalidate") {
			name = "invalidate"
		}
		p, err := f.store.UpdatePosition(r.Context(), org, iupd, func(p *pagopa.Position) error {
			p.Refresh(now)
			if err := act(p, now); err != nil {
				return err
			}
			p.UpdatedAt = now
			return nil
		})
		switch {
		case errors.Is(err, pagopa.ErrTransition):
			transitionError(w, err, name, org, iupd)
		case err != nil:
			storeError(w, err, org, iupd)
		case v3:
			writeJSON(w, http.StatusOK, gpd.FromCoreV3(p))
		default:
			writeJSON(w, http.StatusOK, gpd.FromCore(p))
		}
	}
}

// transitionError answers a refused state change with GPD's 409s.
func transitionError(w http.ResponseWriter, err error, action, org, iupd string) {
	detail := "the debt position with Organization Fiscal Code " + org + " and IUPD " + iupd + ": " + err.Error()
	switch {
	case action == "publish" && errors.Is(err, pagopa.ErrExpired):
		writeProblem(w, http.StatusConflict, titleDueMismatch, detail)
	case action == "publish" && strings.Contains(err.Error(), "validity"):
		writeProblem(w, http.StatusConflict, titleValidityMismatch, detail)
	case action == "publish":
		writeProblem(w, http.StatusConflict, titleNotPublishable, detail)
	case action == "invalidate":
		writeProblem(w, http.StatusConflict, titleNotInvalidable, detail)
	default:
		writeProblem(w, http.StatusConflict, titleNotUpdatable, detail)
	}
}

func (f *Fake) markPaid(w http.ResponseWriter, r *http.Request) {
	org, ctx, now := r.PathValue("org"), r.Context(), f.now()
	nav, err := pagopa.ParseNoticeNumberUnchecked(r.PathValue("nav"))
	if err != nil {
		writeProblem(w, http.StatusBadRequest, titleRequestData, "bad notice number")
		return
	}
	var body struct {
		PaymentDate gpd.DateTime `json:"paymentDate"`
	}
	if !decode(w, r, &body) {
		return
	}
	at := body.PaymentDate.Time
	if at.IsZero() {
		at = now
	}
	iuv := nav.IUV()
	p, err := f.store.PositionByIUV(ctx, org, iuv)
	if err != nil {
		writeProblem(w, http.StatusNotFound, titleOptionNotFound, "Not found a payment option for Organization Fiscal Code "+org+" and IUV "+string(iuv))
		return
	}
	p, err = f.store.UpdatePosition(ctx, org, p.IUPD, func(p *pagopa.Position) error {
		p.Refresh(now)
		if _, err := p.Payable(iuv, now); err != nil {
			return err
		}
		return p.MarkPaid(iuv, "", at)
	})
	switch {
	case errors.Is(err, pagopa.ErrAlreadyPaid):
		writeProblem(w, http.StatusConflict, titlePaymentFound, "A payment transaction has already been carried out for IUV "+string(iuv))
	case err != nil:
		writeProblem(w, http.StatusUnprocessableEntity, titleNotPayable, "The payment option with IUV "+string(iuv)+" is not in payable state")
	default:
		o, _ := p.Option(iuv)
		out := gpd.FromCore(pagopa.Position{Options: []pagopa.PaymentOption{*o}}).PaymentOptions[0]
		out.OrganizationFiscalCode = org
		writeJSON(w, http.StatusOK, out)
	}
}

func (f *Fake) updateIBANs(w http.ResponseWriter, r *http.Request) {
	org, ctx := r.PathValue("org"), r.Context()
	oldIBAN := r.URL.Query().Get("oldIban")
	limit, err := strconv.Atoi(cmp.Or(r.URL.Query().Get("limit"), "1000"))
	if oldIBAN == "" || err != nil || limit < 1 || limit > 1000 {
		writeProblem(w, http.StatusBadRequest, titleRequestData, "oldIban is required and limit must be 1..1000")
		return
	}
	var body struct {
		NewIBAN string `json:"newIban"`
	}
	if !decode(w, r, &body) || body.NewIBAN == "" {
		return
	}
	all, err := f.all(ctx, org)
	if err != nil {
		storeError(w, err, org, "")
		return
	}
	updated := 0
	for _, p := range all {
		if updated >= limit || p.CheckUpdate() != nil {
			continue
		}
		_, err := f.store.UpdatePosition(ctx, org, p.IUPD, func(p *pagopa.Position) error {
			for i := range p.Options {
				for j := range p.Options[i].Transfers {
					if t := &p.Options[i].Transfers[j]; t.IBAN == oldIBAN && updated < limit {
						t.IBAN = body.NewIBAN
						updated++
					}
				}
			}
			return nil
		})
		if err != nil {
			storeError(w, err, org, p.IUPD)
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"description": "IBAN updated", "updatedTransfers": updated})
}
