package spidtest_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

// TestCasesChangeTheBytes builds each case with the same clock, IDs and key
// as the correct response (case 1): every defect must show in the bytes, and
// the wrapping attacks must really carry the forged identity next to the
// original one.
func TestCasesChangeTheBytes(t *testing.T) {
	t.Parallel()
	correct, err := deterministicIdP(t, spidtest.SPID).CaseResponse("1", goldenRequest)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(spidtest.Catalogue(), spidtest.Extras()...) {
		got, err := deterministicIdP(t, spidtest.SPID).CaseResponse(c.ID, goldenRequest)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		same := bytes.Equal(got, correct)
		if want := c.ID == "1" || c.Level == goldenRequest.Level; same != want {
			t.Errorf("%s: identical to case 1 = %v", c, same)
		}
		if strings.HasPrefix(c.ID, "xsw") || c.ID == "113" {
			if !bytes.Contains(got, []byte("TINIT-BNCGLI85M45F205O")) {
				t.Errorf("%s: no forged identity", c)
			}
		}
		if strings.HasPrefix(c.ID, "xsw") && !bytes.Contains(got, []byte("TINIT-RSSMRA80A01H501U")) {
			t.Errorf("%s: the original signed assertion is gone", c)
		}
	}
}

// TestReplayRefused posts the same correct response twice: the second time
// spid must refuse it (checklist 48).
func TestReplayRefused(t *testing.T) {
	t.Parallel()
	s := newSPSetup(t, spidtest.SPID)
	info := s.login(t, spid.L2, spid.ComparisonMinimum)
	xml, err := s.idp.Response(info)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.sp.ParseResponseXML(context.Background(), xml); err != nil {
		t.Fatalf("first: %v", err)
	}
	_, err = s.sp.ParseResponseXML(context.Background(), xml)
	var e *spid.Error
	if !errors.As(err, &e) {
		t.Fatalf("replay: %v, want a *spid.Error", err)
	}
}
