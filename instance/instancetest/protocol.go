package instancetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// Register is a protocol register under test: the [instance.Protocol] and a
// way to read a year's entries back, in number order.
type Register struct {
	instance.Protocol
	Entries func(ctx context.Context, year int) ([]instance.Entry, error)
}

// TestProtocol is the conformance suite for protocol registers built on an
// [instance.RegisterConfig] ([instance.ProtocolRegister], sqlstore's): newRegister
// returns a register for cfg, or cfg's validation error. Registers returned
// within one subtest must share their storage, as two AOOs of one
// administration do. The suite checks the numbering (progressive, restarting
// on 1 January in Europe/Rome, one per AOO), the registration's fields and
// Segnatura, cancellation (a reason required, once, the entry kept), request
// and configuration validation, and that 200 concurrent registrations get
// 1..200 without gaps or repeats.
func TestProtocol(t *testing.T, newRegister func(t *testing.T) func(cfg instance.RegisterConfig) (Register, error)) {
	t.Run("Numbering", func(t *testing.T) { t.Parallel(); testProtocolNumbering(t, newRegister(t)) })
	t.Run("Concurrent", func(t *testing.T) { t.Parallel(); testProtocolConcurrent(t, newRegister(t)) })
}

var docHash = strings.Repeat("ab", 32)

func testProtocolNumbering(t *testing.T, newRegister func(instance.RegisterConfig) (Register, error)) {
	ctx := t.Context()
	var mu sync.Mutex
	now := time.Date(2025, 12, 31, 22, 30, 0, 0, time.UTC) // 23:30 in Rome
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	reg, err := newRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "AOO_ROMA", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	other, err := newRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "AOO_2", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	req := instance.ProtocolRequest{Direction: instance.Incoming, Kind: instance.DocApplication,
		Subject: "RICHIESTA ISTANZA ONLINE", SHA256: docHash, ApplicationID: "a1"}
	register := func(p Register) instance.Registration {
		t.Helper()
		r, err := p.Register(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r1, r2, o1 := register(reg), register(reg), register(other)
	mu.Lock()
	now = now.Add(time.Hour) // 00:30 on 1 January in Rome, still 2025 in UTC
	mu.Unlock()
	r3 := register(reg)
	if r1.String() != "0000001/2025" || r2.String() != "0000002/2025" || r3.String() != "0000001/2026" || o1.String() != "0000001/2025" {
		t.Errorf("numbers %s %s %s, other AOO %s", r1, r2, r3, o1)
	}
	if r3.SHA256 != docHash || r3.AOO != "AOO_ROMA" || r3.Register != "REG_PROT" {
		t.Errorf("registration %+v", r3)
	}
	for _, want := range []string{"<CodiceAmministrazione>c_h501</CodiceAmministrazione>", "<CodiceAOO>AOO_ROMA</CodiceAOO>",
		"<NumeroRegistrazione>0000001</NumeroRegistrazione>", "<DataRegistrazione>2026-01-01</DataRegistrazione>", "<Impronta>" + docHash} {
		if !strings.Contains(r3.Segnatura, want) {
			t.Errorf("segnatura %s lacks %s", r3.Segnatura, want)
		}
	}
	if err := reg.Cancel(ctx, r2, ""); !errors.Is(err, instance.ErrRequirement) {
		t.Errorf("cancel without reason: %v", err)
	}
	if err := reg.Cancel(ctx, r2, "Registrato per errore"); err != nil {
		t.Fatal(err)
	}
	e, err := reg.Entries(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if len(e) != 2 || e[1].CancelReason == "" || e[1].Cancelled.IsZero() || e[0].CancelReason != "" ||
		e[0].SHA256 != docHash || e[0].Number != 1 || !e[0].Date.Equal(r1.Date) || e[0].Segnatura != r1.Segnatura {
		t.Errorf("entries %+v", e)
	}
	if err := reg.Cancel(ctx, r2, "di nuovo"); !errors.Is(err, instance.ErrConflict) {
		t.Errorf("second cancel: %v", err)
	}
	if err := reg.Cancel(ctx, instance.Registration{Year: 2024, Number: 1}, "mai registrato"); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("cancel of an unknown registration: %v", err)
	}
	bad := req
	bad.SHA256 = "nope"
	if _, err := reg.Register(ctx, bad); !errors.Is(err, instance.ErrRequirement) {
		t.Errorf("no hash: %v", err)
	}
	bad = req
	bad.Direction = "X"
	if _, err := reg.Register(ctx, bad); !errors.Is(err, instance.ErrInvalid) {
		t.Errorf("bad direction: %v", err)
	}
	if _, err := newRegister(instance.RegisterConfig{AOO: "A"}); !errors.Is(err, instance.ErrConfig) {
		t.Errorf("no administration: %v", err)
	}
}

func testProtocolConcurrent(t *testing.T, newRegister func(instance.RegisterConfig) (Register, error)) {
	reg, err := newRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "A"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	var wg sync.WaitGroup
	nums := make([]int64, n)
	for i := range n {
		wg.Go(func() {
			r, err := reg.Register(t.Context(), instance.ProtocolRequest{Direction: instance.Outgoing, Subject: "x", SHA256: docHash})
			if err != nil {
				t.Error(err)
			}
			nums[i] = r.Number
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for _, k := range nums {
		if seen[k] || k < 1 || k > n {
			t.Fatalf("number %d repeated or out of 1..%d", k, n)
		}
		seen[k] = true
	}
}
