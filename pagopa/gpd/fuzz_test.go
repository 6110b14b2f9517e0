package gpd_test

import (
	"encoding/json"
	"testing"

	"github.com/siopi/siopi/pagopa/gpd"
)

// FuzzDecodePosition decodes arbitrary response bodies as positions: never a panic, and a
// decoded date-time always re-encodes.
func FuzzDecodePosition(f *testing.F) {
	f.Add([]byte(`{"iupd":"x","status":"VALID","paymentOption":[{"iuv":"1","amount":1,"dueDate":"2026-12-31T23:59:59"}]}`))
	f.Add([]byte(`{"validityDate":"2026-01-01T00:00:00.123+01:00","insertedDate":null}`))
	f.Add([]byte(`{"paymentDate":"2026-01-01"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p gpd.Position
		if json.Unmarshal(b, &p) != nil {
			return
		}
		if _, err := json.Marshal(p); err != nil {
			t.Fatalf("decoded position does not re-encode: %v", err)
		}
	})
}
