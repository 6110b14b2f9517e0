// Package racetest runs contenders for one compare-and-swap at once, for the
// concurrency tests of package instance and of its conformance suite.
package racetest

import (
	"errors"
	"sync"
	"testing"
)

// Winners runs attempt(0) … attempt(n-1) concurrently and returns how many
// succeeded. A failure that is not lost (by [errors.Is]) is reported on t.
func Winners(t testing.TB, n int, lost error, attempt func(i int) error) int {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = attempt(i) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, lost):
			t.Errorf("loser got %v, want %v", err, lost)
		}
	}
	return won
}
