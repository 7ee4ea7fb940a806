package spool

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"golang.org/x/mod/sumdb/note"
)

// Indexer receives each stored capture; the SQLite index implements it.
type Indexer interface {
	AddCapture(ctx context.Context, id string, logIndex int64, m *manifest.Manifest) error
}

// Ingester stores spooled captures. The caller holds the log lock.
type Ingester struct {
	Store  archive.Store
	Log    *evlog.Log
	Signer note.Signer
	Index  Indexer // may be nil
	// Commit receives the cursors of each stored capture (may be nil).
	Commit func(cursors map[string]string) error
}

// Result describes one stored capture.
type Result struct {
	CaptureID  string // hex SHA-256 of the manifest
	WARCSHA256 string
	WARCSize   int64
	LogIndex   int64
	Checkpoint evlog.Checkpoint
	Manifest   *manifest.Manifest
	Recovered  bool // the capture had not been sealed and was cut back
	Dropped    int  // records cut from an interrupted capture
}

// Pending lists capture directories in the spool, oldest first.
func (s *Spool) Pending() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	var dirs []string
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			dirs = append(dirs, filepath.Join(s.dir, e.Name()))
		}
	}
	sort.Strings(dirs)
	return dirs, nil
}

// IngestAll stores every pending capture, oldest first, and stops at the
// first failure (the capture stays in the spool for the next run).
func (in *Ingester) IngestAll(ctx context.Context, s *Spool) ([]Result, error) {
	dirs, err := s.Pending()
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, d := range dirs {
		r, err := in.Ingest(ctx, d)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// IngestCapture stores a capture this process recorded and sealed, using
// what it kept in memory instead of reading its side files back; an
// unsealed capture is ingested as Ingest does.
func (in *Ingester) IngestCapture(ctx context.Context, c *Capture) (Result, error) {
	c.mu.Lock()
	side, ok := c.side, c.sealed && c.err == nil
	c.mu.Unlock()
	if !ok {
		return in.Ingest(ctx, c.dir)
	}
	return in.ingest(ctx, c.dir, &side)
}

// Ingest stores the capture in dir and removes dir. A capture that was
// never sealed (the process died) is recovered first.
func (in *Ingester) Ingest(ctx context.Context, dir string) (Result, error) {
	return in.ingest(ctx, dir, nil)
}

// ingest stores the capture in dir, with its side data if known.
func (in *Ingester) ingest(ctx context.Context, dir string, side *sideData) (Result, error) {
	var res Result
	sealed, err := readSealed(dir)
	if errors.Is(err, os.ErrNotExist) {
		res.Recovered, side = true, nil
		if sealed, res.Dropped, err = recoverCapture(dir); err != nil {
			return res, fmt.Errorf("recover %s: %w", dir, err)
		}
	} else if err != nil {
		return res, err
	}
	if res.Recovered && sealed.Size == 0 {
		// Killed before anything was written: nothing to keep.
		return res, os.RemoveAll(dir)
	}
	m, err := buildManifest(dir, sealed, side)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", dir, err)
	}
	sum, err := archive.ParseHex(sealed.SHA256)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", dir, err)
	}
	info, err := in.putFile(ctx, archive.WARCKey(sum), filepath.Join(dir, fileWARC), sealed.Size, sum)
	if err != nil {
		return res, err
	}
	m.WARCs = []manifest.WARC{{Key: archive.WARCKey(sum), SHA256: sealed.SHA256, Size: sealed.Size, VersionID: info.VersionID}}
	b, err := manifest.Marshal(m)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", dir, err)
	}
	msum := sha256.Sum256(b)
	if _, err := in.putBytes(ctx, archive.ManifestKey(msum), b, msum); err != nil {
		return res, err
	}
	idx, cp, err := in.Log.Append(ctx, in.Signer, b)
	if err != nil {
		return res, fmt.Errorf("ingest %s: log: %w", dir, err)
	}
	res.CaptureID, res.WARCSHA256, res.WARCSize = hex.EncodeToString(msum[:]), sealed.SHA256, sealed.Size
	res.LogIndex, res.Checkpoint, res.Manifest = idx[0], cp, m
	if in.Index != nil {
		if err := in.Index.AddCapture(ctx, res.CaptureID, res.LogIndex, m); err != nil {
			return res, fmt.Errorf("ingest %s: index: %w", dir, err)
		}
	}
	if err := in.commitCursors(dir); err != nil {
		return res, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return res, fmt.Errorf("ingest: remove spooled %s: %w", dir, err)
	}
	return res, nil
}

func (in *Ingester) commitCursors(dir string) error {
	if in.Commit == nil {
		return nil
	}
	var cur map[string]string
	b, err := os.ReadFile(filepath.Join(dir, fileCursors))
	if errors.Is(err, os.ErrNotExist) {
		return nil // interrupted capture: its cursors were never committed
	}
	if err == nil {
		err = json.Unmarshal(b, &cur)
	}
	if err != nil {
		return fmt.Errorf("ingest %s: cursors: %w", dir, err)
	}
	if len(cur) == 0 {
		return nil
	}
	return in.Commit(cur)
}

// putFile stores a file under key; an existing object under the same
// content-addressed key is the same bytes and is accepted.
func (in *Ingester) putFile(ctx context.Context, key, path string, size int64, sum [32]byte) (archive.Info, error) {
	var info archive.Info
	var err error
	if fp, ok := in.Store.(archive.FilePutter); ok {
		info, err = fp.PutFile(ctx, key, path, size, sum)
	} else {
		var f *os.File
		if f, err = os.Open(path); err != nil {
			return archive.Info{}, fmt.Errorf("ingest: %w", err)
		}
		defer f.Close()
		info, err = in.Store.Put(ctx, key, f, size, sum)
	}
	if errors.Is(err, archive.ErrExists) {
		return in.Store.Stat(ctx, key)
	}
	if err != nil {
		return info, fmt.Errorf("ingest: %w", err)
	}
	return info, nil
}

func (in *Ingester) putBytes(ctx context.Context, key string, b []byte, sum [32]byte) (archive.Info, error) {
	info, err := in.Store.Put(ctx, key, strings.NewReader(string(b)), int64(len(b)), sum)
	if errors.Is(err, archive.ErrExists) {
		return in.Store.Stat(ctx, key)
	}
	if err != nil {
		return info, fmt.Errorf("ingest: %w", err)
	}
	return info, nil
}

func readSealed(dir string) (sealedFile, error) {
	var s sealedFile
	b, err := os.ReadFile(filepath.Join(dir, fileSealed))
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("spool %s: %s: %w", dir, fileSealed, err)
	}
	return s, nil
}
