package sqlstore_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/spid"
)

// BenchmarkSPIDLogin measures the database work of one SPID login: save the
// AuthnRequest, take it back when the Response arrives, record the Response
// and Assertion IDs in the replay cache and append the transaction register
// entry; in parallel, as concurrent logins on one replica.
func BenchmarkSPIDLogin(b *testing.B) {
	for _, o := range openers {
		b.Run(o.name, func(b *testing.B) {
			o.skip(b)
			db := o.open(b)
			reqs, replay, reg := db.SPIDRequests(), db.SPIDReplay(), db.SPIDRegister(testOrg)
			var n atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := fmt.Sprintf("_b%d", n.Add(1))
					exp := time.Now().Add(10 * time.Minute)
					if err := reqs.Save(b.Context(), spid.Request{ID: id, Kind: spid.KindAuthn, Expires: exp}); err != nil {
						b.Fatal(err)
					}
					if _, err := reqs.Take(b.Context(), id); err != nil {
						b.Fatal(err)
					}
					for _, m := range []string{"response:", "assertion:"} {
						if err := replay.Use(b.Context(), m+id, exp); err != nil {
							b.Fatal(err)
						}
					}
					if err := reg.Record(b.Context(), spid.Transaction{Provider: "spid", AuthnReqID: id, Outcome: "success",
						Received: time.Now(), ResponseXML: make([]byte, 8<<10)}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
