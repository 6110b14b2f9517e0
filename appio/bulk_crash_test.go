package appio_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
)

var errKilled = errors.New("process killed")

// killSwitch simulates killing the sending process: once it is thrown,
// nothing the process does reaches IO or its SentStore any more, and the
// answers it was waiting for are lost.
type killSwitch struct {
	dead atomic.Bool
	// killAtSubmit throws the switch right after IO receives this
	// submission (1-based), before its answer gets back.
	killAtSubmit int32
	submits      atomic.Int32
}

type killableTransport struct {
	base http.RoundTripper
	ks   *killSwitch
}

func (t killableTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.ks.dead.Load() {
		return nil, errKilled
	}
	resp, err := t.base.RoundTrip(r)
	if r.Method == http.MethodPost && r.URL.Path == appiotest.BasePath+"/messages" && t.ks.submits.Add(1) == t.ks.killAtSubmit {
		t.ks.dead.Store(true)
	}
	if t.ks.dead.Load() {
		if err == nil {
			resp.Body.Close()
		}
		return nil, errKilled
	}
	return resp, err
}

type killableStore struct {
	appio.SentStore
	ks *killSwitch
}

func (s killableStore) Reserve(ctx context.Context, key string) (appio.SentRecord, error) {
	if s.ks.dead.Load() {
		return appio.SentRecord{}, errKilled
	}
	return s.SentStore.Reserve(ctx, key)
}

func (s killableStore) Complete(ctx context.Context, key, id string) error {
	if s.ks.dead.Load() {
		return errKilled
	}
	return s.SentStore.Complete(ctx, key, id)
}

func (s killableStore) Release(ctx context.Context, key string) error {
	if s.ks.dead.Load() {
		return errKilled
	}
	return s.SentStore.Release(ctx, key)
}

func (s killableStore) Get(ctx context.Context, key string) (appio.SentRecord, error) {
	if s.ks.dead.Load() {
		return appio.SentRecord{}, errKilled
	}
	return s.SentStore.Get(ctx, key)
}

// Kill the sender half way, with submissions in flight, and resume: nobody
// gets a message twice, everyone not messaged is reported as uncertain, and
// once the caller reconciles the uncertain ones a last run messages each
// reachable citizen exactly once.
func TestBulkKilledAndResumed(t *testing.T) {
	t.Parallel()
	recipients, people, reachable := population(300)
	srv := appiotest.NewServer(appiotest.Config{Citizens: people})
	t.Cleanup(srv.Close)
	store := appio.NewMemorySentStore()
	job := appio.BulkJob{ID: "tari-killed", Template: bulkTemplate(), Recipients: recipients, Workers: 8}

	ks := &killSwitch{killAtSubmit: int32(reachable / 2)}
	killed := newClientFor(t, srv.BaseURL, &http.Client{Transport: killableTransport{srv.Client().Transport, ks}}, func(c *appio.Config) {
		c.SentStore = killableStore{store, ks}
	})
	killed.SendBulk(t.Context(), job) // its report dies with the process
	if !ks.dead.Load() {
		t.Fatal("the sender was never killed")
	}
	perCitizen := func() map[string]int {
		got := map[string]int{}
		for _, m := range srv.Messages() {
			got[m.FiscalCode]++
		}
		return got
	}
	before := perCitizen()

	rep, err := newClientFor(t, srv.BaseURL, srv.Client(), func(c *appio.Config) { c.SentStore = store }).SendBulk(t.Context(), job)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Uncertain == 0 || rep.Failed != 0 || rep.Sent+rep.AlreadySent+rep.Uncertain != reachable {
		t.Errorf("resumed run: %+v", rep.BulkProgress)
	}
	got := perCitizen()
	for _, cf := range recipients {
		switch n := got[cf]; {
		case n > 1:
			t.Errorf("%s got %d messages", cf, n)
		case n == 0 && people[cf].SenderAllowed && !slices.Contains(rep.UncertainCodes, cf):
			t.Errorf("%s was never messaged and is not reported as uncertain", cf)
		case slices.Contains(rep.UncertainCodes, cf) && got[cf] != before[cf]:
			t.Errorf("uncertain %s was messaged again", cf)
		}
	}

	// The caller reconciles each uncertain citizen (here with IO's own
	// records): complete those IO received, release the others.
	for _, cf := range rep.UncertainCodes {
		key := appio.BulkKey(job.ID, cf)
		if ms := srv.MessagesTo(cf); len(ms) == 1 {
			err = store.Complete(t.Context(), key, ms[0].ID)
		} else {
			err = store.Release(t.Context(), key)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	last, err := newClientFor(t, srv.BaseURL, srv.Client(), func(c *appio.Config) { c.SentStore = store }).SendBulk(t.Context(), job)
	if err != nil || last.Uncertain != 0 || last.Sent+last.AlreadySent != reachable {
		t.Errorf("last run: %+v, %v", last.BulkProgress, err)
	}
	checkExactlyOnce(t, srv.Fake, people, recipients)
}
