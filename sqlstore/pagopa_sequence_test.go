package sqlstore_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/sqlstore"
)

// testSequence checks that concurrent callers of one sequence get every
// value from 1 once, and that sequences of other segregation codes and
// creditor bodies are independent.
func testSequence(t *testing.T, open func(testing.TB) *sqlstore.DB) {
	const goroutines, each = 16, 25
	seq := open(t).IUVSequence()
	var mu sync.Mutex
	seen := map[int64]bool{}
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				v, err := seq.Next(t.Context(), pagopatest.Organization, 1)
				if err != nil {
					t.Errorf("Next: %v", err)
					return
				}
				mu.Lock()
				if seen[v] {
					t.Errorf("value %d returned twice", v)
				}
				seen[v] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for v := int64(1); v <= goroutines*each; v++ {
		if !seen[v] {
			t.Errorf("value %d skipped", v)
		}
	}
	for _, k := range []struct {
		org string
		seg int
	}{{pagopatest.Organization, 2}, {"02438750586", 1}} {
		if v, err := seq.Next(t.Context(), k.org, k.seg); err != nil || v != 1 {
			t.Errorf("first value of %s/%02d = %d, %v; want 1", k.org, k.seg, v, err)
		}
	}
	if _, err := seq.Next(t.Context(), pagopatest.Organization, 100); !errors.Is(err, pagopa.ErrSegregationCode) {
		t.Errorf("segregation code 100: %v", err)
	}
	// Through the pagopa helper, as a portal calls it.
	n, err := pagopa.NextNoticeNumber(t.Context(), seq, pagopatest.Organization, 1)
	if err != nil || n.IUV() == "" {
		t.Errorf("NextNoticeNumber = %q, %v", n, err)
	}
}

func TestIUVSequenceSQLite(t *testing.T) {
	t.Parallel()
	testSequence(t, openSQLite)
}

func TestIUVSequencePostgres(t *testing.T) {
	t.Parallel()
	testSequence(t, openPostgres)
}
