//go:build !unix

package appio_test

import "time"

func cpuTime() time.Duration { return 0 }
