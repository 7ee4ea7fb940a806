package daemon

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

func TestStatusMissingDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "data", "jobs.sqlite")
	st, err := Status(t.Context(), path, []string{"a"})
	if err != nil || st.DBExists || len(st.Targets) != 0 {
		t.Fatalf("Status = %+v, %v; want empty, nil", st, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("Status created the database: %v", err)
	}
}

func TestStatusNotAJobsDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "jobs.sqlite")
	if err := os.WriteFile(path, []byte("not sqlite at all, just some bytes that are long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Status(t.Context(), path, nil); err == nil {
		t.Error("Status read a file that is not a database")
	}
}

// queueClient opens a migrated jobs database and a River client that only
// inserts and lists (nothing works its jobs).
func queueClient(t *testing.T) (*sql.DB, *river.Client[*sql.Tx], string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jobs.sqlite")
	db, err := prepare(t.Context(), path, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	client, err := river.NewClient(riversqlite.New(db), &river.Config{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	return db, client, path
}

func TestStatusQueuedJobs(t *testing.T) {
	t.Parallel()
	_, client, path := queueClient(t)
	ctx := t.Context()
	for _, args := range []river.JobArgs{CollectArgs{Target: "a"}, CollectArgs{Target: "a"},
		CollectArgs{Target: "b"}, RecheckArgs{IDs: []string{"x", "y"}}} {
		if _, err := client.Insert(ctx, args, nil); err != nil {
			t.Fatal(err)
		}
	}
	st, err := Status(ctx, path, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if !st.DBExists || st.Queue["available"] != 3 || st.RechecksQueued != 1 {
		t.Errorf("queue = %v, rechecks queued %d; want 3 available (a once: unique), 1 recheck", st.Queue, st.RechecksQueued)
	}
	names := []string{}
	for _, ts := range st.Targets {
		names = append(names, ts.Name)
		if (ts.Queued != nil) != (ts.Name != "c") {
			t.Errorf("target %s queued = %+v", ts.Name, ts.Queued)
		}
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("targets = %v", names)
	}
	if q := st.Targets[0].Queued; q != nil && (q.State != "available" || q.MaxAttempts != maxAttempts || q.ScheduledAt.IsZero() ||
		time.Since(q.ScheduledAt) > time.Minute) {
		t.Errorf("queued job = %+v", q)
	}
}
