package spidtest_test

import (
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/siopi/siopi/spid/spidtest"
)

const (
	testSP  = "https://sp.example.it"
	testACS = "https://sp.example.it/spid/acs"
)

func newTestIdP(t testing.TB, cfg spidtest.Config) *spidtest.IdP {
	t.Helper()
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://idp.example.test"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	idp, err := spidtest.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return idp
}

func testRequest(now time.Time, level int, cmp string) spidtest.AuthnRequestInfo {
	return spidtest.AuthnRequestInfo{ID: "_req" + now.Format("150405.000000000"), IssueInstant: now.Add(-2 * time.Second),
		SPEntityID: testSP, ACSURL: testACS, Level: level, Comparison: cmp}
}

// TestCatalogueReference runs every case against the reference validator of
// refcheck_test.go: each must get its expected outcome, so each defect is
// really in the bytes and each correct response really verifies.
func TestCatalogueReference(t *testing.T) {
	t.Parallel()
	for _, profile := range []spidtest.Profile{spidtest.SPID, spidtest.CIE} {
		idp := newTestIdP(t, spidtest.Config{Profile: profile})
		for _, c := range append(spidtest.Catalogue(), spidtest.Extras()...) {
			t.Run(profile.String()+"/"+c.ID+"_"+c.Name, func(t *testing.T) {
				t.Parallel()
				levels := []struct {
					level int
					cmp   string
				}{{2, "minimum"}}
				if c.Expect == spidtest.Dynamic {
					levels = nil
					for l := 1; l <= 3; l++ {
						for _, cmp := range []string{"exact", "minimum", "better", "maximum"} {
							levels = append(levels, struct {
								level int
								cmp   string
							}{l, cmp})
						}
					}
				}
				for _, lv := range levels {
					now := time.Now()
					req := testRequest(now, lv.level, lv.cmp)
					out, err := idp.CaseResponse(c.ID, req)
					if err != nil {
						t.Fatal(err)
					}
					rc := refCheck{idpEntityID: idp.EntityID(), idpCert: idp.Certificate(), spEntityID: testSP, req: req, now: now}
					err = rc.check(out)
					switch want := c.Expected(req); want {
					case spidtest.Accept:
						if err != nil {
							t.Errorf("L%d %s: want accept, got %v\n%s", lv.level, lv.cmp, err, out)
						}
					case spidtest.Reject:
						if err == nil {
							t.Errorf("L%d %s: want reject, reference accepted\n%s", lv.level, lv.cmp, out)
						}
						t.Logf("L%d %s: rejected: %v", lv.level, lv.cmp, err)
						var an errAnomaly
						if errors.As(err, &an) != (c.ErrorCode != 0) || an.code != c.ErrorCode {
							t.Errorf("ErrorCode: got %v, want %d", err, c.ErrorCode)
						}
					}
				}
			})
		}
	}
}

func TestCatalogueShape(t *testing.T) {
	t.Parallel()
	cat := spidtest.Catalogue()
	if len(cat) != 111 {
		t.Fatalf("catalogue has %d cases, want 111", len(cat))
	}
	seen := map[string]bool{}
	for _, c := range append(cat, spidtest.Extras()...) {
		if seen[c.ID] || seen[c.Name] {
			t.Errorf("duplicate %s", c)
		}
		seen[c.ID], seen[c.Name] = true, true
		if c.Description == "" || c.Expect == 0 {
			t.Errorf("%s: incomplete", c)
		}
	}
	for _, n := range []string{"6", "7", "25", "50", "67", "84", "91", "101", "102"} {
		if seen[n] {
			t.Errorf("case %s is not in spid-sp-test's catalogue", n)
		}
	}
	codes := map[string]int{"104": 19, "105": 20, "106": 21, "107": 22, "108": 23, "111": 25}
	for id, code := range codes {
		c, ok := spidtest.LookupCase(id)
		if !ok || c.ErrorCode != code || c.Expect != spidtest.Reject {
			t.Errorf("case %s: %+v, want ErrorCode %d", id, c, code)
		}
	}
}
