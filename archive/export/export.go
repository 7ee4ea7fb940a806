package export

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/export/signals"
	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// ErrNothingSelected means the selection holds no item, or its items have
// no evidence records; nothing was written.
var ErrNothingSelected = errors.New("export: the selection holds nothing to export; nothing was written")

// Options configures one export.
type Options struct {
	Store archive.Store
	// Log is the opened evidence log; proofs are made against its latest
	// checkpoint, which must cover every capture used.
	Log *evlog.Log
	// VKey is the log's verifier key; "" reads the key published in the
	// store (keys/<origin>.vkey).
	VKey string
	// Items are the selected items (see Item), in the order the tables
	// and the report list them.
	Items []Item
	// Full copies the whole WARC files of the captures used instead of
	// only the records that back the items.
	Full bool
	// Out is the bundle to write: a directory, or a ZIP file when it ends
	// in ".zip". It must not exist (an empty directory is accepted).
	Out string
	// Filter is the selection as the user gave it, recorded in the bundle
	// and the export event.
	Filter string
	// Now is the clock for the bundle's timestamps.
	Now func() time.Time
	// Software names the exporting program, e.g. "afterimage 0.1.0".
	Software string
	// Title heads the report and the WACZ; "" gives a default.
	Title string
	// Progress, if set, is called with the bytes of WARC copied so far,
	// after each write, in the calling goroutine.
	Progress func(n int64)
}

func (o *Options) title() string {
	if o.Title != "" {
		return o.Title
	}
	return "afterimage evidence export"
}

// version is the last word of Software ("0.1.0" of "afterimage 0.1.0").
func (o *Options) version() string {
	f := strings.Fields(o.Software)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// Result describes a written bundle.
type Result struct {
	Path string // the bundle as published
	// Event is what the evidence log records of the export: bundle name,
	// SHA-256 of SHA256SUMS, item ids, capture ids and the filter.
	Event      manifest.Export
	Created    time.Time
	Checkpoint evlog.Checkpoint // the checkpoint the proofs are against
	Files      int              // files in the bundle, SHA256SUMS included
	Records    int              // WARC records copied
	WARCBytes  int64            // bytes of WARC copied
	Signals    signals.Signals
}

// Export writes a case bundle (see the package documentation). The bundle
// is written under a temporary name and published only when complete: on
// any error nothing is left at Out. It fails with ErrNothingSelected when
// there is nothing to export, and with errors naming the object when a
// manifest or WARC is missing (archive.ErrNotFound) or does not match its
// SHA-256 (archive.ErrCorrupt), or when a capture is not in the log.
func Export(ctx context.Context, opt Options) (Result, error) {
	if err := opt.check(); err != nil {
		return Result{}, err
	}
	if len(opt.Items) == 0 {
		return Result{}, ErrNothingSelected
	}
	if err := checkOut(opt.Out); err != nil {
		return Result{}, err
	}
	cp, vkey, err := latest(ctx, &opt)
	if err != nil {
		return Result{}, err
	}
	p, err := buildPlan(ctx, &opt)
	if err != nil {
		return Result{}, err
	}
	if len(p.records) == 0 {
		return Result{}, fmt.Errorf("%w (the %d selected items have no evidence records)", ErrNothingSelected, len(opt.Items))
	}
	ps, err := makeProofs(ctx, opt.Log, cp, vkey, p)
	if err != nil {
		return Result{}, err
	}
	created := opt.Now().UTC()
	s, err := newSink(opt.Out, created)
	if err != nil {
		return Result{}, err
	}
	res, err := writeBundle(ctx, &opt, s, p, ps, created)
	if err == nil {
		err = s.commit()
	}
	if err != nil {
		s.abort()
		return Result{}, err
	}
	return res, nil
}

func (o *Options) check() error {
	switch {
	case o.Store == nil || o.Log == nil:
		return errors.New("export: no store or evidence log")
	case o.Out == "":
		return errors.New("export: no output path")
	case o.Now == nil:
		return errors.New("export: no clock")
	case o.Software == "":
		return errors.New("export: no software name")
	}
	return nil
}

// latest returns the log's latest checkpoint, checked against the key.
func latest(ctx context.Context, opt *Options) (evlog.Checkpoint, string, error) {
	cp := opt.Log.Latest()
	if cp.Size == 0 {
		return cp, "", errors.New("export: the evidence log is empty")
	}
	vkey := opt.VKey
	if vkey == "" {
		var err error
		if vkey, err = evlog.ReadPublishedKey(ctx, opt.Store, opt.Log.Origin()); err != nil {
			return cp, "", fmt.Errorf("export: log key: %w", err)
		}
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return cp, "", fmt.Errorf("export: log key: %w", err)
	}
	if _, err := evlog.OpenCheckpoint(cp.Note, opt.Log.Origin(), v); err != nil {
		return cp, "", fmt.Errorf("export: %s: %w", evlog.CheckpointKey(cp.Size), err)
	}
	return cp, vkey, nil
}

// writeBundle writes every file of the bundle into s.
func writeBundle(ctx context.Context, opt *Options, s sink, p *plan, ps *proofSet, created time.Time) (Result, error) {
	res := Result{Path: opt.Out, Created: created, Checkpoint: ps.cp}
	w, err := s.create(WACZFile, true)
	if err != nil {
		return res, err
	}
	if _, _, err := writeWACZ(ctx, opt, p, w, created); err != nil {
		return res, err
	}
	accs := collectAccounts(opt.Items)
	posts, saccs := signalInputs(opt.Items, accs)
	res.Signals = signals.Compute(posts, saccs)
	steps := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{ItemsJSONL, func(w io.Writer) error { return writeItemsJSONL(w, opt.Items) }},
		{ItemsCSV, func(w io.Writer) error { return writeItemsCSV(w, opt.Items) }},
		{AccountsCSV, func(w io.Writer) error { return writeAccountsCSV(w, accs, res.Signals) }},
		{ObservationsCSV, func(w io.Writer) error { return writeObservationsCSV(w, opt.Items) }},
		{RecordsCSV, func(w io.Writer) error { return writeRecordsCSV(w, p) }},
		{ReportFile, func(w io.Writer) error { return writeReport(w, opt, p, ps, accs, res.Signals, created) }},
		{VerifyFile, func(w io.Writer) error { return writeVerifyMD(w, opt, p, ps, created) }},
	}
	for _, st := range steps {
		if err := writeWith(s, st.name, st.fn); err != nil {
			return res, err
		}
	}
	if err := writeProofs(s, p, ps); err != nil {
		return res, err
	}
	if err := s.finish(); err != nil {
		return res, err
	}
	sums := formatSums(s.sums())
	if err := writeWhole(s, SumsFile, sums); err != nil {
		return res, err
	}
	if err := s.finish(); err != nil {
		return res, err
	}
	res.Files = len(s.sums())
	for _, wp := range p.warcs {
		for _, m := range wp.members {
			res.Records++
			res.WARCBytes += m.rec.Length
		}
	}
	res.Event = event(opt, p, sums)
	return res, nil
}

// event is the export event for the evidence log.
func event(opt *Options, p *plan, sums []byte) manifest.Export {
	ids := make([]string, len(opt.Items))
	for i, it := range opt.Items {
		ids[i] = it.ID
	}
	return manifest.Export{Bundle: filepath.Base(opt.Out), SHA256: hexSum(sha256Bytes(sums)),
		Items: ids, Captures: p.captureIDs(), Filter: opt.Filter}
}

func sha256Bytes(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

// EventManifest builds the manifest of kind "export" that records an
// export in the evidence log; mc describes the run (its Command should be
// "export"). It fails when the result does not make a valid manifest.
func EventManifest(ev manifest.Export, mc manifest.Context, started, finished time.Time) (*manifest.Manifest, []byte, error) {
	m := &manifest.Manifest{Version: manifest.Version, Kind: manifest.KindExport, Context: mc,
		Started: rfc3339(started), Finished: rfc3339(finished), Export: &ev}
	b, err := manifest.Marshal(m)
	if err != nil {
		return nil, nil, fmt.Errorf("export event: %w", err)
	}
	return m, b, nil
}
