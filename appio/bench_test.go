package appio_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
	"github.com/siopi/siopi/internal/cputime"
)

// BenchmarkSubmitLoopback measures one client submitting messages to the
// fake over loopback with the limiter disabled: the SDK's own overhead.
//
//	go test -run '^$' -bench SubmitLoopback -benchtime 20000x ./appio
func BenchmarkSubmitLoopback(b *testing.B) {
	fake := appiotest.New(appiotest.Config{})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 256
	c, err := appio.NewClient(appio.Config{
		BaseURL: srv.URL + appiotest.BasePath, APIKey: appiotest.DefaultAPIKey,
		HTTPClient: &http.Client{Transport: tr}, Limit: appio.Limit{Disabled: true},
	})
	if err != nil {
		b.Fatal(err)
	}
	m := newMessage()
	b.SetParallelism(4)
	b.ReportAllocs()
	cpu0 := cputime.Process()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.SubmitMessage(b.Context(), m); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submits/s")
	// Client and fake share the process: this is the CPU both spend per
	// message, an upper bound of the client's own cost.
	if cpu := cputime.Process() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "submits/cpu-s")
	}
	if got := fake.MessageCount(); got != b.N {
		b.Errorf("IO received %d messages, want %d", got, b.N)
	}
}

// BenchmarkBulkRateLimited runs the bulk sender against the fake limited to
// 150 requests per 5 s, with 5% of calls answered 429, over loopback (about
// 20 s per iteration); see TestBulkLongRun for the 60 s run.
//
//	go test -run '^$' -bench BulkRateLimited -benchtime 1x ./appio
func BenchmarkBulkRateLimited(b *testing.B) {
	for b.Loop() {
		rate, rep := bulkLoad(b, overLoopback, 300)
		b.ReportMetric(rate, "requests/s")
		b.ReportMetric(rate/30*100, "%-of-quota")
		b.ReportMetric(float64(rep.Sent), "sent")
	}
}
