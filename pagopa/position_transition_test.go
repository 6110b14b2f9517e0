package pagopa_test

import (
	"errors"
	"testing"

	"github.com/siopi/siopi/pagopa"
)

// TestTransitionMatrix checks every action from every state against the
// domain file §1.4: publishable only from DRAFT; invalidable only from
// PUBLISHED and VALID; not updatable once INVALID or (partly) paid; not
// deletable once (partly) paid; a receipt accepted by VALID and
// PARTIALLY_PAID (and by EXPIRED: a payment activated before expiry still
// concludes). Every refusal matches ErrTransition.
func TestTransitionMatrix(t *testing.T) {
	t.Parallel()
	all := []pagopa.PositionStatus{pagopa.StatusDraft, pagopa.StatusPublished, pagopa.StatusValid, pagopa.StatusInvalid,
		pagopa.StatusExpired, pagopa.StatusPartiallyPaid, pagopa.StatusPaid, pagopa.StatusReported}
	set := func(s ...pagopa.PositionStatus) map[pagopa.PositionStatus]bool {
		m := map[pagopa.PositionStatus]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	actions := []struct {
		name    string
		allowed map[pagopa.PositionStatus]bool
		do      func(p *pagopa.Position) error
	}{
		{"publish", set(pagopa.StatusDraft), func(p *pagopa.Position) error {
			p.ValidityDate = t0.AddDate(0, 0, 1)
			return p.Publish(t0)
		}},
		{"invalidate", set(pagopa.StatusPublished, pagopa.StatusValid), (*pagopa.Position).Invalidate},
		{"update", set(pagopa.StatusDraft, pagopa.StatusPublished, pagopa.StatusValid, pagopa.StatusExpired), (*pagopa.Position).CheckUpdate},
		{"delete", set(pagopa.StatusDraft, pagopa.StatusPublished, pagopa.StatusValid, pagopa.StatusInvalid, pagopa.StatusExpired), (*pagopa.Position).CheckDelete},
		{"receipt", set(pagopa.StatusValid, pagopa.StatusPartiallyPaid, pagopa.StatusExpired), func(p *pagopa.Position) error {
			return p.MarkPaid(p.Options[2].IUV, "r", t0) // an unpaid instalment
		}},
	}
	for _, a := range actions {
		for _, from := range all {
			t.Run(a.name+"/"+string(from), func(t *testing.T) {
				t.Parallel()
				p := position()
				p.Status = from
				p.ValidityDate = t0.AddDate(0, 0, 1) // a PUBLISHED position is not yet valid at t0
				err := a.do(&p)
				if a.allowed[from] && err != nil {
					t.Errorf("%s from %s refused: %v", a.name, from, err)
				}
				if !a.allowed[from] && !errors.Is(err, pagopa.ErrTransition) {
					t.Errorf("%s from %s: %v, want ErrTransition", a.name, from, err)
				}
			})
		}
	}
}

// TestRefreshMatrix checks the scheduled transitions: PUBLISHED → VALID at
// the validity date, VALID → EXPIRED when SwitchToExpired is set and every
// due date has passed, and nothing else.
func TestRefreshMatrix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from   pagopa.PositionStatus
		expire bool
		at     int // days after t0
		want   pagopa.PositionStatus
	}{
		{pagopa.StatusPublished, true, 0, pagopa.StatusPublished},
		{pagopa.StatusPublished, true, 1, pagopa.StatusValid},
		{pagopa.StatusValid, true, 1, pagopa.StatusValid},
		{pagopa.StatusValid, true, 62, pagopa.StatusExpired}, // the day after the last due date (t0 + 2 months)
		{pagopa.StatusValid, false, 365, pagopa.StatusValid},
		{pagopa.StatusPublished, true, 365, pagopa.StatusExpired},
		{pagopa.StatusDraft, true, 365, pagopa.StatusDraft},
		{pagopa.StatusPartiallyPaid, true, 365, pagopa.StatusPartiallyPaid},
		{pagopa.StatusPaid, true, 365, pagopa.StatusPaid},
		{pagopa.StatusInvalid, true, 365, pagopa.StatusInvalid},
	}
	for _, tt := range tests {
		p := position()
		p.Status, p.SwitchToExpired, p.ValidityDate = tt.from, tt.expire, t0.AddDate(0, 0, 1)
		changed := p.Refresh(t0.AddDate(0, 0, tt.at))
		if p.Status != tt.want || changed != (tt.from != tt.want) {
			t.Errorf("%s (switchToExpired %v) at +%dd: %s (changed %v), want %s", tt.from, tt.expire, tt.at, p.Status, changed, tt.want)
		}
	}
}

// TestValidCategory checks the published taxonomy pattern
// ^[0-9]/\d{2}\d{2}\d{3}(IM|TS|SP|SA|AP)/$ (domain file §5.1).
func TestValidCategory(t *testing.T) {
	t.Parallel()
	for c, want := range map[string]bool{
		"9/0101101IM/": true, "9/0101100IM/": true, "9/0102100SA/": true, "9/0301116TS/": true,
		"6/0101101SP/": true, "7/0101101AP/": true,
		"":               false,
		"9/0101101IM":    false, // no closing slash
		"9/0101101XX/":   false, // unknown legal reason
		"9/010110IM/":    false, // six digits
		"9/01011011IM/":  false, // eight digits
		"10/0101101IM/":  false,
		"9/0101101im/":   false,
		" 9/0101101IM/":  false,
		"9/0101101IM/\n": false,
	} {
		if got := pagopa.ValidCategory(c); got != want {
			t.Errorf("ValidCategory(%q) = %v, want %v", c, got, want)
		}
	}
}
