package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/afterimage-archive/afterimage/archive/index"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/schedules"
)

// jobs implements schedules.Jobs on an opened archive: each call is one
// capture.
type jobs struct {
	a   *app
	w   *writer
	reg crawler.Registry
	idx *index.Index
}

var _ schedules.Jobs = (*jobs)(nil)

// openJobs opens the archive for writing (see openWriter) with the
// sources and an up-to-date index. Callers defer j.close().
func (a *app) openJobs(ctx context.Context) (*jobs, error) {
	reg, err := a.registry()
	if err != nil {
		return nil, err
	}
	w, err := a.openWriter(ctx)
	if err != nil {
		return nil, err
	}
	j, err := a.newJobs(ctx, w, reg)
	if err != nil {
		w.close()
		return nil, err
	}
	return j, nil
}

func (j *jobs) close() { j.w.close() }

func (a *app) newJobs(ctx context.Context, w *writer, reg crawler.Registry) (*jobs, error) {
	idx, err := a.openIndex(ctx)
	if err != nil {
		return nil, err
	}
	if err := w.syncIndex(ctx); err != nil {
		return nil, err
	}
	return &jobs{a: a, w: w, reg: reg, idx: idx}, nil
}

// Collect runs every platform of the target in one capture, platforms in
// parallel; a platform's failure is reported in its result and does not
// stop the others.
func (j *jobs) Collect(ctx context.Context, name string) (schedules.CollectResult, error) {
	t, ok := j.target(name)
	if !ok {
		return schedules.CollectResult{}, usagef("no target named %q in the config", name)
	}
	base, err := loadCursors(j.w.dataDir)
	if err != nil {
		return schedules.CollectResult{}, err
	}
	sess, err := j.a.captureEnv(j.w).Begin("collect", t.Name)
	if err != nil {
		return schedules.CollectResult{}, err
	}
	cur := &cursorView{base: base, Cursors: sess.Capture}
	platforms := t.Platforms
	if len(t.URLs) > 0 {
		platforms = append(append([]string(nil), platforms...), "web")
	}
	tags := make([]string, len(t.Hashtags))
	for i, h := range t.Hashtags {
		tags[i] = crawler.NormalizeTag(h)
	}
	sinks := map[string]*countSink{}
	results := map[string]schedules.PlatformResult{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, p := range platforms {
		src, ok := j.reg[p]
		if !ok {
			results[p] = schedules.PlatformResult{Err: fmt.Sprintf("platform %s is not configured", p)}
			continue
		}
		sink := &countSink{Sink: sess.Capture, items: map[string]string{}}
		sinks[p] = sink
		job := crawler.Job{Target: t.Name, Tags: tags, Cursors: cur, Now: j.a.now}
		if p == "web" {
			job.URLs, job.Depth = t.URLs, t.Depth
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := src.Collect(ctx, sess.Fetcher, job, sink)
			r := schedules.PlatformResult{Found: st.Found, Captured: st.Captured, Failed: st.Failed}
			if err != nil {
				r.Err = fmt.Sprintf("%s: %v", p, err)
			}
			mu.Lock()
			results[p] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	j.countNew(ctx, sinks, results)
	res, err := sess.Finish(context.WithoutCancel(ctx))
	if err != nil {
		return schedules.CollectResult{}, fmt.Errorf("store capture of %s: %w", t.Name, err)
	}
	return schedules.CollectResult{CaptureID: res.CaptureID, Bytes: res.WARCSize, Platforms: results,
		LogSize: res.Checkpoint.Size}, ctx.Err()
}

func (j *jobs) target(name string) (schedules.Target, bool) { return findTarget(j.a.cfg.Targets, name) }

func findTarget(ts []schedules.Target, name string) (schedules.Target, bool) {
	for _, t := range ts {
		if t.Name == name {
			return t, true
		}
	}
	return schedules.Target{}, false
}

// countNew counts, per platform, the posts and pages the index did not
// know before this capture.
func (j *jobs) countNew(ctx context.Context, sinks map[string]*countSink, results map[string]schedules.PlatformResult) {
	for p, s := range sinks {
		var ids []string
		for id, kind := range s.items {
			if kind != "account" {
				ids = append(ids, id)
			}
		}
		known := map[string]bool{}
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			views, err := j.idx.Items(ctx, index.Filter{IDs: chunk})
			if err != nil {
				break
			}
			for _, v := range views {
				known[v.ID] = true
			}
		}
		r := results[p]
		r.New = len(ids) - len(known)
		results[p] = r
	}
}

// Due lists item ids due for a recheck.
func (j *jobs) Due(ctx context.Context, now time.Time, limit int, after string) ([]string, string, error) {
	items, next, err := j.idx.DueForRecheck(ctx, index.DueQuery{Now: now, Plan: j.a.recheckPlan(), Limit: limit, After: after})
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids, next, nil
}

// Recheck looks at the items again, all in one capture, each platform's
// items through its source.
func (j *jobs) Recheck(ctx context.Context, ids []string) (schedules.CollectResult, error) {
	byPlatform := map[string][]crawler.ItemRef{}
	for start := 0; start < len(ids); start += 1000 {
		chunk := ids[start:min(start+1000, len(ids))]
		due, _, err := j.idx.DueForRecheck(ctx, index.DueQuery{Now: j.a.now(), All: true,
			Filter: index.Filter{IDs: chunk}, Limit: len(chunk)})
		if err != nil {
			return schedules.CollectResult{}, err
		}
		for _, d := range due {
			byPlatform[d.Platform] = append(byPlatform[d.Platform], crawler.ItemRef{ID: d.ID, Kind: d.Kind,
				URL: d.URL, Author: d.Author, ContentSHA256: d.ContentSHA256})
		}
	}
	sess, err := j.a.captureEnv(j.w).Begin("recheck", "")
	if err != nil {
		return schedules.CollectResult{}, err
	}
	results := map[string]schedules.PlatformResult{}
	platforms := make([]string, 0, len(byPlatform))
	for p := range byPlatform {
		platforms = append(platforms, p)
	}
	sort.Strings(platforms)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, p := range platforms {
		refs := byPlatform[p]
		src, ok := j.reg[p]
		if !ok {
			results[p] = schedules.PlatformResult{Found: len(refs), Err: fmt.Sprintf("platform %s is not configured; %d items not rechecked", p, len(refs))}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := src.Recheck(ctx, sess.Fetcher, refs, sess.Capture)
			r := schedules.PlatformResult{Found: len(refs), Captured: len(refs)}
			if err != nil {
				r.Err = fmt.Sprintf("%s: %v", p, err)
			}
			mu.Lock()
			results[p] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	res, err := sess.Finish(context.WithoutCancel(ctx))
	if err != nil {
		return schedules.CollectResult{}, fmt.Errorf("store recheck capture: %w", err)
	}
	return schedules.CollectResult{CaptureID: res.CaptureID, Bytes: res.WARCSize, Platforms: results,
		LogSize: res.Checkpoint.Size}, ctx.Err()
}

func (a *app) recheckPlan() index.RecheckPlan {
	r := a.cfg.Recheck
	p := index.RecheckPlan{Every: r.Every.Std()}
	for _, d := range r.Plan {
		p.After = append(p.After, d.Std())
	}
	return p
}

// countSink passes items on and notes their ids and kinds.
type countSink struct {
	crawler.Sink
	mu    sync.Mutex
	items map[string]string
}

func (s *countSink) Item(it manifest.Item) {
	s.mu.Lock()
	s.items[it.ID] = it.Kind
	s.mu.Unlock()
	s.Sink.Item(it)
}

// cursorView reads cursors committed by earlier captures and sets them in
// the current capture, where they take effect once it is stored.
type cursorView struct {
	base map[string]string
	crawler.Cursors
}

func (c *cursorView) Get(key string) string {
	if v := c.Cursors.Get(key); v != "" {
		return v
	}
	return c.base[key]
}

// platformErrors joins the platform errors of a result.
func platformErrors(r schedules.CollectResult) error {
	var errs []error
	for _, p := range sortedKeys(r.Platforms) {
		if e := r.Platforms[p].Err; e != "" {
			errs = append(errs, errors.New(e))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
