package notice_test

import (
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa/notice"
)

func BenchmarkRenderSingle(b *testing.B) {
	r, _ := notice.New(notice.Config{Now: fixedNow})
	n := sample()
	for b.Loop() {
		if err := r.Render(io.Discard, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderSingleWinAnsi(b *testing.B) {
	r, _ := notice.New(notice.Config{Now: fixedNow, WinAnsi: true})
	n := sample()
	for b.Loop() {
		if err := r.Render(io.Discard, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderSingleCoreFonts(b *testing.B) {
	r, _ := notice.New(notice.Config{Now: fixedNow, CoreFonts: true})
	n := sample()
	for b.Loop() {
		if err := r.Render(io.Discard, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderSingleParallel(b *testing.B) {
	r, _ := notice.New(notice.Config{Now: fixedNow})
	b.RunParallel(func(pb *testing.PB) {
		n := sample()
		for pb.Next() {
			if err := r.Render(io.Discard, n); err != nil {
				b.Error(err)
			}
		}
	})
}

// TestRenderMany renders notices with GOMAXPROCS workers and logs the time and the peak heap.
// SIOPI_LONG=1 renders 10,000 (run with -cpu 2 for the 2-core figure); otherwise 20.
func TestRenderMany(t *testing.T) {
	count := 20
	if os.Getenv("SIOPI_LONG") == "1" {
		count = 10_000
	}
	r, _ := notice.New(notice.Config{Now: fixedNow})
	workers := runtime.GOMAXPROCS(0)
	var next atomic.Int64
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			n := sample()
			for next.Add(1) <= int64(count) {
				if err := r.Render(io.Discard, n); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	t.Logf("%d notices on %d workers in %v; peak heap in use %.1f MiB", count, workers, time.Since(start), float64(peak.Load())/(1<<20))
}
