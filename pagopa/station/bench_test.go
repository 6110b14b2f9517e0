package station_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/siopi/siopi/internal/cputime"
	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

// BenchmarkGetPaymentV2Saturation measures paGetPaymentV2 over loopback HTTP
// at saturation against the MemoryStore (sqlstore measures SQLite the same
// way).
func BenchmarkGetPaymentV2Saturation(b *testing.B) {
	store := pagopa.NewMemoryStore()
	pagopatest.BenchGetPaymentV2Saturation(b, store, benchStation(b, store))
}

// BenchmarkGetPaymentV2At200rps reports the p99 latency of paGetPaymentV2 at
// 200 requests per second against the MemoryStore. Run it with
// -benchtime=2000x for a 10 s sample.
func BenchmarkGetPaymentV2At200rps(b *testing.B) {
	store := pagopa.NewMemoryStore()
	pagopatest.BenchGetPaymentV2At200rps(b, store, benchStation(b, store))
}

// benchStation is the station the shared benchmarks expect: the fixtures'
// EC, broker and station, the activation lock off.
func benchStation(b *testing.B, store pagopa.Store) *station.Station {
	st, err := station.New(station.Config{Organizations: []string{pagopatest.Organization}, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, Store: store, ActivationLock: -1})
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkServeHTTPGetPaymentV2 is the handler's own cost per
// paGetPaymentV2, without the network.
func BenchmarkServeHTTPGetPaymentV2(b *testing.B) {
	store := pagopa.NewMemoryStore()
	nav, _ := pagopa.NewNoticeNumber(1, 1)
	p := pagopatest.NewPosition(pagopatest.Organization, nav, 12050, time.Now().AddDate(0, 1, 0))
	_ = p.Publish(time.Now())
	_, _ = store.CreatePosition(b.Context(), p)
	st, _ := station.New(station.Config{Organizations: []string{pagopatest.Organization}, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, Store: store, ActivationLock: -1})
	node, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: "x", BrokerID: pagopatest.Broker, StationID: pagopatest.Station})
	body := node.GetPaymentRequest(pagopatest.Organization, nav, pagopatest.GetPaymentOptions{})
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		rec := httptest.NewRecorder()
		st.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body)))
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
	b.ReportMetric(float64((cputime.Process()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}
