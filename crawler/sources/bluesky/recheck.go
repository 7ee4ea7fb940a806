package bluesky

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"golang.org/x/sync/errgroup"
)

// recheck is the state of one Recheck call.
type recheck struct {
	src   *Source
	f     crawler.Fetcher
	sink  crawler.Sink
	pages *errgroup.Group // page fetches and reports, Parallel at once
	mu    sync.Mutex
	prof  map[string]*profileEntry // did -> getProfile verdict
}

type profileEntry struct {
	once sync.Once
	res  verdict
}

// verdict is what the answers about one item say.
type verdict struct {
	status  string // seen, changed, missing, suspended, unavailable
	http    int
	detail  string
	hash    string
	records []string
}

// Recheck reads the items again from the public AppView, posts with
// getPosts and accounts with getProfiles, BatchSize at a time and
// Config.Parallel batches at once, and reports one observation per item
// (see the package comment). The only error is a cancelled context.
func (s *Source) Recheck(ctx context.Context, f crawler.Fetcher, items []crawler.ItemRef, sink crawler.Sink) error {
	rc := &recheck{src: s, f: f, sink: sink, prof: map[string]*profileEntry{}, pages: &errgroup.Group{}}
	rc.pages.SetLimit(s.cfg.Parallel)
	var posts, accounts []crawler.ItemRef
	for _, it := range items {
		key, _ := strings.CutPrefix(it.ID, Platform+":")
		switch {
		case strings.HasPrefix(it.ID, Platform+":at://") && len(strings.Split(key, "/")) == 5:
			posts = append(posts, it)
		case strings.HasPrefix(it.ID, Platform+":did:"):
			accounts = append(accounts, it)
		default:
			rc.emit(ctx, it, verdict{status: "unavailable", detail: "not a bluesky post or account id"})
		}
	}
	var g errgroup.Group
	g.SetLimit(s.cfg.Parallel)
	for _, b := range batches(posts) {
		g.Go(func() error { rc.postBatch(ctx, b); return nil })
	}
	for _, b := range batches(accounts) {
		g.Go(func() error { rc.accountBatch(ctx, b); return nil })
	}
	_ = g.Wait()
	_ = rc.pages.Wait()
	return ctx.Err()
}

func batches(items []crawler.ItemRef) [][]crawler.ItemRef {
	var out [][]crawler.ItemRef
	for len(items) > 0 {
		n := min(len(items), BatchSize)
		out = append(out, items[:n])
		items = items[n:]
	}
	return out
}

// postBatch checks up to BatchSize posts with one getPosts call.
func (rc *recheck) postBatch(ctx context.Context, batch []crawler.ItemRef) {
	q := url.Values{}
	for _, it := range batch {
		q.Add("uris", strings.TrimPrefix(it.ID, Platform+":"))
	}
	resp, err := rc.f.Do(ctx, publicGet(rc.src.cfg.AppView+"/xrpc/app.bsky.feed.getPosts?"+q.Encode()))
	var posts []postView
	if err == nil && resp.Status == http.StatusOK {
		posts, err = parsePosts(resp.Body)
		err = wrapMalformed(err)
	}
	found := map[string]postView{}
	for _, p := range posts {
		found[p.URI] = p
	}
	for _, it := range batch {
		uri := strings.TrimPrefix(it.ID, Platform+":")
		var v verdict
		switch p, ok := found[uri]; {
		case err != nil:
			v = verdict{status: "unavailable", detail: err.Error()}
			if resp != nil {
				v.http, v.records = resp.Status, []string{resp.RecordID}
			}
		case resp.Status != http.StatusOK:
			v = unavailable(verdict{http: resp.Status, records: []string{resp.RecordID}}, resp)
		case ok:
			v = seen(verdict{http: http.StatusOK, records: []string{resp.RecordID}}, postHash(p), it.ContentSHA256)
		default:
			v = rc.omitted(ctx, it, uri, resp.RecordID)
		}
		rc.emit(ctx, it, v)
	}
}

// omitted finds out why getPosts left a post out: the author's profile
// (suspended, deactivated, gone), else the post's thread ("Post not
// found"). Without a clearer answer the omission itself makes it missing.
func (rc *recheck) omitted(ctx context.Context, it crawler.ItemRef, uri, record string) verdict {
	v := verdict{status: "missing", http: http.StatusOK, detail: "not returned by getPosts", records: []string{record}}
	did := strings.Split(strings.TrimPrefix(uri, "at://"), "/")[0]
	pr := rc.profile(ctx, did)
	v.records = append(v.records, pr.records...)
	switch pr.status {
	case "suspended", "missing":
		v.status, v.http, v.detail = pr.status, pr.http, pr.detail
		return v
	case "unavailable":
		return v
	}
	q := url.Values{"uri": {uri}, "depth": {"0"}, "parentHeight": {"0"}}
	resp, err := rc.f.Do(ctx, publicGet(rc.src.cfg.AppView+"/xrpc/app.bsky.feed.getPostThread?"+q.Encode()))
	if err != nil {
		return v
	}
	v.records = append(v.records, resp.RecordID)
	switch resp.Status {
	case http.StatusOK:
		post, kind, err := parseThread(resp.Body)
		if err == nil && post != nil {
			return seen(verdict{http: http.StatusOK, records: v.records}, postHash(*post), it.ContentSHA256)
		}
		if err == nil && kind != "" {
			v.detail = kind
		}
	case http.StatusBadRequest:
		if e := parseError(resp.Body); e.Error == "NotFound" {
			v.http, v.detail = resp.Status, e.Message
		}
	}
	return v
}

// accountBatch checks up to BatchSize accounts with one getProfiles call,
// and each one left out with getProfile.
func (rc *recheck) accountBatch(ctx context.Context, batch []crawler.ItemRef) {
	dids := make([]string, len(batch))
	for i, it := range batch {
		dids[i] = strings.TrimPrefix(it.ID, Platform+":")
	}
	profiles, record, err := rc.src.getProfiles(ctx, rc.f, dids)
	found := map[string]profile{}
	for _, p := range profiles {
		found[p.DID] = p
	}
	for i, it := range batch {
		var v verdict
		switch p, ok := found[dids[i]]; {
		case err != nil:
			v = verdict{status: "unavailable", detail: err.Error()}
			if record != "" {
				v.records = []string{record}
			}
		case ok:
			v = seen(verdict{http: http.StatusOK, records: []string{record}}, profileHash(p), it.ContentSHA256)
		default:
			v = rc.profile(ctx, dids[i])
			v.records = append([]string{record}, v.records...)
			if v.status == "seen" {
				v = seen(v, v.hash, it.ContentSHA256)
			}
		}
		rc.emit(ctx, it, v)
	}
}

// profile reads one profile with getProfile, once per Recheck: 400
// AccountTakedown is suspended, AccountDeactivated and "Profile not found"
// are missing.
func (rc *recheck) profile(ctx context.Context, did string) verdict {
	rc.mu.Lock()
	e := rc.prof[did]
	if e == nil {
		e = &profileEntry{}
		rc.prof[did] = e
	}
	rc.mu.Unlock()
	e.once.Do(func() { e.res = rc.getProfile(ctx, did) })
	return e.res
}

func (rc *recheck) getProfile(ctx context.Context, did string) verdict {
	q := url.Values{"actor": {did}}
	resp, err := rc.f.Do(ctx, publicGet(rc.src.cfg.AppView+"/xrpc/app.bsky.actor.getProfile?"+q.Encode()))
	if err != nil {
		return verdict{status: "unavailable", detail: err.Error()}
	}
	v := verdict{http: resp.Status, records: []string{resp.RecordID}}
	e := parseError(resp.Body)
	switch {
	case resp.Status == http.StatusOK:
		p, err := parseProfile(resp.Body)
		if err != nil {
			v.status, v.detail = "unavailable", "malformed getProfile answer: "+err.Error()
			return v
		}
		v.status, v.hash = "seen", profileHash(p)
	case resp.Status == http.StatusBadRequest && e.Error == "AccountTakedown":
		v.status, v.detail = "suspended", e.Error
	case resp.Status == http.StatusBadRequest && e.Error == "AccountDeactivated":
		v.status, v.detail = "missing", e.Error
	case resp.Status == http.StatusBadRequest && strings.Contains(strings.ToLower(e.Message), "not found"):
		v.status, v.detail = "missing", e.Message
	default:
		v = unavailable(v, resp)
	}
	return v
}

// emit fetches the item's public page and reports the observation, in
// the background.
func (rc *recheck) emit(ctx context.Context, it crawler.ItemRef, v verdict) {
	rc.pages.Go(func() error {
		rc.report(ctx, it, v)
		return nil
	})
}

func (rc *recheck) report(ctx context.Context, it crawler.ItemRef, v verdict) {
	v.records = crawler.FetchPage(ctx, rc.f, v.records, it.URL)
	if v.records == nil {
		v.records = []string{}
	}
	rc.sink.Observe(manifest.Observation{Item: it.ID, Status: v.status,
		At: crawler.Stamp(rc.src.cfg.Now), HTTPStatus: v.http,
		ContentSHA256: v.hash, Detail: v.detail, Records: v.records})
}

// seen decides a live item: seen, or changed when its hash differs from
// before (see crawler.SeenStatus).
func seen(v verdict, hash, before string) verdict {
	v.status, v.hash = crawler.SeenStatus(hash, before), hash
	return v
}

// unavailable describes an answer that says nothing about the item.
func unavailable(v verdict, resp *crawler.Response) verdict {
	v.status = "unavailable"
	v.detail = said(resp)
	if resp.Status == http.StatusTooManyRequests {
		v.detail = fmt.Sprintf("rate limited (%s; RateLimit-Reset %s)", said(resp), resp.Header.Get("RateLimit-Reset"))
	}
	return v
}

func wrapMalformed(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %v", ErrMalformed, err)
}
