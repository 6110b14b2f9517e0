package appiotest

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// The APIM user the fake's keys belong to.
const fakeUserID = "appiotest-user"

type rcConfig struct {
	id   string
	body map[string]any // NewRCConfigurationPublic as received
}

func (c *rcConfig) response() map[string]any {
	out := maps.Clone(c.body)
	out["configuration_id"] = c.id
	out["user_id"] = fakeUserID
	return out
}

// AddRemoteContentConfig registers a remote-content configuration owned by
// the service's user, so that messages may name it in
// third_party_data.configuration_id. It returns its id.
func (f *Fake) AddRemoteContentConfig(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := newULID(f.now())
	f.rc[id] = &rcConfig{id: id, body: map[string]any{
		"name": name, "description": name, "has_precondition": "NEVER",
		"disable_lollipop_for": []any{}, "is_lollipop_enabled": false,
	}}
	return id
}

// decodeRCConfig applies the NewRCConfigurationPublic codec.
func decodeRCConfig(r *http.Request) (map[string]any, *rejection) {
	body, rej := decodeObject(r)
	if rej != nil {
		return nil, rej
	}
	rep := &report{}
	checkString(rep, body, "name", "name", true, 1, 0, nil, "NonEmptyString")
	checkString(rep, body, "description", "description", true, 1, 0, nil, "NonEmptyString")
	if p, _ := body["has_precondition"].(string); p != "ALWAYS" && p != "ONCE" && p != "NEVER" {
		rep.add("has_precondition", body["has_precondition"], "HasPrecondition")
	}
	if _, ok := body["is_lollipop_enabled"].(bool); !ok {
		rep.add("is_lollipop_enabled", body["is_lollipop_enabled"], "boolean")
	}
	codes := func(path string, v any) {
		list, ok := v.([]any)
		if !ok {
			rep.add(path, v, "array of FiscalCode")
			return
		}
		for i, c := range list {
			if s, ok := c.(string); !ok || !fiscalCodeRE.MatchString(s) {
				rep.add(path+"."+strconv.Itoa(i), c, "FiscalCode")
			}
		}
	}
	codes("disable_lollipop_for", body["disable_lollipop_for"])
	env := func(path string, test bool) {
		v, present := body[path]
		if !present {
			return
		}
		e, ok := v.(map[string]any)
		if !ok {
			rep.add(path, v, "RCConfigurationEnvironment")
			return
		}
		checkString(rep, e, "base_url", path+".base_url", true, 1, 0, nil, "NonEmptyString")
		a, ok := e["details_authentication"].(map[string]any)
		if !ok {
			rep.add(path+".details_authentication", e["details_authentication"], "RCAuthenticationConfig")
		} else {
			for _, k := range []string{"header_key_name", "key", "type"} {
				checkString(rep, a, k, path+".details_authentication."+k, true, 1, 0, nil, "NonEmptyString")
			}
		}
		if test {
			codes(path+".test_users", e["test_users"])
		}
	}
	env("test_environment", true)
	env("prod_environment", false)
	if r := rep.rejection("NewRCConfigurationPublic"); r != nil {
		return nil, r
	}
	return body, nil
}

func (f *Fake) rcCreate(w http.ResponseWriter, r *http.Request) {
	body, rej := decodeRCConfig(r)
	if rej != nil {
		rej.write(w)
		return
	}
	f.mu.Lock()
	c := &rcConfig{id: newULID(f.now()), body: body}
	f.rc[c.id] = c
	out := c.response()
	delete(out, "user_id")
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (f *Fake) rcList(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	list := []map[string]any{}
	for _, id := range slices.Sorted(maps.Keys(f.rc)) {
		list = append(list, f.rc[id].response())
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"rcConfigList": list})
}

// withConfig runs fn on the configuration the path's {configurationId}
// names, holding f.mu; it answers 400 to an id that is not a ULID and 404
// when there is no such configuration.
func (f *Fake) withConfig(w http.ResponseWriter, r *http.Request, fn func(*rcConfig)) {
	id := r.PathValue("configurationId")
	if !ulidRE.MatchString(id) {
		problem(w, http.StatusBadRequest, "Invalid Ulid", "value ["+id+"] at [root] is not a valid [Ulid]")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.rc[id]
	if !ok {
		problem(w, http.StatusNotFound, "Not found", "Configuration not found")
		return
	}
	fn(c)
}

func (f *Fake) rcGet(w http.ResponseWriter, r *http.Request) {
	f.withConfig(w, r, func(c *rcConfig) {
		writeJSON(w, http.StatusOK, c.response())
	})
}

func (f *Fake) rcUpdate(w http.ResponseWriter, r *http.Request) {
	body, rej := decodeRCConfig(r)
	if rej != nil {
		rej.write(w)
		return
	}
	f.withConfig(w, r, func(c *rcConfig) {
		c.body = body
		w.WriteHeader(http.StatusNoContent)
	})
}

// ownsConfig reports whether a remote-content configuration exists and
// belongs to the caller.
func (f *Fake) ownsConfig(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.rc[id]
	return ok
}

// historyEntry records a service's state change for cmsGetServiceHistory;
// f.mu is held.
func (f *Fake) historyEntry(s *cmsService, kind, value string) {
	item := s.lifecycle()
	item["status"] = map[string]any{"kind": kind, "value": value}
	item["id"] = s.id
	f.history[s.id] = append(f.history[s.id], item)
}

func (f *Fake) cmsHistory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, ok := queryLimit(w, r, 10)
	if !ok {
		return
	}
	order := q.Get("order")
	if order == "" {
		order = "DESC"
	}
	if order != "ASC" && order != "DESC" {
		problem(w, http.StatusBadRequest, "Invalid order", "order must be ASC or DESC")
		return
	}
	start := 0
	if t := q.Get("continuationToken"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			problem(w, http.StatusBadRequest, "Invalid continuationToken", "unknown continuation token")
			return
		}
		start = n
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	items, ok := f.history[r.PathValue("id")]
	if !ok {
		problem(w, http.StatusNotFound, "Not found", "Service not found")
		return
	}
	items = slices.Clone(items)
	if order == "DESC" {
		slices.Reverse(items)
	}
	out := map[string]any{"items": []map[string]any{}}
	if start < len(items) {
		end := min(start+limit, len(items))
		out["items"] = items[start:end]
		if end < len(items) {
			out["continuationToken"] = strconv.Itoa(end)
		}
	}
	writeJSON(w, http.StatusOK, out)
}
