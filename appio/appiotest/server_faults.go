package appiotest

import (
	"net/http"
	"net/http/httptest"
	"time"
)

// FaultKind is a failure the fake can inject.
type FaultKind int

// Fault kinds.
const (
	// Fault429 answers like APIM's rate limiter (x-rate-limit-retry-after,
	// gateway body) before the operation runs.
	Fault429 FaultKind = iota + 1
	// Fault500 answers a problem JSON 500 before the operation runs.
	Fault500
	// FaultSlow waits Delay, then runs the operation.
	FaultSlow
	// FaultDrop closes the connection without an answer before the
	// operation runs: nothing happened.
	FaultDrop
	// FaultDropAfter runs the operation, then closes the connection without
	// an answer: the message exists but the client cannot know it.
	FaultDropAfter
	// Fault403 answers a 403 without a body before the operation runs, as
	// APIM does when a required client certificate is missing.
	Fault403
)

// FaultRule injects a fault into matching requests.
type FaultRule struct {
	// Op is the operationId to match (e.g.
	// "submitMessageforUserWithFiscalCodeInBody"); empty matches all.
	Op   string
	Kind FaultKind
	// Times faults the next Times matching requests; zero means no limit
	// (then Rate decides).
	Times int
	// Rate is the probability of faulting a matching request when Times is
	// zero; zero means always.
	Rate float64
	// Delay is FaultSlow's wait.
	Delay time.Duration
	// RetryAfter is Fault429's x-rate-limit-retry-after in seconds; zero
	// means 1.
	RetryAfter int

	hits int
}

// InjectFault adds a fault rule; rules are tried in order.
func (f *Fake) InjectFault(r FaultRule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, &r)
}

// ClearFaults removes every fault rule.
func (f *Fake) ClearFaults() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = nil
}

// fault applies the first matching rule and reports whether it answered.
func (f *Fake) fault(op string, w http.ResponseWriter, r *http.Request, h http.HandlerFunc) bool {
	f.mu.Lock()
	var rule *FaultRule
	for _, fr := range f.faults {
		if fr.Op != "" && fr.Op != op {
			continue
		}
		if fr.Times > 0 {
			if fr.hits >= fr.Times {
				continue
			}
		} else if fr.Rate > 0 && f.rng.Float64() >= fr.Rate {
			continue
		}
		fr.hits++
		rule = fr
		break
	}
	var kind FaultKind
	var delay time.Duration
	retry := 1
	if rule != nil {
		kind, delay = rule.Kind, rule.Delay
		if rule.RetryAfter > 0 {
			retry = rule.RetryAfter
		}
	}
	f.mu.Unlock()
	switch kind {
	case Fault429:
		rateLimited(w, retry)
	case Fault500:
		problem(w, http.StatusInternalServerError, "Internal server error", "injected fault")
	case Fault403:
		w.WriteHeader(http.StatusForbidden)
	case FaultSlow:
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return true
		}
		return false
	case FaultDrop:
		drop(w)
	case FaultDropAfter:
		h(httptest.NewRecorder(), r)
		drop(w)
	default:
		return false
	}
	return true
}

// drop closes the client's connection without writing a response.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
