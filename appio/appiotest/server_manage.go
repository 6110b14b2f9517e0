package appiotest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// topics are the fake's service topics.
var topics = []map[string]any{{"id": 0, "name": "Altro"}, {"id": 3, "name": "Benessere sociale"}, {"id": 6, "name": "Cultura, tempo libero e sport"}, {"id": 12, "name": "Tributi e finanze"}}

type cmsService struct {
	id          string
	status      string // lifecycle: draft, submitted, approved, rejected
	published   string // "", "published", "unpublished"
	lastUpdate  time.Time
	data        map[string]any // CmsServiceData fields
	metadata    map[string]any
	keys        [2]string
	autoPublish bool
}

func (s *cmsService) lifecycle() map[string]any {
	out := maps.Clone(s.data)
	out["id"] = s.id
	out["status"] = map[string]any{"value": s.status}
	out["last_update"] = s.lastUpdate.Format("2006-01-02T15:04:05.000Z")
	out["metadata"] = s.responseMetadata()
	return out
}

func (s *cmsService) responseMetadata() map[string]any {
	md := maps.Clone(s.metadata)
	if id, ok := md["topic_id"]; ok {
		delete(md, "topic_id")
		n, _ := id.(json.Number).Int64()
		for _, t := range topics {
			if int64(t["id"].(int)) == n {
				md["topic"] = t
			}
		}
	}
	return md
}

// ApproveService moves a submitted service to approved (PagoPA's review),
// publishing it if the review asked for auto_publish.
func (f *Fake) ApproveService(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.services[id]
	if !ok || s.status != "submitted" {
		return false
	}
	s.status = "approved"
	f.historyEntry(s, "lifecycle", "approved")
	if s.autoPublish {
		s.published = "published"
		f.historyEntry(s, "publication", "published")
	}
	return true
}

// decodeService validates a CmsServicePayload.
func decodeService(r *http.Request) (data, metadata map[string]any, rej *rejection) {
	body, rej := decodeObject(r)
	if rej != nil {
		return nil, nil, rej
	}
	rep := &report{}
	checkString(rep, body, "name", "name", true, 1, 0, nil, "NonEmptyString")
	checkString(rep, body, "description", "description", true, 1, 0, nil, "NonEmptyString")
	if org, ok := body["organization"].(map[string]any); !ok {
		rep.add("organization", body["organization"], "CmsOrganization")
	} else {
		checkString(rep, org, "name", "organization.name", true, 1, 0, nil, "NonEmptyString")
		checkString(rep, org, "fiscal_code", "organization.fiscal_code", true, 0, 0, orgCodeRE, "OrganizationFiscalCode")
	}
	md, ok := body["metadata"].(map[string]any)
	if !ok {
		rep.add("metadata", body["metadata"], "CmsServicePayloadMetadata")
	} else {
		checkString(rep, md, "scope", "metadata.scope", true, 0, 0, nil, "LOCAL | NATIONAL")
		if s, _ := md["scope"].(string); s != "" && s != "LOCAL" && s != "NATIONAL" {
			rep.add("metadata.scope", s, "LOCAL | NATIONAL")
		}
		checkInt(rep, md, "topic_id", "metadata.topic_id", true, 0, 1000)
	}
	if r := rep.rejection("CmsServicePayload"); r != nil {
		return nil, nil, r
	}
	delete(body, "metadata")
	return body, md, nil
}

// withService runs fn on the service the path's {id} names, holding f.mu;
// it answers 404 when there is no such service.
func (f *Fake) withService(w http.ResponseWriter, r *http.Request, fn func(*cmsService)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.services[r.PathValue("id")]
	if !ok {
		problem(w, http.StatusNotFound, "Not found", "Service not found")
		return
	}
	fn(s)
}

// statusConflict answers 409 to an action the service's status forbids.
func statusConflict(w http.ResponseWriter, action string) {
	problem(w, http.StatusConflict, "Conflict", "Service status is incompatible with "+action)
}

// neverPublished answers 404 and reports true when s was never released.
func neverPublished(w http.ResponseWriter, s *cmsService) bool {
	if s.published == "" {
		problem(w, http.StatusNotFound, "Not found", "Service never published")
		return true
	}
	return false
}

// keyPair is the CmsServiceKeys body.
func (s *cmsService) keyPair() map[string]string {
	return map[string]string{"primary_key": s.keys[0], "secondary_key": s.keys[1]}
}

// queryLimit reads the limit query parameter (1..100, def when absent); it
// answers 400 and reports false when the value is not valid.
func queryLimit(w http.ResponseWriter, r *http.Request, def int) (int, bool) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		problem(w, http.StatusBadRequest, "Invalid limit", "limit must be an integer in 1..100")
		return 0, false
	}
	return n, true
}

func (f *Fake) cmsCreate(w http.ResponseWriter, r *http.Request) {
	data, md, rej := decodeService(r)
	if rej != nil {
		rej.write(w)
		return
	}
	f.mu.Lock()
	now := f.now().UTC()
	s := &cmsService{id: newULID(now), status: "draft", lastUpdate: now, data: data, metadata: md,
		keys: [2]string{newULID(now), newULID(now)}}
	f.services[s.id] = s
	f.historyEntry(s, "lifecycle", "draft")
	out := s.lifecycle()
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (f *Fake) cmsList(w http.ResponseWriter, r *http.Request) {
	limit, ok := queryLimit(w, r, 20)
	if !ok {
		return
	}
	offset := 0
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			problem(w, http.StatusBadRequest, "Invalid offset", "offset must be a non-negative integer")
			return
		}
		offset = n
	}
	f.mu.Lock()
	ids := slices.Sorted(maps.Keys(f.services))
	value := []map[string]any{}
	for i := offset; i < len(ids) && i < offset+limit; i++ {
		value = append(value, f.services[ids[i]].lifecycle())
	}
	count := len(ids)
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"value": value, "pagination": map[string]any{"offset": offset, "limit": limit, "count": count}})
}

func (f *Fake) cmsGet(w http.ResponseWriter, r *http.Request) {
	f.withService(w, r, func(s *cmsService) {
		writeJSON(w, http.StatusOK, s.lifecycle())
	})
}

func (f *Fake) cmsUpdate(w http.ResponseWriter, r *http.Request) {
	data, md, rej := decodeService(r)
	if rej != nil {
		rej.write(w)
		return
	}
	f.withService(w, r, func(s *cmsService) {
		if s.status == "submitted" {
			statusConflict(w, "update action")
			return
		}
		s.data, s.metadata, s.status, s.lastUpdate = data, md, "draft", f.now().UTC()
		f.historyEntry(s, "lifecycle", "draft")
		writeJSON(w, http.StatusOK, s.lifecycle())
	})
}

func (f *Fake) cmsDelete(w http.ResponseWriter, r *http.Request) {
	f.withService(w, r, func(s *cmsService) {
		delete(f.services, s.id)
		f.historyEntry(s, "lifecycle", "deleted")
		w.WriteHeader(http.StatusNoContent)
	})
}

func (f *Fake) cmsLogo(w http.ResponseWriter, r *http.Request) {
	png, rej := decodeLogo(r)
	if rej != nil {
		rej.write(w)
		return
	}
	f.withService(w, r, func(s *cmsService) {
		f.logos[s.id] = png
		w.WriteHeader(http.StatusNoContent)
	})
}

func (f *Fake) cmsKeys(w http.ResponseWriter, r *http.Request) {
	f.withService(w, r, func(s *cmsService) {
		writeJSON(w, http.StatusOK, s.keyPair())
	})
}

func (f *Fake) cmsRegenerate(w http.ResponseWriter, r *http.Request) {
	kt := r.PathValue("keyType")
	if kt != "primary" && kt != "secondary" {
		problem(w, http.StatusBadRequest, "Invalid keyType", "keyType must be primary or secondary")
		return
	}
	f.withService(w, r, func(s *cmsService) {
		i := 0
		if kt == "secondary" {
			i = 1
		}
		s.keys[i] = newULID(f.now())
		writeJSON(w, http.StatusOK, s.keyPair())
	})
}

func (f *Fake) cmsReview(w http.ResponseWriter, r *http.Request) {
	body, rej := decodeObject(r)
	if rej != nil {
		rej.write(w)
		return
	}
	auto, ok := body["auto_publish"].(bool)
	if !ok {
		problem(w, http.StatusBadRequest, "Invalid CmsReviewRequest", "value at [root.0.auto_publish] is not a valid [boolean]")
		return
	}
	f.withService(w, r, func(s *cmsService) {
		if s.status != "draft" {
			statusConflict(w, "review action request")
			return
		}
		s.status, s.autoPublish, s.lastUpdate = "submitted", auto, f.now().UTC()
		f.historyEntry(s, "lifecycle", "submitted")
		w.WriteHeader(http.StatusNoContent)
	})
}

func (f *Fake) cmsRelease(w http.ResponseWriter, r *http.Request) {
	f.withService(w, r, func(s *cmsService) {
		if s.status != "approved" {
			statusConflict(w, "publish action request")
			return
		}
		s.published = "published"
		f.historyEntry(s, "publication", "published")
		w.WriteHeader(http.StatusNoContent)
	})
}

func (f *Fake) cmsPublished(w http.ResponseWriter, r *http.Request) {
	f.withService(w, r, func(s *cmsService) {
		if neverPublished(w, s) {
			return
		}
		out := s.lifecycle()
		out["status"] = s.published
		writeJSON(w, http.StatusOK, out)
	})
}

func (f *Fake) cmsUnpublish(w http.ResponseWriter, r *http.Request) {
	f.withService(w, r, func(s *cmsService) {
		if neverPublished(w, s) {
			return
		}
		s.published = "unpublished"
		f.historyEntry(s, "publication", "unpublished")
		w.WriteHeader(http.StatusNoContent)
	})
}

func (f *Fake) cmsTopics(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"topics": topics})
}
