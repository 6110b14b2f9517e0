package sqlstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"slices"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds the schema: the shared files in migrations/ and, in
// migrations/sqlite and migrations/postgres, the versions whose SQL differs.
//
//go:embed migrations
var migrations embed.FS

// migrate applies the migrations the database lacks.
func (db *DB) migrate(ctx context.Context) error {
	d, sub := goose.DialectSQLite3, "sqlite"
	var opts []goose.ProviderOption
	if db.dialect == postgres {
		d, sub = goose.DialectPostgres, "postgres"
		// One advisory lock per database and schema: replicas starting
		// together migrate one at a time, while other schemas (other
		// deployments, parallel tests) do not wait.
		var where string
		if err := db.write.QueryRowContext(ctx, `SELECT current_database() || '.' || current_schema()`).Scan(&where); err != nil {
			return fmt.Errorf("sqlstore: migrate: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("siopi-goose:" + where))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("sqlstore: migrate: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := dialectFS(sub)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	opts = append(opts, goose.WithDisableGlobalRegistry(true))
	p, err := goose.NewProvider(d, db.write, fsys, opts...)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	for _, r := range res {
		db.log.InfoContext(ctx, "sqlstore: migrated", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// dialectFS returns the flat directory of the shared migrations and those of
// the dialect in migrations/sub.
func dialectFS(sub string) (fs.FS, error) {
	shared, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	own, err := fs.Sub(migrations, "migrations/"+sub)
	if err != nil {
		return nil, err
	}
	return mergedFS{shared, own}, nil
}

// mergedFS is the union of the files at the top of several directories;
// the first holding a name wins.
type mergedFS []fs.FS

func (m mergedFS) Open(name string) (fs.File, error) {
	if name == "." {
		return m[0].Open(name)
	}
	for _, f := range m {
		file, err := f.Open(name)
		if err == nil {
			return file, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (m mergedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	var out []fs.DirEntry
	for _, f := range m {
		es, err := fs.ReadDir(f, ".")
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if !e.IsDir() {
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return out, nil
}
