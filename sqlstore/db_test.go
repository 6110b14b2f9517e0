package sqlstore_test

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/siopi/siopi/sqlstore"
)

func TestOpenSQLiteDSN(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct {
		name, dsn string
		ok        bool
	}{
		{"path", filepath.Join(dir, "a.db"), true},
		{"file URI", "file:" + filepath.Join(dir, "b.db") + "?cache=private", true},
		{"sqlite prefix", "sqlite:" + filepath.Join(dir, "c.db"), true},
		{"reopen migrates nothing", filepath.Join(dir, "a.db"), true},
		{"empty", "", false},
		{"memory", ":memory:", false},
		{"memory URI", "file:x?mode=memory", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqlstore.Open(t.Context(), sqlstore.Config{DSN: tt.dsn, Logger: slog.New(slog.DiscardHandler)})
			if (err == nil) != tt.ok {
				t.Fatalf("Open(%q) error = %v, want ok %t", tt.dsn, err, tt.ok)
			}
			if err != nil {
				return
			}
			if _, err := db.Pagopa().ListPositions(t.Context(), "01199250158", "", 10); err != nil {
				t.Errorf("query after Open: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		})
	}
}
