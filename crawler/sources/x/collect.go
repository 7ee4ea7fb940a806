package x

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// Fields requested from the API.
const (
	expansions  = "author_id,attachments.media_keys"
	tweetFields = "created_at,author_id,public_metrics,entities,lang,conversation_id,referenced_tweets,source,attachments,withheld,edit_history_tweet_ids"
	userFields  = "created_at,public_metrics,profile_image_url,description,verified,verified_type,protected,location,url,withheld"
	mediaFields = "url,preview_image_url,type"
)

// run is the state of one Collect call.
type run struct {
	s        *Source
	f        crawler.Fetcher
	sink     crawler.Sink
	now      func() time.Time
	stats    crawler.Stats
	read     int             // posts returned by the API in this run
	posts    map[string]bool // post ids already emitted
	accounts map[string]bool // account ids already emitted
}

// Collect implements crawler.Source: for every tag of job it pages
// through the recent search from the tag's cursor and records each post
// carrying the tag, its public page, media and author. It stops at
// Config.MaxPostsPerRun posts read and then returns an error wrapping
// ErrPostCap naming the tags not (fully) read. Errors of one tag do not
// stop the others, except ErrAuth.
func (s *Source) Collect(ctx context.Context, f crawler.Fetcher, job crawler.Job, sink crawler.Sink) (crawler.Stats, error) {
	if s.cfg.BearerToken == "" {
		return crawler.Stats{}, fmt.Errorf("%s %s: %w: no bearer token; set AFTERIMAGE_X_BEARER_TOKEN", Name, s.base, ErrAuth)
	}
	r := &run{s: s, f: f, sink: sink, now: job.Now, posts: map[string]bool{}, accounts: map[string]bool{}}
	if r.now == nil {
		r.now = s.cfg.Now
	}
	cur := crawler.CursorsOf(job.Cursors)
	var errs []error
	for i, tag := range job.Tags {
		if r.read >= s.cfg.MaxPostsPerRun {
			errs = append(errs, fmt.Errorf("%s %s: %w (%d): not searched: #%s", Name, s.base, ErrPostCap,
				s.cfg.MaxPostsPerRun, strings.Join(job.Tags[i:], ", #")))
			break
		}
		err := r.search(ctx, cur, crawler.NormalizeTag(tag))
		if err != nil {
			errs = append(errs, err)
		}
		if errors.Is(err, ErrAuth) || ctx.Err() != nil {
			break
		}
	}
	return r.stats, errors.Join(errs...)
}

// searchURL is one recent-search request.
func (s *Source) searchURL(tag, since, token string, remaining int) string {
	q := url.Values{}
	q.Set("query", "#"+strings.Join(crawler.TagSpellings(tag), " OR #"))
	q.Set("max_results", strconv.Itoa(min(max(remaining, 10), 100)))
	q.Set("expansions", expansions)
	q.Set("tweet.fields", tweetFields)
	q.Set("user.fields", userFields)
	q.Set("media.fields", mediaFields)
	if since != "" {
		q.Set("since_id", since)
	}
	if token != "" {
		q.Set("next_token", token)
	}
	return s.base + "/2/tweets/search/recent?" + q.Encode()
}

// apiRequest is an authenticated API request.
func (s *Source) apiRequest(u string) *crawler.Request {
	return &crawler.Request{URL: u, Header: http.Header{"Authorization": {"Bearer " + s.cfg.BearerToken}}}
}

// search pages through one tag.
func (r *run) search(ctx context.Context, cur crawler.Cursors, tag string) error {
	key := Name + "|" + r.s.base + "|" + tag
	since := cur.Get(key)
	newest, token, tokens := since, "", map[string]bool{}
	op := "search #" + tag
	for {
		if remaining := r.s.cfg.MaxPostsPerRun - r.read; remaining <= 0 {
			if newest != since {
				cur.Set(key, newest)
			}
			return fmt.Errorf("%s %s: %s: %w (%d): paging stopped after %d posts; older posts of #%s since id %q were not read",
				Name, r.s.base, op, ErrPostCap, r.s.cfg.MaxPostsPerRun, r.read, tag, since)
		}
		resp, err := r.f.Do(ctx, r.s.apiRequest(r.s.searchURL(tag, since, token, r.s.cfg.MaxPostsPerRun-r.read)))
		if err != nil {
			r.stats.Failed++
			return fmt.Errorf("%s %s: %s: %w", Name, r.s.base, op, err)
		}
		if resp.Status != http.StatusOK {
			r.stats.Failed++
			return r.s.statusError(op, resp)
		}
		a, err := parseAnswer(resp.Body)
		if err != nil {
			return r.s.malformed(op, err)
		}
		r.read += len(a.Data)
		r.page(ctx, a, tag, resp, &newest)
		next := a.Meta.NextToken
		if next == "" || len(a.Data) == 0 {
			break
		}
		if tokens[next] {
			return fmt.Errorf("%s %s: %s: %w: next_token %q repeated", Name, r.s.base, op, ErrPaginationLoop, next)
		}
		tokens[next], token = true, next
	}
	if newest != since {
		cur.Set(key, newest)
	}
	return nil
}

// page records the posts of one answer that carry tag.
func (r *run) page(ctx context.Context, a *answer[post], tag string, resp *crawler.Response, newest *string) {
	users := map[string]*user{}
	for i := range a.Includes.Users {
		users[a.Includes.Users[i].ID] = &a.Includes.Users[i]
	}
	byKey := map[string]media{}
	for _, m := range a.Includes.Media {
		byKey[m.MediaKey] = m
	}
	for i := range a.Data {
		p := &a.Data[i]
		if newerID(p.ID, *newest) {
			*newest = p.ID
		}
		if tags := p.tags(); crawler.HasTag(tags, tag) {
			r.post(ctx, p, tags, users[p.AuthorID], byKey, resp)
		}
	}
}

// post records one post with its public page, media and author.
func (r *run) post(ctx context.Context, p *post, tags []string, u *user, byKey map[string]media, resp *crawler.Response) {
	id := postID(p.ID)
	if r.posts[id] {
		return
	}
	r.posts[id] = true
	r.stats.Found++
	username, author := "", ""
	if u != nil {
		username = u.Username
	}
	if p.AuthorID != "" {
		author = accountID(p.AuthorID)
	}
	media := mediaURLs(p, byKey)
	text := html.UnescapeString(p.Text)
	records := []string{resp.RecordID}
	if r.s.pages {
		records = append(records, r.fetchAll(ctx, r.s.postURL(username, p.ID))...)
	}
	records = append(records, r.fetchAll(ctx, media...)...)
	if u != nil {
		r.account(ctx, u, resp)
	}
	r.sink.Item(manifest.Item{ID: id, Platform: Name, Kind: "post", URL: r.s.postURL(username, p.ID), Tags: tags,
		Text: text, CreatedAt: rfc3339(p.CreatedAt), Author: author, Media: media, Records: records})
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: crawler.Stamp(r.now), HTTPStatus: resp.Status,
		ContentSHA256: crawler.HashLines(text, media...), Records: records})
	r.stats.Captured++
}

// account records an author once per run.
func (r *run) account(ctx context.Context, u *user, resp *crawler.Response) {
	id := accountID(u.ID)
	if r.accounts[id] {
		return
	}
	r.accounts[id] = true
	records := []string{resp.RecordID}
	if u.ProfileImageURL != "" {
		records = append(records, r.fetchAll(ctx, u.ProfileImageURL)...)
	}
	r.sink.Item(accountItem(r.s, u, records))
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: crawler.Stamp(r.now), HTTPStatus: resp.Status,
		ContentSHA256: accountHash(u), Records: records})
}

// accountItem is the account item of u.
func accountItem(s *Source, u *user, records []string) manifest.Item {
	return manifest.Item{ID: accountID(u.ID), Platform: Name, Kind: "account", URL: s.profileURL(u.Username, u.ID),
		Tags: []string{}, Text: html.UnescapeString(u.Description), Media: []string{}, Records: records,
		Account: &manifest.Account{Handle: u.Username, DisplayName: u.Name, CreatedAt: rfc3339(u.CreatedAt),
			Followers: u.PublicMetrics.Followers, Following: u.PublicMetrics.Following, Posts: u.postCount(),
			AvatarURL: u.ProfileImageURL, DefaultAvatar: isDefaultAvatar(u.ProfileImageURL)}}
}

// accountHash is the content hash of an account.
func accountHash(u *user) string { return crawler.HashLines(u.Username, u.Name, u.ProfileImageURL) }

// fetchAll fetches urls for capture (see crawler.FetchAll) and returns
// the record ids obtained; failed fetches and error statuses are counted
// in Stats.Failed.
func (r *run) fetchAll(ctx context.Context, urls ...string) []string {
	ids, failed := crawler.FetchAll(ctx, r.f, urls...)
	r.stats.Failed += failed
	return ids
}
