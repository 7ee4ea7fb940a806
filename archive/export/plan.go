package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// maxManifest bounds the size of a manifest read from the store.
const maxManifest = 1 << 30

// capture is one capture the export uses: its manifest as stored.
type capture struct {
	id       string
	raw      []byte
	m        *manifest.Manifest
	byID     map[string]int   // record id -> index in m.Records
	requests map[string][]int // record id -> records whose ConcurrentTo names it
	// evidence maps an item id to the records the manifest lists it with
	// or observes it by.
	evidence map[string][]string
	logIndex int64
}

// record is one selected WARC record and, once copied, where it lies in
// the bundle.
type record struct {
	c     *capture
	rec   *manifest.Record
	items []string // ids of the exported items it backs, "" entries excluded
	// Set while copying:
	file   string    // WARC name inside the WACZ's archive/
	offset int64     // of its gzip member in that file
	date   time.Time // WARC-Date
}

// warcPlan is one stored WARC and the records to copy from it.
type warcPlan struct {
	key     string
	sha     string
	size    int64
	whole   bool      // copy the whole file (--full, or every record selected)
	members []*record // by offset
	name    string    // file name inside the WACZ's archive/
}

// plan is what the export copies and writes.
type plan struct {
	captures  []*capture // by log index
	byCapture map[string]*capture
	warcs     []*warcPlan
	records   map[*manifest.Record]*record
	byItem    map[string][]*record // item id -> its records, in capture then file order
}

// loadCapture reads, checks and parses a manifest from the store. A
// missing manifest fails with archive.ErrNotFound, altered bytes with
// archive.ErrCorrupt, both naming the key.
func loadCapture(ctx context.Context, s archive.Store, id string) (*capture, error) {
	sum, err := archive.ParseHex(id)
	if err != nil {
		return nil, fmt.Errorf("export: capture id: %w", err)
	}
	key := archive.ManifestKey(sum)
	rc, err := s.Open(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("export: read %s: %w", key, err)
	}
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, maxManifest))
	if err != nil {
		return nil, fmt.Errorf("export: read %s: %w", key, err)
	}
	if sha256.Sum256(raw) != sum {
		return nil, fmt.Errorf("export: %s: %w", key, archive.ErrCorrupt)
	}
	// The bytes are the ones the log holds (their SHA-256 names them and
	// is a leaf), and were parsed strictly when stored; a plain decode
	// and Validate suffice here. VerifyBundle parses strictly.
	var m manifest.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("export: %s: %w", key, err)
	}
	if m.Version != manifest.Version {
		return nil, fmt.Errorf("export: %s: manifest version %d, this afterimage reads %d", key, m.Version, manifest.Version)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("export: %s: %w", key, err)
	}
	c := &capture{id: id, raw: raw, m: &m, byID: map[string]int{}, requests: map[string][]int{}, evidence: map[string][]string{}}
	for i, r := range m.Records {
		c.byID[r.ID] = i
		if r.ConcurrentTo != "" {
			c.requests[r.ConcurrentTo] = append(c.requests[r.ConcurrentTo], i)
		}
	}
	for _, it := range m.Items {
		c.evidence[it.ID] = append(c.evidence[it.ID], it.Records...)
	}
	for _, o := range m.Observations {
		c.evidence[o.Item] = append(c.evidence[o.Item], o.Records...)
	}
	return c, nil
}

// planner builds a plan.
type planner struct {
	ctx context.Context
	opt *Options
	p   *plan
	// want maps capture -> record index -> item ids it backs.
	want map[*capture]map[int]map[string]bool
}

// buildPlan loads the manifests of every capture the items name and
// selects the records to export.
func buildPlan(ctx context.Context, opt *Options) (*plan, error) {
	pl := &planner{ctx: ctx, opt: opt, want: map[*capture]map[int]map[string]bool{},
		p: &plan{byCapture: map[string]*capture{}, records: map[*manifest.Record]*record{}, byItem: map[string][]*record{}}}
	for i := range opt.Items {
		if err := pl.selectItem(&opt.Items[i]); err != nil {
			return nil, err
		}
	}
	for _, c := range pl.p.captures {
		pl.closeOver(c)
	}
	if err := pl.layout(); err != nil {
		return nil, err
	}
	return pl.p, nil
}

// capture returns the loaded capture id, loading it on first use.
func (pl *planner) capture(id string) (*capture, error) {
	if c, ok := pl.p.byCapture[id]; ok {
		return c, nil
	}
	c, err := loadCapture(pl.ctx, pl.opt.Store, id)
	if err != nil {
		return nil, err
	}
	sum, _ := archive.ParseHex(id)
	idx, ok, err := pl.opt.Log.Contains(pl.ctx, sum)
	if err != nil {
		return nil, fmt.Errorf("export: capture %s: %w", id, err)
	}
	if !ok {
		return nil, fmt.Errorf("export: capture %s is not in the evidence log (checkpoint %d)", id, pl.opt.Log.Size())
	}
	c.logIndex = idx
	pl.p.byCapture[id] = c
	pl.p.captures = append(pl.p.captures, c)
	pl.want[c] = map[int]map[string]bool{}
	return c, nil
}

// mark selects record id of c as evidence of item.
func (pl *planner) mark(c *capture, id, item string) error {
	i, ok := c.byID[id]
	if !ok {
		return fmt.Errorf("export: item %s: capture %s has no record %s", item, c.id, id)
	}
	if pl.want[c][i] == nil {
		pl.want[c][i] = map[string]bool{}
	}
	if item != "" {
		pl.want[c][i][item] = true
	}
	return nil
}

// selectItem selects the records that back one item: those its captures
// list with it or observe it by (and its author by), those its
// observations name, and its extra record references.
func (pl *planner) selectItem(it *Item) error {
	ids := map[string]bool{it.ID: true}
	if it.Author != nil && it.Author.ID != "" {
		ids[it.Author.ID] = true
	}
	for _, cid := range itemCaptures(it) {
		c, err := pl.capture(cid)
		if err != nil {
			return err
		}
		for id := range ids {
			for _, r := range c.evidence[id] {
				if err := pl.mark(c, r, it.ID); err != nil {
					return err
				}
			}
		}
	}
	return pl.selectNamed(it)
}

// selectNamed selects the records the item's observations and record
// references name.
func (pl *planner) selectNamed(it *Item) error {
	var refs []RecordRef
	for _, o := range it.Observations {
		for _, r := range o.Records {
			refs = append(refs, RecordRef{Capture: o.Capture, Record: r})
		}
	}
	for _, ref := range append(refs, it.Records...) {
		c, err := pl.capture(ref.Capture)
		if err != nil {
			return err
		}
		if err := pl.mark(c, ref.Record, it.ID); err != nil {
			return err
		}
	}
	return nil
}

// itemCaptures returns the capture ids an item names, in order, once.
func itemCaptures(it *Item) []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, c := range it.Captures {
		add(c)
	}
	for _, o := range it.Observations {
		add(o.Capture)
	}
	for _, r := range it.Records {
		add(r.Capture)
	}
	return out
}

// closeOver adds, for the selected records of c, their concurrent records
// (a response's request and back) and the warcinfo record of each WARC
// they are in; in --full mode every record of c.
func (pl *planner) closeOver(c *capture) {
	w := pl.want[c]
	var sel []int
	for i := range w {
		sel = append(sel, i)
	}
	add := func(i int, items map[string]bool) {
		if w[i] == nil {
			w[i] = map[string]bool{}
		}
		for it := range items {
			w[i][it] = true
		}
	}
	warcs := map[int]bool{}
	for _, i := range sel {
		r := c.m.Records[i]
		warcs[r.WARC] = true
		if j, ok := c.byID[r.ConcurrentTo]; ok {
			add(j, w[i])
		}
		for _, j := range c.requests[r.ID] {
			add(j, w[i])
		}
	}
	for i, r := range c.m.Records {
		if pl.opt.Full || (r.Type == "warcinfo" && warcs[r.WARC]) {
			add(i, nil)
		}
	}
}

// layout groups the selected records by stored WARC, in file order, and
// lists each item's records.
func (pl *planner) layout() error {
	p := pl.p
	sort.Slice(p.captures, func(i, j int) bool { return p.captures[i].logIndex < p.captures[j].logIndex })
	byKey := map[string]*warcPlan{}
	for _, c := range p.captures {
		for i := range c.m.Records {
			items, ok := pl.want[c][i]
			if !ok {
				continue
			}
			r := &c.m.Records[i]
			w := c.m.WARCs[r.WARC]
			wp := byKey[w.Key]
			if wp == nil {
				wp = &warcPlan{key: w.Key, sha: w.SHA256, size: w.Size}
				byKey[w.Key] = wp
				p.warcs = append(p.warcs, wp)
			}
			sr := &record{c: c, rec: r, items: sortedSet(items)}
			p.records[r] = sr
			wp.members = append(wp.members, sr)
			for _, it := range sr.items {
				p.byItem[it] = append(p.byItem[it], sr)
			}
		}
	}
	for _, wp := range p.warcs {
		if err := wp.arrange(pl.opt.Full, pl.total(wp.key)); err != nil {
			return err
		}
	}
	return nil
}

// total counts the records all loaded manifests list in the WARC key.
func (pl *planner) total(key string) int {
	n := 0
	for _, c := range pl.p.captures {
		for _, r := range c.m.Records {
			if c.m.WARCs[r.WARC].Key == key {
				n++
			}
		}
	}
	return n
}

// arrange sorts the members by offset, refuses overlapping members, and
// names the file: a whole copy keeps the stored name (<sha256>.warc.gz,
// which its bytes still hash to); a selection is <sha256>.selected.warc.gz.
func (wp *warcPlan) arrange(full bool, total int) error {
	sort.Slice(wp.members, func(i, j int) bool { return wp.members[i].rec.Offset < wp.members[j].rec.Offset })
	end := int64(0)
	for _, m := range wp.members {
		if m.rec.Offset < end || m.rec.Offset+m.rec.Length > wp.size {
			return fmt.Errorf("export: %s: record %s at %d+%d overlaps another or runs past the file (%d bytes): %w",
				wp.key, m.rec.ID, m.rec.Offset, m.rec.Length, wp.size, archive.ErrCorrupt)
		}
		end = m.rec.Offset + m.rec.Length
	}
	wp.whole = full || len(wp.members) == total
	wp.name = wp.sha + ".warc.gz"
	if !wp.whole {
		wp.name = wp.sha + ".selected.warc.gz"
	}
	return nil
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// captureIDs returns the ids of the captures used, in log order.
func (p *plan) captureIDs() []string {
	out := make([]string, len(p.captures))
	for i, c := range p.captures {
		out[i] = c.id
	}
	return out
}

// hexSum formats a SHA-256 in lowercase hex.
func hexSum(b []byte) string { return hex.EncodeToString(b) }
