package spidstoretest

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/spid"
)

// TestRegister runs the conformance suite of [spid.Register]. newRegister
// returns a new, empty register for each subtest and a function that reads
// back everything recorded in it, oldest first.
func TestRegister(t *testing.T, newRegister func(t *testing.T) (spid.Register, func(t *testing.T) []spid.Transaction)) {
	t.Run("all fields", func(t *testing.T) {
		r, read := newRegister(t)
		ok, failed := sampleTransaction("_req1"), sampleTransaction("_req2")
		failed.Outcome, failed.ErrorCode, failed.AssertionID, failed.AssertionSubject = "response.status", 25, "", ""
		failed.AssertionSubjectNameQualifier, failed.Level = "", 0
		for _, tx := range []spid.Transaction{ok, failed} {
			if err := r.Record(t.Context(), tx); err != nil {
				t.Fatalf("Record: %v", err)
			}
		}
		got := read(t)
		if len(got) != 2 {
			t.Fatalf("%d transactions, want 2", len(got))
		}
		for i, want := range []spid.Transaction{ok, failed} {
			if diff := transactionDiff(got[i], want); diff != "" {
				t.Errorf("transaction %d: %s", i, diff)
			}
		}
	})
	t.Run("concurrent records", func(t *testing.T) {
		r, read := newRegister(t)
		var wg sync.WaitGroup
		for i := range Concurrency {
			wg.Go(func() {
				if err := r.Record(t.Context(), sampleTransaction(fmt.Sprintf("_c%d", i))); err != nil {
					t.Errorf("Record %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		got := read(t)
		seen := map[string]bool{}
		for _, tx := range got {
			seen[tx.AuthnReqID] = true
		}
		if len(got) != Concurrency || len(seen) != Concurrency {
			t.Errorf("%d transactions (%d distinct), want %d", len(got), len(seen), Concurrency)
		}
	})
}

func sampleTransaction(reqID string) spid.Transaction {
	now := time.Now().UTC().Truncate(time.Microsecond)
	return spid.Transaction{
		Provider: "spid", AuthnReqID: reqID, AuthnReqIssueInstant: now.Add(-30 * time.Second),
		RespID: "_resp" + reqID, RespIssueInstant: now.Add(-time.Second), RespIssuer: "https://idp.example.org",
		AssertionID: "_assert" + reqID, AssertionSubject: "_nameid" + reqID,
		AssertionSubjectNameQualifier: "https://idp.example.org", Level: spid.L2, Outcome: "success",
		AuthnRequestXML: []byte(`<samlp:AuthnRequest ID="` + reqID + `"/>`),
		ResponseXML:     []byte(`<samlp:Response InResponseTo="` + reqID + `"/>`),
		Received:        now,
	}
}

func transactionDiff(got, want spid.Transaction) string {
	for _, p := range []struct {
		name      string
		got, want time.Time
	}{
		{"AuthnReqIssueInstant", got.AuthnReqIssueInstant, want.AuthnReqIssueInstant},
		{"RespIssueInstant", got.RespIssueInstant, want.RespIssueInstant},
		{"Received", got.Received, want.Received},
	} {
		if !p.got.Equal(p.want) {
			return fmt.Sprintf("%s %s, want %s", p.name, p.got, p.want)
		}
	}
	got.AuthnReqIssueInstant, got.RespIssueInstant, got.Received = time.Time{}, time.Time{}, time.Time{}
	want.AuthnReqIssueInstant, want.RespIssueInstant, want.Received = time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("got %+v, want %+v", got, want)
	}
	return ""
}
