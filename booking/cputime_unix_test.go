//go:build unix

package booking_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the test process has used: a load-independent figure
// for benchmarks that run on shared machines.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
