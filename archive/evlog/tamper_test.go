package evlog_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// smallLog builds a local-store log with checkpoints at 3, 5 and 9 leaves.
func smallLog(t *testing.T) (archive.Store, string, testKey, *evlog.Log) {
	t.Helper()
	s, root := newLocal(t)
	k := newKey(t, origin)
	l, err := evlog.Open(context.Background(), s, origin, k.verifier)
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, l, s, k, 0, 3)
	appendN(t, l, s, k, 3, 5)
	appendN(t, l, s, k, 5, 9)
	return s, root, k, l
}

// signed returns a checkpoint note for any size and root, signed by k.
func signed(t *testing.T, k testKey, size int64, root tlog.Hash) []byte {
	t.Helper()
	msg, err := note.Sign(&note.Note{Text: fmt.Sprintf("%s\n%d\n%s\n", origin, size, root)}, k.signer)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func openErr(t *testing.T, s archive.Store, k testKey) error {
	t.Helper()
	_, err := evlog.Open(context.Background(), s, origin, k.verifier)
	if err == nil {
		t.Fatal("Open accepted a tampered log")
	}
	return err
}

func TestOpenRefusesForgedLatestCheckpoint(t *testing.T) {
	s, root, k, l := smallLog(t)
	forger := newKey(t, origin)
	replaceObject(t, root, "log/checkpoints/12", signed(t, forger, 12, l.Root()))
	err := openErr(t, s, k)
	if !errors.Is(err, evlog.ErrSignature) || !strings.Contains(err.Error(), "log/checkpoints/12") {
		t.Errorf("err = %v", err)
	}
}

func TestOpenRefusesCheckpointWithoutTiles(t *testing.T) {
	// Signed by the real key (a stolen key, or a bug) for a tree the store
	// does not hold.
	s, root, k, l := smallLog(t)
	replaceObject(t, root, "log/checkpoints/12", signed(t, k, 12, l.Root()))
	err := openErr(t, s, k)
	if !strings.Contains(err.Error(), "log/tile/8/0/000.p/12") || !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("err = %v", err)
	}
}

func TestOpenRefusesRewrittenHistory(t *testing.T) {
	// The previous checkpoint names another tree of 5 leaves: the latest
	// is not consistent with it.
	s, root, k, _ := smallLog(t)
	other := refRoot(t, 6) // any other root
	replaceObject(t, root, "log/checkpoints/5", signed(t, k, 5, other))
	err := openErr(t, s, k)
	if !errors.Is(err, evlog.ErrInconsistent) || !strings.Contains(err.Error(), "log/checkpoints/5") {
		t.Errorf("err = %v", err)
	}
}

func TestOpenRefusesAlteredTiles(t *testing.T) {
	s, root, k, _ := smallLog(t)
	key := "log/tile/8/0/000.p/9"
	b := readFile(t, root, key)
	b[40] ^= 1
	replaceObject(t, root, key, b)
	err := openErr(t, s, k)
	if !errors.Is(err, evlog.ErrInconsistent) || !strings.Contains(err.Error(), "log/checkpoints/9") {
		t.Errorf("err = %v", err)
	}
	// A deleted tile is named.
	s, root, k, _ = smallLog(t)
	os.Remove(storeFile(root, key))
	if err := openErr(t, s, k); !strings.Contains(err.Error(), key) {
		t.Errorf("err = %v", err)
	}
}

func TestCheckKnownDetectsTruncation(t *testing.T) {
	ctx := context.Background()
	s, root, k, l := smallLog(t)
	dir := t.TempDir()
	if known, err := evlog.LoadKnown(dir); known != nil || err != nil {
		t.Fatalf("LoadKnown on a fresh directory = %q, %v", known, err)
	}
	if err := evlog.SaveKnown(dir, l.Latest()); err != nil {
		t.Fatal(err)
	}
	known, err := evlog.LoadKnown(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.CheckKnown(ctx, known); err != nil {
		t.Fatalf("sound log: %v", err)
	}
	// The latest checkpoint and its partial tiles vanish: the store alone
	// now looks like a sound log of 5 leaves.
	for _, key := range []string{"log/checkpoints/9", "log/tile/8/0/000.p/9", "log/leaves/000.p/9"} {
		if err := os.Remove(storeFile(root, key)); err != nil {
			t.Fatal(err)
		}
	}
	l2, err := evlog.Open(ctx, s, origin, k.verifier)
	if err != nil || l2.Size() != 5 {
		t.Fatalf("Open truncated store = %v, %v", l2, err)
	}
	err = l2.CheckKnown(ctx, known)
	if !errors.Is(err, evlog.ErrInconsistent) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("CheckKnown = %v", err)
	}
	// A remembered older checkpoint that the store replaced is caught too.
	older, _ := l2.Checkpoint(ctx, 3)
	replaceObject(t, root, "log/checkpoints/3", signed(t, k, 3, refRoot(t, 4)))
	if err := l2.CheckKnown(ctx, older.Note); !errors.Is(err, evlog.ErrInconsistent) {
		t.Errorf("CheckKnown(replaced) = %v", err)
	}
}
