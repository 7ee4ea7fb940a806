package x

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// batchSize is the most ids /2/tweets and /2/users accept per call.
const batchSize = 100

// check is one item under recheck.
type check struct {
	ref      crawler.ItemRef
	id       string // post or user id
	page     string // public page URL
	o        manifest.Observation
	waitUser string // author id whose lookup decides an Authorization Error
}

// Recheck implements crawler.Source: posts through /2/tweets?ids= and
// accounts through /2/users?ids= (100 ids per call), plus each item's
// public page. It reports exactly one observation per item. The error
// wraps ErrAuth when the API refused the token (the items are then
// unavailable), or is the context's.
func (s *Source) Recheck(ctx context.Context, f crawler.Fetcher, items []crawler.ItemRef, sink crawler.Sink) error {
	var posts, users []*check
	var errs []error
	for _, it := range items {
		c := s.newCheck(it)
		switch {
		case c == nil:
			sink.Observe(s.decide(manifest.Observation{Item: it.ID, Records: []string{}}, "unavailable", "not an x item id"))
		case strings.HasPrefix(it.ID, Name+":user/"):
			users = append(users, c)
		default:
			posts = append(posts, c)
		}
	}
	for b := range batches(posts) {
		errs = append(errs, s.postBatch(ctx, f, b))
	}
	lookups := append([]*check{}, users...)
	for _, c := range posts {
		if c.waitUser != "" {
			lookups = append(lookups, c)
		}
	}
	for b := range batches(lookups) {
		errs = append(errs, s.userBatch(ctx, f, b))
	}
	s.fetchPages(ctx, f, append(posts, users...))
	for _, c := range append(posts, users...) {
		sink.Observe(c.o)
	}
	errs = append(errs, ctx.Err())
	return errors.Join(errs...)
}

// newCheck parses an item id, nil if it is not an X item.
func (s *Source) newCheck(it crawler.ItemRef) *check {
	key, ok := strings.CutPrefix(it.ID, Name+":")
	if !ok {
		return nil
	}
	c := &check{ref: it, o: manifest.Observation{Item: it.ID, Records: []string{}}, page: it.URL}
	if uid, ok := strings.CutPrefix(key, "user/"); ok {
		c.id = uid
		if c.page == "" {
			c.page = s.profileURL("", uid)
		}
	} else {
		c.id = key
		if c.page == "" {
			c.page = s.postURL("", key)
		}
	}
	if !validID(c.id) {
		return nil
	}
	return c
}

// batches splits checks into groups of batchSize.
func batches(cs []*check) func(func([]*check) bool) {
	return func(yield func([]*check) bool) {
		for i := 0; i < len(cs); i += batchSize {
			if !yield(cs[i:min(i+batchSize, len(cs))]) {
				return
			}
		}
	}
}

// lookup fetches one batch answer; on failure every check of cs is
// decided unavailable and ok is false (resp is the failed answer, nil if
// none came). The error is ErrAuth's.
func (s *Source) lookup(ctx context.Context, f crawler.Fetcher, path string, ids []string, cs []*check) (*crawler.Response, bool, error) {
	q := url.Values{}
	q.Set("ids", strings.Join(ids, ","))
	q.Set("user.fields", userFields)
	if path == "/2/tweets" {
		q.Set("expansions", expansions)
		q.Set("tweet.fields", tweetFields)
		q.Set("media.fields", mediaFields)
	}
	resp, err := f.Do(ctx, s.apiRequest(s.base+path+"?"+q.Encode()))
	if err != nil {
		s.decideAll(cs, nil, "unavailable", err.Error())
		return nil, false, nil
	}
	if resp.Status != http.StatusOK {
		words := apiWords(resp.Body)
		s.decideAll(cs, resp, "unavailable", strings.TrimSuffix(fmt.Sprintf("HTTP %d: %s", resp.Status, words), ": "))
		if resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden {
			return resp, false, s.statusError("lookup "+path, resp)
		}
		return resp, false, nil
	}
	return resp, true, nil
}

// decideAll gives every check the same outcome.
func (s *Source) decideAll(cs []*check, resp *crawler.Response, status, detail string) {
	for _, c := range cs {
		if resp != nil {
			c.o.HTTPStatus, c.o.Records = resp.Status, append(c.o.Records, resp.RecordID)
		}
		c.o = s.decide(c.o, status, detail)
	}
}

// postBatch decides up to 100 posts from one /2/tweets answer.
func (s *Source) postBatch(ctx context.Context, f crawler.Fetcher, cs []*check) error {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.id
	}
	resp, ok, err := s.lookup(ctx, f, "/2/tweets", ids, cs)
	if !ok {
		return err
	}
	a, perr := parseAnswer(resp.Body)
	if perr != nil {
		s.decideAll(cs, resp, "unavailable", "malformed answer: "+perr.Error())
		return nil
	}
	data := map[string]*post{}
	for i := range a.Data {
		data[a.Data[i].ID] = &a.Data[i]
	}
	byKey := map[string]media{}
	for _, m := range a.Includes.Media {
		byKey[m.MediaKey] = m
	}
	probs := problemsByID(a.Errors)
	for _, c := range cs {
		c.o.HTTPStatus, c.o.Records = resp.Status, append(c.o.Records, resp.RecordID)
		if p := data[c.id]; p != nil {
			s.decidePost(c, p, byKey)
		} else {
			s.decidePostError(c, probs[c.id])
		}
	}
	return nil
}

// decidePost decides a post present in data.
func (s *Source) decidePost(c *check, p *post, byKey map[string]media) {
	if p.Withheld != nil {
		c.o = s.decide(c.o, "withheld", withheldDetail(p.Withheld))
		return
	}
	c.o = s.seen(c.o, crawler.HashLines(html.UnescapeString(p.Text), mediaURLs(p, byKey)...), c.ref.ContentSHA256)
}

// decidePostError decides a post absent from data from its error object.
func (s *Source) decidePostError(c *check, e *problem) {
	switch {
	case e == nil:
		c.o = s.decide(c.o, "unavailable", "absent from answer")
	case e.Title == "Not Found Error" || strings.HasPrefix(e.Detail, "Could not find"):
		c.o = s.decide(c.o, "missing", e.Detail)
	case e.Title == "Authorization Error":
		c.o = s.decide(c.o, "suspended", e.Detail)
		if uid, ok := strings.CutPrefix(c.ref.Author, Name+":user/"); ok && validID(uid) {
			c.waitUser = uid
		}
	default:
		c.o = s.decide(c.o, "unavailable", strings.Trim(e.Title+": "+e.Detail, ": "))
	}
}

// problemsByID indexes error objects by the id they are about.
func problemsByID(ps []problem) map[string]*problem {
	out := map[string]*problem{}
	for i := range ps {
		id := ps[i].ResourceID
		if id == "" {
			id = ps[i].Value
		}
		out[id] = &ps[i]
	}
	return out
}

// fetchPages captures the public page of every check, concurrently, and
// adds its record to the observation.
func (s *Source) fetchPages(ctx context.Context, f crawler.Fetcher, cs []*check) {
	if !s.pages {
		return
	}
	crawler.Parallel(s.cfg.Workers, cs, func(c *check) {
		c.o.Records = crawler.FetchPage(ctx, f, c.o.Records, c.page)
	})
}

// seen reports a live item, "changed" when its hash differs from prev
// (see crawler.DecideSeen).
func (s *Source) seen(o manifest.Observation, hash, prev string) manifest.Observation {
	return crawler.DecideSeen(o, s.cfg.Now, hash, prev)
}

// decide sets an observation's outcome and time (see crawler.Decide).
func (s *Source) decide(o manifest.Observation, status, detail string) manifest.Observation {
	return crawler.Decide(o, s.cfg.Now, status, detail)
}
