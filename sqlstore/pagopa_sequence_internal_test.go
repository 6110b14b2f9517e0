package sqlstore

import (
	"errors"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/siopi/siopi/pagopa"
)

func TestIUVSequenceExhausted(t *testing.T) {
	t.Parallel()
	db, err := Open(t.Context(), Config{DSN: filepath.Join(t.TempDir(), "siopi.db"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(t.Context(), `INSERT INTO pagopa_iuv_sequences (org, segregation_code, next_base)
		VALUES ('01199250158', 3, $1)`, pagopa.MaxIUVBase); err != nil {
		t.Fatal(err)
	}
	seq := db.IUVSequence()
	if v, err := seq.Next(t.Context(), "01199250158", 3); err != nil || v != pagopa.MaxIUVBase {
		t.Fatalf("last value = %d, %v; want %d", v, err, int64(pagopa.MaxIUVBase))
	}
	for range 2 {
		if _, err := seq.Next(t.Context(), "01199250158", 3); !errors.Is(err, pagopa.ErrSequenceExhausted) {
			t.Errorf("past the last value: %v, want ErrSequenceExhausted", err)
		}
	}
}
