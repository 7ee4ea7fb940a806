package verify

import (
	"context"
	"encoding/hex"
	"strings"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"golang.org/x/mod/sumdb/tlog"
)

// checkLog audits the evidence log (signatures, consistency, tiles,
// timestamps) and checks that every leaf is a stored manifest whose bytes
// hash to the leaf, and every manifest is a leaf.
func (c *checker) checkLog(ctx context.Context) error {
	evlog.Audit(ctx, c.s, c.opt.Origin, c.opt.Verifier, c.opt.TSARoots, func(p evlog.Problem) {
		c.problem(p.Key, "%v", p.Err)
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	l, err := evlog.Open(ctx, c.s, c.opt.Origin, c.opt.Verifier)
	if err != nil {
		c.problem(archive.PrefixLog, "cannot open the evidence log: %v", err)
		return nil
	}
	if len(c.opt.Known) > 0 {
		if err := l.CheckKnown(ctx, c.opt.Known); err != nil {
			c.problem(archive.PrefixCheckpoints, "%v", err)
		}
	}
	c.stats.Leaves = int(l.Size())
	cps, err := l.Checkpoints(ctx)
	if err == nil {
		c.stats.Checkpoints = len(cps)
	}
	inLog := map[string]bool{}
	for i := int64(0); i < l.Size(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.checkLeaf(ctx, l, i, inLog)
	}
	for sum := range c.manifests {
		if !inLog[sum] {
			c.problem(archive.PrefixManifests+sum+".json", "manifest is not in the evidence log")
		}
	}
	return nil
}

func (c *checker) checkLeaf(ctx context.Context, l *evlog.Log, i int64, inLog map[string]bool) {
	sum, err := l.LeafSHA256(ctx, i)
	if err != nil {
		c.problem(archive.PrefixLog, "leaf %d: %v", i, err)
		return
	}
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
	h, err := l.LeafHash(ctx, i)
	if err != nil {
		c.problem(archive.PrefixLog, "leaf %d: %v", i, err)
		return
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
