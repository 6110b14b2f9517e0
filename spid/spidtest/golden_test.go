package spidtest_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/spid/spidtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// deterministicIdP has a fixed clock, counter IDs and the fixed test key, so
// that its output is byte-for-byte stable.
func deterministicIdP(t testing.TB, profile spidtest.Profile) *spidtest.IdP {
	var n atomic.Int64
	return newTestIdP(t, spidtest.Config{
		Profile: profile,
		Now:     func() time.Time { return time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC) },
		NewID:   func() string { return fmt.Sprintf("_id-%04d", n.Add(1)) },
	})
}

var goldenRequest = spidtest.AuthnRequestInfo{
	ID: "_request-0001", IssueInstant: time.Date(2026, 1, 15, 9, 59, 58, 0, time.UTC),
	SPEntityID: testSP, ACSURL: testACS, Level: 2, Comparison: "minimum",
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		accept  bool // a correct response: the reference validator accepts it
		profile spidtest.Profile
		build   func(*spidtest.IdP) ([]byte, error)
	}{
		{"metadata-spid.xml", false, spidtest.SPID, func(idp *spidtest.IdP) ([]byte, error) { return idp.Metadata(), nil }},
		{"metadata-cie.xml", false, spidtest.CIE, func(idp *spidtest.IdP) ([]byte, error) { return idp.Metadata(), nil }},
		{"response-1.xml", true, spidtest.SPID, func(idp *spidtest.IdP) ([]byte, error) { return idp.Response(goldenRequest) }},
		{"response-cie-1.xml", true, spidtest.CIE, func(idp *spidtest.IdP) ([]byte, error) { return idp.Response(goldenRequest) }},
		{"response-111.xml", false, spidtest.SPID, func(idp *spidtest.IdP) ([]byte, error) { return idp.CaseResponse("111", goldenRequest) }},
		{"response-xsw3.xml", false, spidtest.SPID, func(idp *spidtest.IdP) ([]byte, error) { return idp.CaseResponse("xsw3", goldenRequest) }},
		{"response-keyinfo-empty.xml", true, spidtest.SPID, func(idp *spidtest.IdP) ([]byte, error) {
			return idp.Response(goldenRequest, spidtest.WithKeyInfo(spidtest.KeyInfoEmptyCertificate))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			idp := deterministicIdP(t, tc.profile)
			got, err := tc.build(idp)
			if err != nil {
				t.Fatal(err)
			}
			if tc.accept {
				rc := refCheck{idpEntityID: idp.EntityID(), idpCert: idp.Certificate(), spEntityID: testSP,
					req: goldenRequest, now: time.Date(2026, 1, 15, 10, 0, 1, 0, time.UTC)}
				if err := rc.check(got); err != nil {
					t.Errorf("reference validator: %v", err)
				}
			}
			path := filepath.Join("testdata", tc.name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run go test -update and review the diff)\n%s", tc.name, got)
			}
		})
	}
}
