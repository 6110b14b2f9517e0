package main

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
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
