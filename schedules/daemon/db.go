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
	q.Add("_pragma", "synchronous(NORMAL)")
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

// migrate brings River's tables in db up to the version this build uses.
// Every start runs it; applied versions are skipped. River applies each
// version in its own transaction but does not lock out a second migrator,
// so two daemons starting together can collide on a version: the loser's
// transaction rolls back, and the retry finds the version applied.
func migrate(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	m, err := rivermigrate.New(riversqlite.New(db), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("jobs db migrate: %w", err)
	}
	var res *rivermigrate.MigrateResult
	for attempt := 1; ; attempt++ {
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err == nil || attempt == migrateAttempts || ctx.Err() != nil {
			break
		}
		select {
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	if err != nil {
		return fmt.Errorf("jobs db migrate: %w", err)
	}
	if len(res.Versions) > 0 {
		log.Info("jobs db migrated", "versions", len(res.Versions))
	}
	return nil
}

// migrateAttempts bounds the retries of a colliding migration.
const migrateAttempts = 5
