package daemon

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// openDB opens the jobs database at path. WAL lets `afterimage status` read
// while a daemon writes; the busy timeout makes a second process wait for
// the write lock instead of failing; immediate transactions take that lock
// up front, so two writers never deadlock on a lock upgrade. River works
// through a single connection: SQLite allows one writer at a time and River
// runs many things concurrently. With create false a missing file is an
// error instead of a new empty database.
func openDB(ctx context.Context, path string, create bool) (*sql.DB, error) {
	mode := "rw"
	if create {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("jobs db %s: %w", path, err)
		}
		mode = "rwc"
	}
	q := url.Values{}
	q.Set("mode", mode)
	q.Set("_txlock", "immediate")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("jobs db %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("jobs db %s: %w", path, err)
	}
	return db, nil
}

// uriPath escapes the characters that end or escape the path part of an
// SQLite URI filename.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

// prepare opens the jobs database at path, creating it if needed, and
// brings River's tables up to the version this build uses. Two daemons
// starting together on a new file can collide: on switching the file to
// WAL (SQLite answers "database is locked" without waiting) or on applying
// a migration version (River applies each in its own transaction but does
// not lock out a second migrator). The loser's transaction rolls back and
// a retry finds the work done.
func prepare(ctx context.Context, path string, log *slog.Logger) (*sql.DB, error) {
	for attempt := 1; ; attempt++ {
		db, err := openDB(ctx, path, true)
		if err == nil {
			if err = migrate(ctx, db, log); err == nil {
				return db, nil
			}
			db.Close()
			err = fmt.Errorf("jobs db %s: %w", path, err)
		}
		if attempt == prepareAttempts || ctx.Err() != nil {
			return nil, err
		}
		select {
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		case <-ctx.Done():
		}
	}
}

// prepareAttempts bounds the retries of a colliding start.
const prepareAttempts = 5

// migrate applies River's pending migrations to db; applied versions are
// skipped.
func migrate(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	m, err := rivermigrate.New(riversqlite.New(db), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(res.Versions) > 0 {
		log.Info("jobs db migrated", "versions", len(res.Versions))
	}
	return nil
}
