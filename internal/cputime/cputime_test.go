package cputime_test

import (
	"runtime"
	"testing"

	"github.com/siopi/siopi/internal/cputime"
)

func TestProcessGrows(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no rusage on this platform")
	}
	before := cputime.Process()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	if after := cputime.Process(); after <= before {
		t.Errorf("CPU time did not grow: %v then %v (x=%d)", before, after, x)
	}
}
