package gpdtest

import (
	"net/http"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
)

// bulkCreate is v2 createMultiplePositions: every position is checked before any is stored, and
// the ones stored are removed again if a later one fails.
func (f *Fake) bulkCreate(w http.ResponseWriter, r *http.Request) {
	org, now, ctx := r.PathValue("org"), f.now(), r.Context()
	ps, ok := f.bulkAdmit(w, r)
	if !ok {
		return
	}
	var done []string
	for _, p := range ps {
		if toPublish(r) {
			if err := p.Publish(now); err != nil {
				f.rollback(r, org, done)
				transitionError(w, err, "publish", org, p.IUPD)
				return
			}
		}
		if _, err := f.store.CreatePosition(ctx, p); err != nil {
			f.rollback(r, org, done)
			storeError(w, err, org, p.IUPD)
			return
		}
		done = append(done, p.IUPD)
	}
	w.WriteHeader(http.StatusCreated)
}

func (f *Fake) rollback(r *http.Request, org string, iupds []string) {
	for _, id := range iupds {
		_ = f.store.DeletePosition(r.Context(), org, id)
	}
}

// bulkUpdate is v2 updateMultiplePositions: every position must exist and be updatable.
func (f *Fake) bulkUpdate(w http.ResponseWriter, r *http.Request) {
	org, now, ctx := r.PathValue("org"), f.now(), r.Context()
	ps, ok := f.bulkAdmit(w, r)
	if !ok {
		return
	}
	olds := make([]pagopa.Position, len(ps))
	for i, p := range ps {
		old, err := f.read(ctx, org, p.IUPD)
		if err != nil {
			storeError(w, err, org, p.IUPD)
			return
		}
		if err := old.CheckUpdate(); err != nil {
			transitionError(w, err, "update", org, p.IUPD)
			return
		}
		if toPublish(r) {
			if err := ps[i].Publish(now); err != nil {
				transitionError(w, err, "publish", org, p.IUPD)
				return
			}
		}
		olds[i] = old
	}
	for i, next := range ps {
		next.CreatedAt, next.UpdatedAt = olds[i].CreatedAt, now
		var err error
		if sameIUVs(olds[i], next) {
			_, err = f.store.UpdatePosition(ctx, org, next.IUPD, func(p *pagopa.Position) error {
				version := p.Version
				*p = next
				p.Version = version
				return nil
			})
		} else if err = f.store.DeletePosition(ctx, org, next.IUPD); err == nil {
			_, err = f.store.CreatePosition(ctx, next)
		}
		if err != nil {
			storeError(w, err, org, next.IUPD)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

// bulkAdmit decodes and checks a MultiplePaymentPositionModel body.
func (f *Fake) bulkAdmit(w http.ResponseWriter, r *http.Request) ([]pagopa.Position, bool) {
	org, now := r.PathValue("org"), f.now()
	var body struct {
		Positions []gpd.Position `json:"paymentPositions"`
	}
	if !decode(w, r, &body) {
		return nil, false
	}
	if len(body.Positions) == 0 || len(body.Positions) > gpd.MaxBulk {
		writeProblem(w, http.StatusBadRequest, titleRequestData, "paymentPositions must hold 1 to 20 positions")
		return nil, false
	}
	seen := map[string]bool{}
	out := make([]pagopa.Position, len(body.Positions))
	for i, in := range body.Positions {
		p, err := admit(org, in, now)
		if err != nil {
			writeProblem(w, http.StatusBadRequest, titleRequestData, err.Error())
			return nil, false
		}
		if seen[p.IUPD] {
			writeProblem(w, http.StatusBadRequest, titleRequestData, "iupd "+p.IUPD+" repeats")
			return nil, false
		}
		seen[p.IUPD] = true
		p.CreatedAt = now
		out[i] = p
	}
	return out, true
}

// bulkDelete is v2 deleteMultipleDebtPositions: all or none.
func (f *Fake) bulkDelete(w http.ResponseWriter, r *http.Request) {
	org, ctx := r.PathValue("org"), r.Context()
	var body struct {
		IUPDs []string `json:"paymentPositionIUPDs"`
	}
	if !decode(w, r, &body) {
		return
	}
	if len(body.IUPDs) == 0 || len(body.IUPDs) > gpd.MaxBulk {
		writeProblem(w, http.StatusBadRequest, titleRequestData, "paymentPositionIUPDs must hold 1 to 20 IUPDs")
		return
	}
	for _, id := range body.IUPDs {
		p, err := f.read(ctx, org, id)
		if err != nil {
			storeError(w, err, org, id)
			return
		}
		if p.CheckDelete() != nil {
			writeProblem(w, http.StatusConflict, titlePaymentFound, "A payment transaction has already been carried out on the debt position "+id)
			return
		}
	}
	for _, id := range body.IUPDs {
		if err := f.store.DeletePosition(ctx, org, id); err != nil {
			storeError(w, err, org, id)
			return
		}
	}
	writeJSON(w, http.StatusOK, "OK")
}
