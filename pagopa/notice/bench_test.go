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

// TestRenderMany renders notices with GOMAXPROCS workers, in the default (Unicode) and WinAnsi font
// modes, and logs the time and the peak heap. SIOPI_LONG=1 renders 10,000 per mode (run with
// -cpu 2 for the 2-core figure); otherwise 20.
func TestRenderMany(t *testing.T) {
	count := 20
	if os.Getenv("SIOPI_LONG") == "1" {
		count = 10_000
	}
	for name, cfg := range map[string]notice.Config{"unicode": {}, "winansi": {WinAnsi: true}} {
		t.Run(name, func(t *testing.T) {
			cfg.Now = fixedNow
			r, err := notice.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			elapsed, peak := renderMany(t, r, count)
			t.Logf("%s: %d notices on %d workers in %v; peak heap in use %.1f MiB", name, count, runtime.GOMAXPROCS(0), elapsed, float64(peak)/(1<<20))
		})
	}
}

func renderMany(t *testing.T, r *notice.Renderer, count int) (time.Duration, uint64) {
	var next atomic.Int64
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
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
	elapsed := time.Since(start)
	close(stop)
	<-sampled
	return elapsed, peak.Load()
}
