package verify

import (
	"context"
	"encoding/hex"
	"strings"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"golang.org/x/mod/sumdb/tlog"
)

// checkLog audits the evidence log (every checkpoint signature, the
// consistency of successive checkpoints, tiles, timestamps) and checks
// that every leaf is a stored manifest whose bytes hash to the leaf, and
// that every manifest is a leaf.
func (c *checker) checkLog(ctx context.Context) error {
	inLog := map[string]bool{}
	sum, err := evlog.Audit(ctx, c.s, c.opt.Origin, c.opt.Verifier, evlog.AuditOptions{
		CheckTokens: true,
		TSARoots:    c.opt.TSARoots,
		Leaf: func(i int64, sum [32]byte, h tlog.Hash) {
			c.checkLeaf(i, sum, h, inLog)
		},
	}, func(p evlog.Problem) { c.problem(p.Key, "%v", p.Err) })
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.problem(archive.PrefixLog, "cannot audit the evidence log: %v", err)
	}
	c.stats.Leaves, c.stats.Checkpoints = int(sum.Size), sum.Checkpoints
	if len(c.opt.Known) > 0 {
		if l, err := evlog.Open(ctx, c.s, c.opt.Origin, c.opt.Verifier); err != nil {
			c.problem(archive.PrefixLog, "cannot open the evidence log: %v", err)
		} else if err := l.CheckKnown(ctx, c.opt.Known); err != nil {
			c.problem(archive.PrefixCheckpoints, "%v", err)
		}
	}
	for s := range c.manifests {
		if !inLog[s] {
			c.problem(archive.PrefixManifests+s+".json", "manifest is not in the evidence log")
		}
	}
	return nil
}

func (c *checker) checkLeaf(i int64, sum [32]byte, h tlog.Hash, inLog map[string]bool) {
	hexSum := hex.EncodeToString(sum[:])
	inLog[hexSum] = true
	key := archive.ManifestKey(sum)
	b, ok := c.manifests[hexSum]
	if !ok {
		if _, stored := c.objects[key]; !stored {
			c.problem(key, "log leaf %d names this manifest, which is not in the store", i)
		}
		return // a stored but broken manifest was reported already
	}
	if tlog.RecordHash(b) != h {
		c.problem(key, "does not match the hash of log leaf %d", i)
	}
}

// checkOthers checks the published key and reports objects outside the
// storage layout.
func (c *checker) checkOthers(ctx context.Context) error {
	if c.opt.VKey != "" {
		pub, err := evlog.ReadPublishedKey(ctx, c.s, c.opt.Origin)
		switch {
		case err != nil:
			c.problem(archive.KeyName(c.opt.Origin), "published log key: %v", err)
		case pub != c.opt.VKey:
			c.problem(archive.KeyName(c.opt.Origin), "published log key %q is not this archive's key %q", pub, c.opt.VKey)
		}
	}
	for key := range c.objects {
		switch {
		case strings.HasPrefix(key, archive.PrefixWARC), strings.HasPrefix(key, archive.PrefixManifests),
			strings.HasPrefix(key, archive.PrefixLog), strings.HasPrefix(key, archive.PrefixKeys),
			strings.HasPrefix(key, archive.PrefixExports):
		default:
			c.problem(key, "object outside the afterimage layout")
		}
	}
	return ctx.Err()
}
