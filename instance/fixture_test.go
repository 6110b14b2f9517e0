package instance_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// fakeNow is a settable clock.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeNow) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fakeNow) Add(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

type fixture struct {
	desk    *instance.Desk
	store   *instance.MemoryStore
	reg     *instance.ProtocolRegister
	archive *instance.Archive
	now     *fakeNow
	mu      sync.Mutex
	events  []instance.Event
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, nil, nil)
}

// newFixtureWith builds a fixture whose desk sees the memory store and the
// protocol register through the wrappers, if not nil (to inject failures).
func newFixtureWith(t *testing.T, wrapStore func(instance.Store) instance.Store, wrapProtocol func(instance.Protocol) instance.Protocol) *fixture {
	t.Helper()
	return newFixtureServices(t, instance.ExampleServices(), wrapStore, wrapProtocol)
}

// newFixtureServices is newFixtureWith over a catalogue of the test's own.
func newFixtureServices(t *testing.T, services []*instance.Service, wrapStore func(instance.Store) instance.Store, wrapProtocol func(instance.Protocol) instance.Protocol) *fixture {
	t.Helper()
	f := &fixture{store: instance.NewMemoryStore(nil), now: &fakeNow{t: t0}}
	var err error
	f.reg, err = instance.NewProtocolRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "AOO_ROMA", Now: f.now.Now})
	if err != nil {
		t.Fatal(err)
	}
	f.archive = instance.NewArchive(instance.DossierPerServiceYear, f.now.Now)
	var store instance.Store = f.store
	if wrapStore != nil {
		store = wrapStore(store)
	}
	var protocol instance.Protocol = f.reg
	if wrapProtocol != nil {
		protocol = wrapProtocol(protocol)
	}
	n := 0
	f.desk, err = instance.New(instance.Config{
		Municipality: comune, Services: services, Store: store, Protocol: protocol,
		Dossiers: f.archive, Now: f.now.Now,
		NewID: func() string { n++; return "app-" + string(rune('a'+n-1)) },
		OnEvent: func(e instance.Event) {
			f.mu.Lock()
			f.events = append(f.events, e)
			f.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// must unwraps a result; a failure panics, which fails the test with the
// stack of the call that broke.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var citizen = instance.Citizen(applicant())

func opOf(office string) instance.Actor { return instance.Operator("op1", "Anna", office) }

// fill walks the wizard with values per step.
func (f *fixture) fill(t *testing.T, app *instance.Application, steps map[string]map[string]string) *instance.Application {
	t.Helper()
	svc := must(f.desk.Service(app.ServiceID))
	for _, st := range svc.Form() {
		app = must(f.desk.Advance(t.Context(), app.ID, app.Version, citizen, st.ID, steps[st.ID]))
	}
	return app
}

var consent = map[string]string{instance.FieldPrivacy: "true", instance.FieldTruthfulness: "true"}

func pdf(n int) *bytes.Reader {
	return bytes.NewReader(append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), n)...))
}

// interferingStore lets another writer act just before the n-th Update from
// the moment it is armed, so that the desk's own update conflicts.
type interferingStore struct {
	instance.Store
	mu    sync.Mutex
	after int
}

func (s *interferingStore) arm(n int) { s.mu.Lock(); s.after = n; s.mu.Unlock() }

func (s *interferingStore) Update(ctx context.Context, id string, version int64, fn func(*instance.Application) (instance.Event, error)) (*instance.Application, error) {
	s.mu.Lock()
	s.after--
	hit := s.after == 0
	s.mu.Unlock()
	if hit {
		_, err := s.Store.Update(ctx, id, version, func(a *instance.Application) (instance.Event, error) {
			return instance.Event{Kind: instance.EventMessage, Actor: instance.System("other"), From: a.State, To: a.State}, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return s.Store.Update(ctx, id, version, fn)
}

// flakyProtocol fails while down.
type flakyProtocol struct {
	instance.Protocol
	mu   sync.Mutex
	down bool
}

func (p *flakyProtocol) set(down bool) { p.mu.Lock(); p.down = down; p.mu.Unlock() }

func (p *flakyProtocol) Register(ctx context.Context, req instance.ProtocolRequest) (instance.Registration, error) {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if down {
		return instance.Registration{}, errors.New("protocol system unavailable")
	}
	return p.Protocol.Register(ctx, req)
}

// startChangeOfAddress walks the change-of-address wizard up to submission.
func (f *fixture) startChangeOfAddress(t *testing.T) *instance.Application {
	t.Helper()
	ctx := t.Context()
	app := must(f.desk.Start(ctx, instance.ServiceChangeOfAddress, applicant()))
	app = must(f.desk.Attach(ctx, app.ID, app.Version, citizen, "titolo_occupazione", "contratto.pdf", "application/pdf", pdf(10)))
	return f.fill(t, app, map[string]map[string]string{
		instance.StepConditions: consent,
		instance.StepDocuments:  {"indirizzo": "Via Roma 1", "data_trasferimento": "2026-03-01", "componenti": "2"},
	})
}

// entries returns the register's lines of 2026 by number.
func (f *fixture) entries() map[int64]instance.Entry {
	out := map[int64]instance.Entry{}
	for _, e := range f.reg.Entries(2026) {
		out[e.Number] = e
	}
	return out
}

// submitRoadReport submits a road maintenance report (no protocol).
func (f *fixture) submitRoadReport(t *testing.T) *instance.Application {
	t.Helper()
	ctx := t.Context()
	app := must(f.desk.Start(ctx, instance.ServiceRoadReport, applicant()))
	app = f.fill(t, app, map[string]map[string]string{instance.StepConditions: consent,
		"report": {"tipo": "buca", "luogo": "Via Appia 1", "descrizione": "Buca profonda"}})
	return must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
}

// takeRoadReport submits a road maintenance report and has an operator of
// its office take it; it returns the application and that operator.
func (f *fixture) takeRoadReport(t *testing.T) (*instance.Application, instance.Actor) {
	t.Helper()
	op := opOf("ufficio-tecnico")
	app := f.submitRoadReport(t)
	return must(f.desk.Do(t.Context(), app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op})), op
}
