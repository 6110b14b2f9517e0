package pagopatest

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/internal/cputime"
	"github.com/siopi/siopi/pagopa"
)

// benchPositions is how many published positions the benchmarks spread
// their calls over.
const benchPositions = 10_000

// benchServer publishes benchPositions positions in store and serves st on
// loopback. It returns a node driving st and the notice numbers.
func benchServer(b *testing.B, store pagopa.Store, st http.Handler) (*Node, []pagopa.NoticeNumber) {
	b.Helper()
	now := time.Now()
	navs := make([]pagopa.NoticeNumber, benchPositions)
	for i := range navs {
		navs[i], _ = pagopa.NewNoticeNumber(1, int64(i+1))
		p := NewPosition(Organization, navs[i], 12050, now.AddDate(0, 1, 0))
		_ = p.Publish(now)
		if _, err := store.CreatePosition(b.Context(), p); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(st)
	b.Cleanup(srv.Close)
	srv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 512
	node, err := NewNode(NodeConfig{URL: srv.URL, BrokerID: Broker, StationID: Station, HTTPClient: srv.Client()})
	if err != nil {
		b.Fatal(err)
	}
	return node, navs
}

// BenchGetPaymentV2Saturation measures paGetPaymentV2 over loopback HTTP
// against st, a station over store for [Organization], [Broker] and
// [Station] with the activation lock off (so that every call takes the full
// path), after publishing 10,000 positions in store. It runs 8×GOMAXPROCS
// concurrent clients; ns/op is the inverse of throughput. It reports req/s,
// CPU-µs per request and the p99 latency. Call it from a Benchmark function
// of the store's package, so that every store is measured the same way.
func BenchGetPaymentV2Saturation(b *testing.B, store pagopa.Store, st http.Handler) {
	node, navs := benchServer(b, store, st)
	var mu sync.Mutex
	var all []time.Duration
	var next atomic.Int64
	b.SetParallelism(8)
	cpu0 := cputime.Process()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var lat []time.Duration
		for pb.Next() {
			nav := navs[next.Add(1)%int64(len(navs))]
			start := time.Now()
			if _, err := node.GetPayment(b.Context(), Organization, nav, GetPaymentOptions{}); err != nil {
				b.Error(err)
				return
			}
			lat = append(lat, time.Since(start))
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64((cputime.Process()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
	b.ReportMetric(p99(all), "p99-ms")
}

// BenchGetPaymentV2At200rps paces paGetPaymentV2 calls against st (set up
// as for [BenchGetPaymentV2Saturation]) at 200 requests per second, each in
// its own goroutine like independent PSPs, and reports the p99 latency. Run
// the calling benchmark with -benchtime=2000x for a 10 s sample.
func BenchGetPaymentV2At200rps(b *testing.B, store pagopa.Store, st http.Handler) {
	node, navs := benchServer(b, store, st)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var mu sync.Mutex
	var all []time.Duration
	var wg sync.WaitGroup
	i := 0
	for b.Loop() {
		<-tick.C
		nav := navs[i%len(navs)]
		i++
		wg.Go(func() {
			start := time.Now()
			if _, err := node.GetPayment(b.Context(), Organization, nav, GetPaymentOptions{}); err != nil {
				b.Error(err)
				return
			}
			d := time.Since(start)
			mu.Lock()
			all = append(all, d)
			mu.Unlock()
		})
	}
	wg.Wait()
	b.ReportMetric(p99(all), "p99-ms")
}

// p99 is the 99th-percentile latency in milliseconds.
func p99(lat []time.Duration) float64 {
	if len(lat) == 0 {
		return 0
	}
	slices.Sort(lat)
	return float64(lat[len(lat)*99/100].Microseconds()) / 1000
}
