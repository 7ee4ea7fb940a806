package spool

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// buildManifest assembles the manifest of a sealed capture from its side
// files. Items and observations that name records not in the WARC (cut
// from an interrupted capture) lose those references; an item or
// observation left with no record is dropped, since nothing backs it.
func buildManifest(dir string, sealed sealedFile, side *sideData) (*manifest.Manifest, error) {
	var cf contextFile
	b, err := os.ReadFile(filepath.Join(dir, fileContext))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &cf); err != nil {
		return nil, fmt.Errorf("%s: %w", fileContext, err)
	}
	if side == nil {
		if side, err = readSide(dir); err != nil {
			return nil, err
		}
	}
	m := &manifest.Manifest{Version: manifest.Version, Kind: "capture", Context: cf.Context,
		Started: cf.Started, Finished: sealed.Finished, Failures: side.failures}
	m.Context.Redactions = union(m.Context.Redactions, side.redactions)
	m.Records = append([]manifest.Record(nil), side.records...)
	sort.SliceStable(m.Records, func(i, j int) bool { return m.Records[i].Offset < m.Records[j].Offset })
	known := make(map[string]bool, len(m.Records))
	for _, r := range m.Records {
		known[r.ID] = true
	}
	m.Items = mergeItems(side.items, known)
	m.Observations = keepObservations(side.observations, known)
	return m, nil
}

// sideData is what a capture noted besides its WARC.
type sideData struct {
	records      []manifest.Record
	items        []manifest.Item
	observations []manifest.Observation
	failures     []manifest.Failure
	redactions   []string
}

// add keeps one noted value.
func (s *sideData) add(v any) {
	switch v := v.(type) {
	case manifest.Record:
		s.records = append(s.records, v)
	case manifest.Item:
		s.items = append(s.items, v)
	case manifest.Observation:
		s.observations = append(s.observations, v)
	case manifest.Failure:
		s.failures = append(s.failures, v)
	case string:
		s.redactions = append(s.redactions, v)
	}
}

// readSide reads the side files of a capture directory.
func readSide(dir string) (*sideData, error) {
	var s sideData
	var err error
	if s.redactions, err = readLines[string](filepath.Join(dir, fileRedactions)); err != nil {
		return nil, err
	}
	if s.records, err = readLines[manifest.Record](filepath.Join(dir, fileRecords)); err != nil {
		return nil, err
	}
	if s.failures, err = readLines[manifest.Failure](filepath.Join(dir, fileFailures)); err != nil {
		return nil, err
	}
	if s.items, err = readLines[manifest.Item](filepath.Join(dir, fileItems)); err != nil {
		return nil, err
	}
	if s.observations, err = readLines[manifest.Observation](filepath.Join(dir, fileObservations)); err != nil {
		return nil, err
	}
	return &s, nil
}

// mergeItems merges repeated reports of one item (an author of several
// posts) into one entry, keeping the first-reported order, the latest
// metadata and the union of records.
func mergeItems(items []manifest.Item, known map[string]bool) []manifest.Item {
	pos := map[string]int{}
	var out []manifest.Item
	for _, it := range items {
		it.Records = onlyKnown(it.Records, known)
		if len(it.Records) == 0 {
			continue
		}
		i, ok := pos[it.ID]
		if !ok {
			pos[it.ID] = len(out)
			out = append(out, it)
			continue
		}
		it.Records = union(out[i].Records, it.Records)
		it.Media = union(out[i].Media, it.Media)
		it.Tags = union(out[i].Tags, it.Tags)
		out[i] = it
	}
	return out
}

func keepObservations(obs []manifest.Observation, known map[string]bool) []manifest.Observation {
	var out []manifest.Observation
	for _, o := range obs {
		o.Records = onlyKnown(o.Records, known)
		if len(o.Records) == 0 {
			continue
		}
		out = append(out, o)
	}
	return out
}

func onlyKnown(ids []string, known map[string]bool) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if known[id] {
			out = append(out, id)
		}
	}
	return out
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// readLines reads a JSON-lines side file; a missing file is empty, and a
// final line cut short by a killed process is ignored.
func readLines[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	r := bufio.NewReaderSize(f, 1<<16)
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			return out, nil // a line without its newline was cut short
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", filepath.Base(path), len(out)+1, err)
		}
		out = append(out, v)
	}
}

// recoverCapture seals a capture whose process died: it keeps the longest
// run of records, from the start of the WARC, that are listed in
// records.jsonl, lie end to end, and whose stored bytes hash to the listed
// SHA-256; it cuts the file after them, fsyncs it and seals the capture.
// dropped counts listed records that were cut.
func recoverCapture(dir string) (sealedFile, int, error) {
	var s sealedFile
	recs, err := readLines[manifest.Record](filepath.Join(dir, fileRecords))
	if err != nil {
		return s, 0, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Offset < recs[j].Offset })
	path := filepath.Join(dir, fileWARCOpen)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		path = filepath.Join(dir, fileWARC) // renamed before sealed.json was written
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return s, len(recs), nil // died before its WARC was created: nothing recorded
	}
	if err != nil {
		return s, 0, err
	}
	defer f.Close()
	kept, end := validPrefix(f, recs)
	if err := f.Truncate(end); err != nil {
		return s, 0, err
	}
	if err := f.Sync(); err != nil {
		return s, 0, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, end)); err != nil {
		return s, 0, err
	}
	if err := rewriteLines(filepath.Join(dir, fileRecords), recs[:kept]); err != nil {
		return s, 0, err
	}
	if path != filepath.Join(dir, fileWARC) {
		if err := os.Rename(path, filepath.Join(dir, fileWARC)); err != nil {
			return s, 0, err
		}
	}
	s = sealedFile{Size: end, SHA256: hex.EncodeToString(h.Sum(nil)), Finished: lastFetchEnd(dir, recs[:kept])}
	if err := writeJSONFile(filepath.Join(dir, fileSealed), s); err != nil {
		return s, 0, err
	}
	return s, len(recs) - kept, nil
}

// validPrefix returns how many of recs (sorted by offset) form a verified,
// gap-free run from offset 0, and where that run ends.
func validPrefix(f *os.File, recs []manifest.Record) (int, int64) {
	var end int64
	buf := make([]byte, 1<<16)
	for i, r := range recs {
		if r.Offset != end || r.Length <= 0 {
			return i, end
		}
		h := sha256.New()
		n, err := io.CopyBuffer(h, io.NewSectionReader(f, r.Offset, r.Length), buf)
		if err != nil || n != r.Length || hex.EncodeToString(h.Sum(nil)) != r.SHA256 {
			return i, end
		}
		end += r.Length
	}
	return len(recs), end
}

func lastFetchEnd(dir string, recs []manifest.Record) string {
	last := ""
	var lastT time.Time
	for _, r := range recs {
		if t, err := time.Parse(time.RFC3339Nano, r.FetchEnd); err == nil && t.After(lastT) {
			last, lastT = r.FetchEnd, t
		}
	}
	if last == "" {
		var cf contextFile
		if b, err := os.ReadFile(filepath.Join(dir, fileContext)); err == nil && json.Unmarshal(b, &cf) == nil {
			last = cf.Started
		}
	}
	return last
}

func rewriteLines[T any](path string, vs []T) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, v := range vs {
		if err := enc.Encode(v); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
