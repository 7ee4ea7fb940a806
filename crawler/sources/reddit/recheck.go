package reddit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// batchSize is the most fullnames /api/info takes per call.
const batchSize = 100

// check is one item under recheck.
type check struct {
	ref  crawler.ItemRef
	key  string // fullname (t3_...) or user name
	page string // public page URL
	user bool   // an account item
	o    manifest.Observation
}

// Recheck implements crawler.Source: posts through /api/info (100
// fullnames per call), accounts through /user/<name>/about, and each
// item's public page. It reports exactly one observation per item. The
// error wraps ErrAuth when the token was refused (the items are then
// unavailable), or is the context's.
func (s *Source) Recheck(ctx context.Context, f crawler.Fetcher, items []crawler.ItemRef, sink crawler.Sink) error {
	posts, users := s.classify(items, sink)
	all := append(append([]*check{}, posts...), users...)
	token, err := s.token(ctx, f)
	if err != nil {
		for _, c := range all {
			sink.Observe(s.decide(c.o, "unavailable", err.Error()))
		}
		if errors.Is(err, ErrAuth) {
			return err
		}
		return ctx.Err()
	}
	var errs []error
	for i := 0; i < len(posts); i += batchSize {
		errs = append(errs, s.infoBatch(ctx, f, token, posts[i:min(i+batchSize, len(posts))]))
	}
	crawler.Parallel(s.cfg.Workers, all, func(c *check) {
		if c.user {
			s.recheckUser(ctx, f, token, c)
		}
		if s.pages {
			c.o.Records = crawler.FetchPage(ctx, f, c.o.Records, c.page)
		}
	})
	for _, c := range all {
		sink.Observe(c.o)
	}
	return errors.Join(append(errs, ctx.Err())...)
}

// classify splits items into posts and accounts; any other id is
// reported unavailable at once.
func (s *Source) classify(items []crawler.ItemRef, sink crawler.Sink) (posts, users []*check) {
	for _, it := range items {
		c := &check{ref: it, page: it.URL, o: manifest.Observation{Item: it.ID, Records: []string{}}}
		key, mine := strings.CutPrefix(it.ID, Name+":")
		name, isUser := strings.CutPrefix(key, "u/")
		id, isPost := strings.CutPrefix(key, "t3_")
		switch {
		case mine && isUser && name != "":
			c.key, c.user = name, true
			users = append(users, c)
		case mine && isPost && validID(id):
			c.key = key
			if c.page == "" {
				c.page = s.web + "/comments/" + id + "/"
			}
			posts = append(posts, c)
		default:
			sink.Observe(s.decide(c.o, "unavailable", "not a reddit item id"))
		}
	}
	return posts, users
}

// infoBatch decides up to 100 posts from one /api/info answer. The error
// wraps ErrAuth when the token was refused.
func (s *Source) infoBatch(ctx context.Context, f crawler.Fetcher, token string, cs []*check) error {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.key
	}
	resp, err := f.Do(ctx, s.apiRequest(token, "/api/info", url.Values{"id": {strings.Join(ids, ",")}}))
	if err != nil {
		s.decideAll(cs, nil, "unavailable", err.Error())
		return nil
	}
	if resp.Status != http.StatusOK {
		s.decideAll(cs, resp, "unavailable", strings.TrimSuffix(fmt.Sprintf("HTTP %d: %s", resp.Status, redditWords(resp.Body)), ": "))
		if resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden {
			return s.statusError("/api/info", resp)
		}
		return nil
	}
	l, err := parseListing(resp.Body)
	if err != nil {
		s.decideAll(cs, resp, "unavailable", "malformed answer: "+err.Error())
		return nil
	}
	byName := map[string]*link{}
	for i := range l.Data.Children {
		byName[l.Data.Children[i].Data.Name] = &l.Data.Children[i].Data
	}
	for _, c := range cs {
		c.o.HTTPStatus, c.o.Records = resp.Status, append(c.o.Records, resp.RecordID)
		s.decidePost(c, byName[c.key])
	}
	return nil
}

// decidePost decides a post from its /api/info entry (nil if absent).
func (s *Source) decidePost(c *check, p *link) {
	if p == nil {
		c.o = s.decide(c.o, "missing", "absent from /api/info")
		return
	}
	if p.Permalink != "" && c.ref.URL == "" {
		c.page = s.web + p.Permalink
	}
	if status, detail := p.removal(); status != "" {
		c.o = s.decide(c.o, status, detail)
		return
	}
	c.o = s.seen(c.o, p.hash(), c.ref.ContentSHA256)
	if p.Author == "[deleted]" {
		c.o.Detail = "author [deleted]"
	}
}

// recheckUser decides an account from its about answer.
func (s *Source) recheckUser(ctx context.Context, f crawler.Fetcher, token string, c *check) {
	if c.page == "" {
		c.page = s.profileURL(c.key)
	}
	resp, err := f.Do(ctx, s.aboutRequest(token, c.key))
	if err != nil {
		c.o = s.decide(c.o, "unavailable", err.Error())
		return
	}
	o, _ := s.decideAbout(resp)
	c.o.HTTPStatus, c.o.Records = resp.Status, append(c.o.Records, resp.RecordID)
	if o.Status == "seen" {
		c.o = s.seen(c.o, o.ContentSHA256, c.ref.ContentSHA256)
		return
	}
	c.o = s.decide(c.o, o.Status, o.Detail)
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

// seen reports a live item, "changed" when its hash differs from prev
// (see crawler.DecideSeen).
func (s *Source) seen(o manifest.Observation, hash, prev string) manifest.Observation {
	return crawler.DecideSeen(o, s.cfg.Now, hash, prev)
}

// decide sets an observation's outcome and time (see crawler.Decide).
func (s *Source) decide(o manifest.Observation, status, detail string) manifest.Observation {
	return crawler.Decide(o, s.cfg.Now, status, detail)
}
