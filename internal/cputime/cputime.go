// Package cputime reports the process's CPU time, so that benchmarks can
// report throughput per CPU-second: a figure that a busy, shared machine does
// not distort the way it distorts wall-clock time.
package cputime

import "time"

// Process returns the user plus system CPU time the process has used so far,
// or 0 where the platform does not report it.
func Process() time.Duration { return process() }
