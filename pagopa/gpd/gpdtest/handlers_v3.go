package gpdtest

import (
	"net/http"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
)

func (f *Fake) decodeV3(w http.ResponseWriter, r *http.Request) (gpd.Position, bool) {
	var in gpd.PositionV3
	if !decode(w, r, &in) {
		return gpd.Position{}, false
	}
	if iupd := r.PathValue("iupd"); iupd != "" {
		in.IUPD = iupd
	}
	if err := gpd.ValidatePositionV3(in, f.now()); err != nil {
		writeProblem(w, http.StatusBadRequest, titleRequestData, err.Error())
		return gpd.Position{}, false
	}
	v1, err := in.ToV1()
	if err != nil {
		writeProblem(w, http.StatusBadRequest, titleRequestData, err.Error())
		return gpd.Position{}, false
	}
	return v1, true
}

func v3View(p pagopa.Position) any { return gpd.FromCoreV3(p) }

func (f *Fake) createV3(w http.ResponseWriter, r *http.Request) {
	if in, ok := f.decodeV3(w, r); ok {
		f.create(w, r, in, v3View)
	}
}

func (f *Fake) updateV3(w http.ResponseWriter, r *http.Request) {
	if in, ok := f.decodeV3(w, r); ok {
		f.update(w, r, in, v3View)
	}
}

func (f *Fake) getV3(w http.ResponseWriter, r *http.Request) {
	org, iupd := r.PathValue("org"), r.PathValue("iupd")
	p, err := f.read(r.Context(), org, iupd)
	if err != nil {
		storeError(w, err, org, iupd)
		return
	}
	writeJSON(w, http.StatusOK, gpd.FromCoreV3(p))
}

func (f *Fake) listV3(w http.ResponseWriter, r *http.Request) {
	ps, info, ok := f.list(w, r, func(p pagopa.Position) string { return string(gpd.FromCoreV3(p).Status) })
	if !ok {
		return
	}
	out := make([]gpd.PositionV3, len(ps))
	for i, p := range ps {
		out[i] = gpd.FromCoreV3(p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"payment_position_list": out, "page_info": info})
}
