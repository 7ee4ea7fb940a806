package evlog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
)

// Errors of the evidence log, wrapped with the object key and the details.
var (
	// ErrSignature means a checkpoint is not signed by the log key: it was
	// forged or replaced.
	ErrSignature = errors.New("checkpoint signature does not verify")
	// ErrInconsistent means stored objects contradict a signed checkpoint:
	// tiles give another root, two checkpoints are not consistent, or the
	// store lost checkpoints a caller remembers (truncation, rewriting).
	ErrInconsistent = errors.New("evidence log is inconsistent")
)

// maxCheckpoint bounds the size of a stored checkpoint note.
const maxCheckpoint = 64 << 10

// Log is an opened evidence log. Its methods are safe for concurrent use;
// appends must also be serialised across processes with Lock.
type Log struct {
	s      archive.Store
	origin string
	v      note.Verifier
	cache  tileCache

	mu     sync.Mutex
	cp     Checkpoint // latest checkpoint; Size 0 and no Note when empty
	leaves *leafIndex // nil until first needed
}

// Open opens the log kept in s under log/ for origin and checks it: the
// latest checkpoint must be signed by v (ErrSignature), its root must equal
// the root recomputed from the stored tiles, and it must be consistent with
// the previous checkpoint (ErrInconsistent). A store without checkpoints
// gives an empty log. Errors name the offending object.
func Open(ctx context.Context, s archive.Store, origin string, v note.Verifier) (*Log, error) {
	l := &Log{s: s, origin: origin, v: v}
	sizes, err := listCheckpoints(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("open evidence log: %w", err)
	}
	if len(sizes) == 0 {
		return l, nil
	}
	cp, err := l.readCheckpoint(ctx, sizes[len(sizes)-1])
	if err != nil {
		return nil, fmt.Errorf("open evidence log: %w", err)
	}
	r := l.reader(ctx)
	if err := checkRoot(r, cp); err != nil {
		return nil, fmt.Errorf("open evidence log: %s: %w", CheckpointKey(cp.Size), err)
	}
	if len(sizes) > 1 {
		prev, err := l.readCheckpoint(ctx, sizes[len(sizes)-2])
		if err != nil {
			return nil, fmt.Errorf("open evidence log: %w", err)
		}
		if err := checkConsistent(r, prev, cp); err != nil {
			return nil, fmt.Errorf("open evidence log: %s: %w", CheckpointKey(cp.Size), err)
		}
	}
	l.cp = cp
	return l, nil
}

// reader returns a tile reader for one operation.
func (l *Log) reader(ctx context.Context) tileReader {
	return tileReader{ctx: ctx, s: l.s, cache: &l.cache}
}

// listCheckpoints returns the sizes of the stored checkpoints, ascending.
func listCheckpoints(ctx context.Context, s archive.Store) ([]int64, error) {
	var sizes []int64
	err := s.List(ctx, archive.PrefixCheckpoints, func(info archive.Info) error {
		if size, tok, ok := parseCheckpointKey(info.Key); ok && tok < 0 {
			sizes = append(sizes, size)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list checkpoints: %w", err)
	}
	slices.Sort(sizes)
	return sizes, nil
}

// readCheckpoint reads, verifies and parses the checkpoint stored for size.
func (l *Log) readCheckpoint(ctx context.Context, size int64) (Checkpoint, error) {
	key := CheckpointKey(size)
	msg, err := readObject(ctx, l.s, key, maxCheckpoint)
	if err != nil {
		return Checkpoint{}, err
	}
	cp, err := OpenCheckpoint(msg, l.origin, l.v)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("%s: %w", key, err)
	}
	if cp.Size != size {
		return Checkpoint{}, fmt.Errorf("%s: checkpoint says size %d: %w", key, cp.Size, ErrInconsistent)
	}
	return cp, nil
}

// checkRoot recomputes cp's root from the stored tiles. Errors do not
// name the checkpoint; callers do.
func checkRoot(r tileReader, cp Checkpoint) error {
	root, err := tlog.TreeHash(cp.Size, r.rawHashes(cp.Size))
	if err != nil {
		return fmt.Errorf("recompute the root from tiles: %w", err)
	}
	if root != cp.Root {
		return fmt.Errorf("signs root %s but the stored tiles give %s: %w", cp.Root, root, ErrInconsistent)
	}
	return nil
}

// checkConsistent proves that older is a prefix of newer, reading hashes
// authenticated against newer's root. Errors name older; callers name
// newer.
func checkConsistent(r tileReader, older, newer Checkpoint) error {
	var err error
	switch {
	case older.Size > newer.Size:
		err = errors.New("it is larger")
	case older.Size == 0:
		if empty, _ := tlog.TreeHash(0, nil); older.Root != empty {
			err = errors.New("an empty tree has another root")
		}
	case older.Size == newer.Size:
		if older.Root != newer.Root {
			err = errors.New("the roots differ")
		}
	default:
		var p tlog.TreeProof
		p, err = tlog.ProveTree(newer.Size, older.Size, r.treeHashes(newer.Size, newer.Root))
		if err == nil {
			err = tlog.CheckTree(p, newer.Size, newer.Root, older.Size, older.Root)
		}
	}
	if err != nil {
		return fmt.Errorf("not consistent with %s (%v): %w", CheckpointKey(older.Size), err, ErrInconsistent)
	}
	return nil
}

// Origin returns the log's origin line.
func (l *Log) Origin() string { return l.origin }

// Size returns the number of leaves covered by the latest checkpoint.
func (l *Log) Size() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cp.Size
}

// Root returns the latest checkpoint's root hash (the zero Hash for an
// empty log).
func (l *Log) Root() tlog.Hash {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cp.Root
}

// Latest returns the latest checkpoint (Size 0 and no Note for an empty
// log).
func (l *Log) Latest() Checkpoint {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cp
}

// Checkpoint reads and verifies the stored checkpoint for size. A missing
// one fails with archive.ErrNotFound, a forged one with ErrSignature.
func (l *Log) Checkpoint(ctx context.Context, size int64) (Checkpoint, error) {
	return l.readCheckpoint(ctx, size)
}

// Checkpoints lists the sizes of all stored checkpoints, ascending.
func (l *Log) Checkpoints(ctx context.Context) ([]int64, error) {
	return listCheckpoints(ctx, l.s)
}

// ProveRecord returns the inclusion proof of leaf i in the tree of size
// leaves (i < size <= Size()); with the checkpoint for size it forms a
// tlog-proof (FormatProof).
func (l *Log) ProveRecord(ctx context.Context, i, size int64) (tlog.RecordProof, error) {
	cp := l.Latest()
	if i < 0 || i >= size || size > cp.Size {
		return nil, fmt.Errorf("prove leaf %d in tree %d: out of range (log size %d)", i, size, cp.Size)
	}
	p, err := tlog.ProveRecord(size, i, l.reader(ctx).treeHashes(cp.Size, cp.Root))
	if err != nil {
		return nil, fmt.Errorf("prove leaf %d in tree %d: %w", i, size, err)
	}
	return p, nil
}

// ProveTree returns the consistency proof from the tree of older leaves to
// the tree of size leaves (0 < older <= size <= Size()).
func (l *Log) ProveTree(ctx context.Context, size, older int64) (tlog.TreeProof, error) {
	cp := l.Latest()
	if older < 1 || older > size || size > cp.Size {
		return nil, fmt.Errorf("prove tree %d contains tree %d: out of range (log size %d)", size, older, cp.Size)
	}
	p, err := tlog.ProveTree(size, older, l.reader(ctx).treeHashes(cp.Size, cp.Root))
	if err != nil {
		return nil, fmt.Errorf("prove tree %d contains tree %d: %w", size, older, err)
	}
	return p, nil
}

// LeafHash returns leaf i's record hash, authenticated against the latest
// checkpoint; verify compares it with tlog.RecordHash of the manifest.
func (l *Log) LeafHash(ctx context.Context, i int64) (tlog.Hash, error) {
	cp := l.Latest()
	if i < 0 || i >= cp.Size {
		return tlog.Hash{}, fmt.Errorf("leaf %d: out of range (log size %d)", i, cp.Size)
	}
	hs, err := l.reader(ctx).treeHashes(cp.Size, cp.Root).ReadHashes([]int64{tlog.StoredHashIndex(0, i)})
	if err != nil {
		return tlog.Hash{}, fmt.Errorf("leaf %d: %w", i, err)
	}
	return hs[0], nil
}
