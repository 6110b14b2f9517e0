package sqlstore_test

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
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

// The benchmarks of pagopa/station's paGetPaymentV2 (bench_test.go there),
// over loopback HTTP against the SQLite store instead of the MemoryStore;
// pagopa/station cannot import sqlstore, so they live here.

// benchSQLiteStation returns a loopback station over a SQLite store holding
// n published positions, and their notice numbers. The activation lock is
// off so that every call takes the full paGetPaymentV2 path (a read of the
// position by IUV).
func benchSQLiteStation(b *testing.B, n int) (*httptest.Server, []pagopa.NoticeNumber) {
	b.Helper()
	store := openSQLite(b).Pagopa()
	now := time.Now()
	navs := make([]pagopa.NoticeNumber, n)
	for i := range navs {
		navs[i], _ = pagopa.NewNoticeNumber(1, int64(i+1))
		p := pagopatest.NewPosition(pagopatest.Organization, navs[i], 12050, now.AddDate(0, 1, 0))
		_ = p.Publish(now)
		if _, err := store.CreatePosition(b.Context(), p); err != nil {
			b.Fatal(err)
		}
	}
	st, err := station.New(station.Config{Organizations: []string{pagopatest.Organization}, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, Store: store, ActivationLock: -1})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(st)
	b.Cleanup(srv.Close)
	srv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 512
	return srv, navs
}

func p99(lat []time.Duration) float64 {
	if len(lat) == 0 {
		return 0
	}
	slices.Sort(lat)
	return float64(lat[len(lat)*99/100].Microseconds()) / 1000
}

// BenchmarkSQLiteGetPaymentV2Saturation measures paGetPaymentV2 over
// loopback HTTP against SQLite with as many concurrent clients as the
// benchmark's parallelism; ns/op is the inverse of throughput.
func BenchmarkSQLiteGetPaymentV2Saturation(b *testing.B) {
	srv, navs := benchSQLiteStation(b, 10_000)
	node, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: srv.URL, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, HTTPClient: srv.Client()})
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
			if _, err := node.GetPayment(b.Context(), pagopatest.Organization, nav, pagopatest.GetPaymentOptions{}); err != nil {
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

// BenchmarkSQLiteGetPaymentV2At200rps paces paGetPaymentV2 calls against
// SQLite at 200 requests per second (each in its own goroutine, like
// independent PSPs) and reports the p99 latency. Run it with
// -benchtime=2000x for a 10 s sample.
func BenchmarkSQLiteGetPaymentV2At200rps(b *testing.B) {
	srv, navs := benchSQLiteStation(b, 10_000)
	node, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: srv.URL, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, HTTPClient: srv.Client()})
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
			if _, err := node.GetPayment(b.Context(), pagopatest.Organization, nav, pagopatest.GetPaymentOptions{}); err != nil {
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
