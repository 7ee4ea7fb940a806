package verify

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/sync/errgroup"
)

// Problem is one finding: the object concerned and what is wrong with it.
type Problem struct {
	Key  string
	What string
}

func (p Problem) String() string { return p.Key + ": " + p.What }

// Options configures a verification.
type Options struct {
	Origin   string        // the log's origin
	Verifier note.Verifier // the log's public key
	// VKey is the verifier key line; the copy published in the store under
	// keys/ must equal it.
	VKey string
	// TSARoots are the roots RFC 3161 tokens are checked against; nil
	// skips token chain checks (tokens are still parsed and matched).
	TSARoots *x509.CertPool
	// Known is the last checkpoint this machine saw, if any: the store must
	// not have gone back before it.
	Known []byte
	// Workers is the number of WARC files checked at once (default 2).
	Workers int
	// Progress, if set, is called with bytes checked so far and the total.
	Progress func(done, total int64)
}

// Stats counts what was checked.
type Stats struct {
	Objects, WARCs, Manifests, Records, Leaves, Checkpoints int
	Bytes                                                   int64
	Problems                                                int
}

// checker carries one run's state.
type checker struct {
	s       archive.Store
	opt     Options
	mu      sync.Mutex
	stats   Stats
	report  func(Problem)
	done    int64
	total   int64
	objects map[string]archive.Info
	// manifests by hex SHA-256, with their bytes (for leaf checks).
	manifests map[string][]byte
	// expected records per WARC key, by offset; complete once ready is
	// closed.
	expect map[string]map[int64]expected
	ready  chan struct{}
}

type expected struct {
	manifestKey string
	rec         manifest.Record
}

// Run checks everything in s and calls report (serialised) for each
// problem. It returns an error only if it could not run: the store could
// not be listed, or ctx ended.
func Run(ctx context.Context, s archive.Store, opt Options, report func(Problem)) (Stats, error) {
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	c := &checker{s: s, opt: opt, report: report, objects: map[string]archive.Info{},
		manifests: map[string][]byte{}, expect: map[string]map[int64]expected{}}
	if err := s.List(ctx, "", func(i archive.Info) error {
		c.objects[i.Key] = i
		c.total += i.Size
		return nil
	}); err != nil {
		return c.stats, fmt.Errorf("verify: list %s: %w", s.Describe(), err)
	}
	c.stats.Objects = len(c.objects)
	// Manifests are parsed while the WARCs are scanned: a WARC's records
	// are compared with their manifest entries once all are parsed.
	c.ready = make(chan struct{})
	var merr error
	go func() {
		defer close(c.ready)
		merr = c.checkManifests(ctx)
	}()
	werr := c.checkWARCs(ctx)
	<-c.ready
	if err := errors.Join(merr, werr); err != nil {
		return c.stats, err
	}
	for _, step := range []func(context.Context) error{c.checkLog, c.checkOthers} {
		if err := step(ctx); err != nil {
			return c.stats, err
		}
	}
	return c.stats, nil
}

func (c *checker) problem(key, format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Problems++
	c.report(Problem{Key: key, What: fmt.Sprintf(format, args...)})
}

func (c *checker) progress(n int64) {
	c.mu.Lock()
	c.done += n
	done, total := c.done, c.total
	c.mu.Unlock()
	if c.opt.Progress != nil {
		c.opt.Progress(done, total)
	}
}

func (c *checker) keys(prefix string) []string {
	var ks []string
	for k := range c.objects {
		if strings.HasPrefix(k, prefix) {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return ks
}

// readAll reads a small object and checks it against its content address,
// if it has one.
func (c *checker) readAll(ctx context.Context, key string, limit int64) ([]byte, bool) {
	rc, err := c.s.Open(ctx, key)
	if err != nil {
		c.problem(key, "cannot read: %v", err)
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		c.problem(key, "cannot read: %v", err)
		return nil, false
	}
	if int64(len(b)) > limit {
		c.problem(key, "larger than %d bytes", limit)
		return nil, false
	}
	c.progress(int64(len(b)))
	if want, ok := archive.ParseHashKey(key); ok {
		if got := sha256.Sum256(b); got != want {
			c.problem(key, "content SHA-256 is %s, not the %s its name says", hex.EncodeToString(got[:]), hex.EncodeToString(want[:]))
			return b, false
		}
	}
	return b, true
}

// checkManifests parses every manifest strictly and notes the records it
// expects in each WARC.
func (c *checker) checkManifests(ctx context.Context) error {
	for _, key := range c.keys(archive.PrefixManifests) {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, ok := c.readAll(ctx, key, 256<<20)
		if !ok {
			continue
		}
		c.stats.Manifests++
		m, err := manifest.Parse(b)
		if err != nil {
			c.problem(key, "not a valid manifest: %v", err)
			continue
		}
		sum := sha256.Sum256(b)
		c.manifests[hex.EncodeToString(sum[:])] = b
		c.noteRecords(key, m)
	}
	return nil
}

func (c *checker) noteRecords(key string, m *manifest.Manifest) {
	for _, w := range m.WARCs {
		if _, ok := c.objects[w.Key]; !ok {
			c.problem(key, "names WARC %s, which is not in the store", w.Key)
			continue
		}
		if c.objects[w.Key].Size != w.Size {
			c.problem(key, "says WARC %s has %d bytes; the store holds %d", w.Key, w.Size, c.objects[w.Key].Size)
		}
		if archive.WARCKey(mustHex(w.SHA256)) != w.Key {
			c.problem(key, "WARC key %s does not match its sha256 %s", w.Key, w.SHA256)
		}
	}
	for i, r := range m.Records {
		w := m.WARCs[r.WARC].Key
		if c.expect[w] == nil {
			c.expect[w] = map[int64]expected{}
		}
		if prev, dup := c.expect[w][r.Offset]; dup && prev.rec.SHA256 != r.SHA256 {
			c.problem(key, "records[%d] claims offset %d of %s, which %s describes differently", i, r.Offset, w, prev.manifestKey)
			continue
		}
		c.expect[w][r.Offset] = expected{manifestKey: key, rec: r}
	}
}

func mustHex(s string) [32]byte {
	sum, _ := archive.ParseHex(s)
	return sum
}

// checkWARCs re-hashes every WARC file and checks every record in it
// against the manifests that describe it.
func (c *checker) checkWARCs(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.opt.Workers)
	for _, key := range c.keys(archive.PrefixWARC) {
		g.Go(func() error { return c.checkWARC(gctx, key) })
	}
	if err := g.Wait(); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}
