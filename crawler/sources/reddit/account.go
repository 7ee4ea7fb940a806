package reddit

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// account records an author once per run from /user/<name>/about.
func (r *run) account(ctx context.Context, name string) {
	id := accountID(name)
	if r.accounts[id] {
		return
	}
	r.accounts[id] = true
	resp, err := r.f.Do(ctx, r.s.aboutRequest(r.token, name))
	if err != nil {
		r.stats.Failed++
		return
	}
	it := manifest.Item{ID: id, Platform: Name, Kind: "account", URL: r.s.profileURL(name), Tags: []string{},
		Media: []string{}, Records: []string{resp.RecordID}, Account: &manifest.Account{Handle: name}}
	o, a := r.s.decideAbout(resp)
	if o.Status == "unavailable" {
		r.stats.Failed++
	}
	if a != nil && !a.Data.IsSuspended {
		fillAccount(&it, a)
		if it.Account.AvatarURL != "" {
			it.Records = append(it.Records, r.fetchAll(ctx, it.Account.AvatarURL)...)
		}
	}
	o.Item, o.At, o.Records = id, crawler.Stamp(r.now), it.Records
	r.sink.Item(it)
	r.sink.Observe(o)
}

// aboutRequest is the API request for a user's about page.
func (s *Source) aboutRequest(token, name string) *crawler.Request {
	return s.apiRequest(token, "/user/"+url.PathEscape(name)+"/about", nil)
}

// decideAbout reads an about answer: seen with the account's hash,
// suspended, missing (404) or unavailable. It returns the parsed answer
// when there is one.
func (s *Source) decideAbout(resp *crawler.Response) (manifest.Observation, *about) {
	o := manifest.Observation{HTTPStatus: resp.Status}
	switch {
	case resp.Status == http.StatusNotFound:
		o.Status, o.Detail = "missing", redditWords(resp.Body)
		return o, nil
	case resp.Status != http.StatusOK:
		o.Status, o.Detail = "unavailable", strings.TrimSuffix(fmt.Sprintf("HTTP %d: %s", resp.Status, redditWords(resp.Body)), ": ")
		return o, nil
	}
	a, err := parseAbout(resp.Body)
	switch {
	case err != nil:
		o.Status, o.Detail = "unavailable", "malformed answer: "+err.Error()
	case a.Data.IsSuspended:
		o.Status, o.Detail = "suspended", "is_suspended"
	default:
		o.Status, o.ContentSHA256 = "seen", accountHash(a)
	}
	return o, a
}

// fillAccount copies an about answer into an account item.
func fillAccount(it *manifest.Item, a *about) {
	d := a.Data
	acc := it.Account
	acc.Handle, acc.CreatedAt = d.Name, unixTime(d.CreatedUTC)
	acc.AvatarURL = html.UnescapeString(d.IconImg)
	acc.DefaultAvatar = acc.AvatarURL == "" || strings.Contains(acc.AvatarURL, "avatar_default")
	if d.Subreddit != nil {
		acc.DisplayName, acc.Followers = d.Subreddit.Title, d.Subreddit.Subscribers
		it.Text = d.Subreddit.PublicDescription
	}
}

// accountHash is the content hash of an account.
func accountHash(a *about) string {
	title := ""
	if a.Data.Subreddit != nil {
		title = a.Data.Subreddit.Title
	}
	return crawler.HashLines(a.Data.Name, title, stripQuery(html.UnescapeString(a.Data.IconImg)))
}
