package bluesky

import (
	"context"
	"net/http"
	"net/url"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// loadProfiles fetches the detailed profiles of the authors of posts not
// fetched yet in this run, BatchSize at a time, from the public AppView.
// A failed batch is recorded in r.errs; its authors are described from the
// search result.
func (r *run) loadProfiles(ctx context.Context, posts []postView) {
	var dids []string
	for _, p := range posts {
		if _, ok := r.profiles[p.Author.DID]; !ok && !contains(dids, p.Author.DID) {
			dids = append(dids, p.Author.DID)
		}
	}
	for len(dids) > 0 {
		n := min(len(dids), BatchSize)
		batch := dids[:n]
		dids = dids[n:]
		profiles, record, err := r.src.getProfiles(ctx, r.f, batch)
		if err != nil {
			r.stats.Failed++
			r.errs = append(r.errs, err)
			continue
		}
		for _, p := range profiles {
			r.profiles[p.DID] = fetched{p: p, record: record}
		}
	}
}

// getProfiles asks the AppView for up to BatchSize profiles.
func (s *Source) getProfiles(ctx context.Context, f crawler.Fetcher, dids []string) ([]profile, string, error) {
	const op = "getProfiles"
	q := url.Values{"actors": dids}
	resp, err := f.Do(ctx, publicGet(s.cfg.AppView+"/xrpc/app.bsky.actor.getProfiles?"+q.Encode()))
	if err != nil {
		return nil, "", wrap(s.cfg.AppView, op, err)
	}
	if resp.Status != http.StatusOK {
		return nil, resp.RecordID, answerError(s.cfg.AppView, op, resp)
	}
	profiles, err := parseProfiles(resp.Body)
	if err != nil {
		return nil, resp.RecordID, malformed(s.cfg.AppView, op, err)
	}
	return profiles, resp.RecordID, nil
}

// post reports one post with its page, images and author.
func (r *run) post(ctx context.Context, p postView, searchRecord string) {
	r.stats.Found++
	records := r.fetch(ctx, r.src.postPage(p), []string{searchRecord})
	media := p.images()
	for _, u := range media {
		records = r.fetch(ctx, u, records)
	}
	author := r.account(ctx, p.Author, searchRecord)
	id := Platform + ":" + p.URI
	created := utc(p.Record.CreatedAt)
	if created == "" {
		created = utc(p.IndexedAt)
	}
	r.sink.Item(manifest.Item{ID: id, Platform: Platform, Kind: "post", URL: r.src.postPage(p),
		Tags: p.tags(), Text: p.Record.Text, CreatedAt: created, Author: author,
		Media: media, Records: records})
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: r.stamp(), HTTPStatus: http.StatusOK,
		ContentSHA256: postHash(p), Records: records})
	r.stats.Captured++
}

// account reports a post's author once per run, from its detailed profile
// when the AppView gave one, else from the search result's author view.
func (r *run) account(ctx context.Context, basic profile, searchRecord string) string {
	id := Platform + ":" + basic.DID
	if r.accounts[id] {
		return id
	}
	r.accounts[id] = true
	p, record := basic, searchRecord
	if got, ok := r.profiles[basic.DID]; ok {
		p, record = got.p, got.record
	}
	records, media := []string{record}, []string{}
	if p.Avatar != "" {
		media = append(media, p.Avatar)
		records = r.fetch(ctx, p.Avatar, records)
	}
	r.sink.Item(manifest.Item{ID: id, Platform: Platform, Kind: "account", URL: r.src.profilePage(p),
		Tags: []string{}, Text: p.Description, Account: accountMeta(p), Media: media, Records: records})
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: r.stamp(), HTTPStatus: http.StatusOK,
		ContentSHA256: profileHash(p), Records: records})
	return id
}

// fetch GETs a page, image or avatar for the capture and appends the
// record id to records whatever the status: a 404 for an image is
// evidence too. An error status or no answer counts as a failed fetch.
func (r *run) fetch(ctx context.Context, u string, records []string) []string {
	ids, failed := crawler.FetchAll(ctx, r.f, u)
	r.stats.Failed += failed
	return append(records, ids...)
}

// stamp is the capture clock's time as an observation time.
func (r *run) stamp() string { return crawler.Stamp(r.now) }

// accountMeta is the public metadata of an account as the manifest keeps it.
func accountMeta(p profile) *manifest.Account {
	return &manifest.Account{Handle: p.Handle, DisplayName: p.DisplayName, CreatedAt: utc(p.CreatedAt),
		Followers: p.Followers, Following: p.Follows, Posts: p.Posts, AvatarURL: p.Avatar,
		DefaultAvatar: p.Avatar == ""}
}

// postPage is a post's public page: WebURL/profile/<handle>/post/<rkey>,
// with the DID when the handle is broken.
func (s *Source) postPage(p postView) string {
	return s.profilePage(p.Author) + "/post/" + url.PathEscape(p.rkey())
}

// profilePage is an account's public page: WebURL/profile/<handle>.
func (s *Source) profilePage(p profile) string {
	actor := p.Handle
	if actor == "" || actor == "handle.invalid" {
		actor = p.DID
	}
	return s.cfg.WebURL + "/profile/" + url.PathEscape(actor)
}

// publicGet is an unauthenticated GET of the AppView.
func publicGet(u string) *crawler.Request {
	return &crawler.Request{URL: u, Header: http.Header{"Accept": {"application/json"}}}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
