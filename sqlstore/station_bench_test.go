package sqlstore_test

import (
	"testing"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

// The benchmarks of pagopa/station's paGetPaymentV2 (bench_test.go there),
// over loopback HTTP against the SQLite store instead of the MemoryStore;
// pagopa/station cannot import sqlstore, so they live here.

// BenchmarkSQLiteGetPaymentV2Saturation measures paGetPaymentV2 over
// loopback HTTP against SQLite at saturation; ns/op is the inverse of
// throughput.
func BenchmarkSQLiteGetPaymentV2Saturation(b *testing.B) {
	store := openSQLite(b).Pagopa()
	pagopatest.BenchGetPaymentV2Saturation(b, store, benchStation(b, store))
}

// BenchmarkSQLiteGetPaymentV2At200rps reports the p99 latency of
// paGetPaymentV2 against SQLite at 200 requests per second. Run it with
// -benchtime=2000x for a 10 s sample.
func BenchmarkSQLiteGetPaymentV2At200rps(b *testing.B) {
	store := openSQLite(b).Pagopa()
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
