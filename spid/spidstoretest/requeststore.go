package spidstoretest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/spid"
)

// Concurrency is how many goroutines the suites run at once against one
// request or ID.
const Concurrency = 50

// TestRequestStore runs the conformance suite of [spid.RequestStore].
// newStore returns a new, empty store for each subtest.
func TestRequestStore(t *testing.T, newStore func(t *testing.T) spid.RequestStore) {
	t.Run("save and take once", func(t *testing.T) {
		s := newStore(t)
		want := sampleRequest("_req-all-fields")
		saveAndTake(t, s, want)
		if _, err := s.Take(t.Context(), want.ID); !errors.Is(err, spid.ErrUnknownRequest) {
			t.Errorf("second Take: %v, want ErrUnknownRequest", err)
		}
	})
	t.Run("logout request", func(t *testing.T) {
		s := newStore(t)
		want := sampleRequest("_logout-1")
		want.Kind, want.Level, want.Comparison, want.XML = spid.KindLogout, 0, "", nil
		saveAndTake(t, s, want)
	})
	t.Run("take unknown", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Take(t.Context(), "_never-saved"); !errors.Is(err, spid.ErrUnknownRequest) {
			t.Errorf("Take: %v, want ErrUnknownRequest", err)
		}
		if err := s.Save(t.Context(), sampleRequest("_other")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Take(t.Context(), "_Other"); !errors.Is(err, spid.ErrUnknownRequest) {
			t.Errorf("Take of an ID differing in case: %v, want ErrUnknownRequest", err)
		}
	})
	t.Run("expired", func(t *testing.T) {
		s := newStore(t)
		r := sampleRequest("_expired")
		r.IssueInstant = time.Now().UTC().Add(-time.Hour).Truncate(time.Microsecond)
		r.Expires = time.Now().UTC().Add(-time.Minute).Truncate(time.Microsecond)
		if err := s.Save(t.Context(), r); err != nil {
			t.Fatalf("Save: %v", err)
		}
		if _, err := s.Take(t.Context(), r.ID); !errors.Is(err, spid.ErrUnknownRequest) {
			t.Errorf("Take of an expired request: %v, want ErrUnknownRequest", err)
		}
	})
	t.Run("requests are independent", func(t *testing.T) {
		s := newStore(t)
		for i := range 5 {
			if err := s.Save(t.Context(), sampleRequest(fmt.Sprintf("_r%d", i))); err != nil {
				t.Fatal(err)
			}
		}
		for _, i := range []int{3, 0, 4, 1, 2} {
			if r, err := s.Take(t.Context(), fmt.Sprintf("_r%d", i)); err != nil || r.ID != fmt.Sprintf("_r%d", i) {
				t.Errorf("Take _r%d: %q, %v", i, r.ID, err)
			}
		}
	})
	t.Run("concurrent take", func(t *testing.T) {
		s := newStore(t)
		r := sampleRequest("_contended")
		if err := s.Save(t.Context(), r); err != nil {
			t.Fatal(err)
		}
		oneWins(t, "Take", spid.ErrUnknownRequest, func() error {
			_, err := s.Take(t.Context(), r.ID)
			return err
		})
	})
	t.Run("concurrent save and take", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		for i := range Concurrency {
			wg.Go(func() {
				id := fmt.Sprintf("_c%d", i)
				if err := s.Save(t.Context(), sampleRequest(id)); err != nil {
					t.Errorf("Save %s: %v", id, err)
					return
				}
				if r, err := s.Take(t.Context(), id); err != nil || r.ID != id {
					t.Errorf("Take %s: %q, %v", id, r.ID, err)
				}
			})
		}
		wg.Wait()
	})
}

// sampleRequest is a request with every field set. Instants are UTC and
// whole microseconds (PostgreSQL's precision).
func sampleRequest(id string) spid.Request {
	now := time.Now().UTC().Truncate(time.Microsecond)
	return spid.Request{
		ID: id, Kind: spid.KindAuthn, IssueInstant: now, IdP: "https://idp.example.org",
		Binding: spid.BindingPOST, Level: spid.L3, Comparison: spid.ComparisonExact,
		ACSIndex: 0, AttributeSet: 2, RelayState: "rs-" + id, Expires: now.Add(15 * time.Minute),
		XML:    []byte(`<samlp:AuthnRequest ID="` + id + `"/>`),
		NameID: "_nameid-" + id, SessionIndex: "_session-" + id,
	}
}

// saveAndTake saves want in s and checks that Take returns it unchanged.
func saveAndTake(t *testing.T, s spid.RequestStore, want spid.Request) {
	t.Helper()
	if err := s.Save(t.Context(), want); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := s.Take(t.Context(), want.ID)
	if err != nil {
		t.Fatalf("Take: %v", err)
	}
	if diff := requestDiff(got, want); diff != "" {
		t.Errorf("Take returned a different request: %s", diff)
	}
}

// requestDiff describes how got differs from want ("" if equal); instants
// are compared with Equal.
func requestDiff(got, want spid.Request) string {
	if !got.IssueInstant.Equal(want.IssueInstant) {
		return fmt.Sprintf("IssueInstant %s, want %s", got.IssueInstant, want.IssueInstant)
	}
	if !got.Expires.Equal(want.Expires) {
		return fmt.Sprintf("Expires %s, want %s", got.Expires, want.Expires)
	}
	got.IssueInstant, want.IssueInstant = time.Time{}, time.Time{}
	got.Expires, want.Expires = time.Time{}, time.Time{}
	if len(got.XML) == 0 && len(want.XML) == 0 {
		got.XML, want.XML = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("got %+v, want %+v", got, want)
	}
	return ""
}

// oneWins runs op (named in failures) in [Concurrency] goroutines at once
// and checks that exactly one succeeds and every other fails with lost.
func oneWins(t *testing.T, op string, lost error, f func() error) {
	t.Helper()
	wins, errs := race(Concurrency, f)
	if wins != 1 {
		t.Errorf("%d of %d concurrent %ss won, want exactly 1", wins, Concurrency, op)
	}
	for _, err := range errs {
		if !errors.Is(err, lost) {
			t.Errorf("losing %s: %v, want %v", op, err, lost)
		}
	}
}

// race runs f in n goroutines released at once and counts the nil results;
// errs holds the others.
func race(n int, f func() error) (wins int, errs []error) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		start = make(chan struct{})
	)
	for range n {
		wg.Go(func() {
			<-start
			err := f()
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				wins++
			} else {
				errs = append(errs, err)
			}
		})
	}
	close(start)
	wg.Wait()
	return wins, errs
}
