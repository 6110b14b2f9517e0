package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

func TestSeed(t *testing.T) {
	t.Parallel()
	store := pagopa.NewMemoryStore()
	now := time.Now()
	demos, err := seed(t.Context(), store, "01199250158", 1, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(demos) != 7 {
		t.Fatalf("%d demo notices", len(demos))
	}
	want := map[string]error{"payable": nil, "expired -> PAA_PAGAMENTO_SCADUTO": pagopa.ErrExpired,
		"invalidated -> PAA_PAGAMENTO_ANNULLATO": pagopa.ErrCancelled}
	for _, d := range demos {
		p, err := store.PositionByIUV(t.Context(), "01199250158", d.nav.IUV())
		if err != nil {
			t.Fatal(err)
		}
		wantErr, ok := want[d.state]
		if !ok {
			continue
		}
		if _, err := p.Payable(d.nav.IUV(), now); !errors.Is(err, wantErr) && (wantErr != nil || err != nil) {
			t.Errorf("%s (%s): %v", d.nav.Printed(), d.state, err)
		}
	}
}

// TestRun starts the example on a loopback port, reads the demo notices it
// prints and verifies each through the fake node: payable ones answer OK,
// the expired one PAA_PAGAMENTO_SCADUTO, the invalidated one
// PAA_PAGAMENTO_ANNULLATO; a payable one then goes through a whole payment.
func TestRun(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	o := options{ec: "01199250158", broker: "15376371009", station: "15376371009_01", segregation: 1}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, ln, o, pw, slog.New(slog.DiscardHandler))
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		go io.Copy(io.Discard, pr) //nolint:errcheck // drain whatever is left
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})

	// The table: a title, a blank line, a header, one line per notice, a blank line.
	type notice struct {
		nav   pagopa.NoticeNumber
		state string
	}
	var notices []notice
	sc := bufio.NewScanner(pr)
	for blank := 0; blank < 2 && sc.Scan(); {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			blank++
		case blank == 1 && len(f) >= 8 && f[0] != "notice":
			nav, err := pagopa.ParseNoticeNumber(strings.Join(f[:5], ""))
			if err != nil {
				t.Fatalf("printed notice %q: %v", sc.Text(), err)
			}
			notices = append(notices, notice{nav, strings.Join(f[7:], " ")})
		}
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck // keep the writer unblocked

	node, err := pagopatest.NewNode(pagopatest.NodeConfig{URL: "http://" + ln.Addr().String() + "/",
		BrokerID: o.broker, StationID: o.station})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"payable":                                "",
		"payable (stamp)":                        "",
		"payable (instalment)":                   "",
		"expired -> PAA_PAGAMENTO_SCADUTO":       station.FaultPaymentExpired,
		"invalidated -> PAA_PAGAMENTO_ANNULLATO": station.FaultPaymentCancelled,
	}
	seen := map[string]bool{}
	for _, n := range notices {
		code, ok := want[n.state]
		if !ok {
			t.Errorf("%s: unexpected state %q", n.nav.Printed(), n.state)
			continue
		}
		seen[n.state] = true
		_, err := node.Verify(t.Context(), o.ec, n.nav)
		if got := pagopatest.FaultCode(err); got != code || (code == "" && err != nil) {
			t.Errorf("verify %s (%s): %v, want %q", n.nav.Printed(), n.state, err, code)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("printed states %v, want all of %v", seen, want)
	}
	if _, err := node.Pay(t.Context(), o.ec, notices[0].nav); err != nil {
		t.Errorf("pay %s: %v", notices[0].nav.Printed(), err)
	}
	if _, err := node.Verify(t.Context(), o.ec, notices[0].nav); pagopatest.FaultCode(err) != station.FaultPaymentDuplicate {
		t.Errorf("verify after payment: %v, want %s", err, station.FaultPaymentDuplicate)
	}
}
