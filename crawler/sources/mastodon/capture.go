package mastodon

import (
	"context"
	"net/url"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// status reports one timeline status, unless it does not carry tag or was
// reported already in this run (from another instance or tag spelling).
// Its public page, media and author's avatar are fetched for the capture.
func (r *run) status(ctx context.Context, inst Instance, tag string, st status, apiRecord string) {
	tags := normTags(st)
	if !crawler.HasTag(tags, tag) || r.seen[st.URI] {
		return
	}
	r.seen[st.URI] = true
	r.stats.Found++
	records := []string{apiRecord}
	if st.URL != "" {
		records = r.fetch(ctx, st.URL, records)
	}
	mediaURLs := []string{}
	for _, m := range st.Media {
		u := m.URL
		if u == "" {
			u = m.RemoteURL
		}
		if u != "" {
			mediaURLs = append(mediaURLs, u)
			records = r.fetch(ctx, u, records)
		}
	}
	host := hostOf(inst.URL)
	author := r.account(ctx, st.Account, host, apiRecord)
	id := Platform + ":" + st.URI
	r.sink.Item(manifest.Item{ID: id, Platform: Platform, Kind: "post", URL: firstNonEmpty(st.URL, st.URI),
		Tags: tags, Text: postText(st), CreatedAt: utc(st.CreatedAt), Author: author,
		Media: mediaURLs, Records: records})
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: r.stamp(), HTTPStatus: 200,
		ContentSHA256: postHash(st), Records: records})
	r.stats.Captured++
}

// account reports the author of a status once per run and returns its
// item id ("" when the account has neither url nor uri).
func (r *run) account(ctx context.Context, a account, host, apiRecord string) string {
	key := accountKey(a)
	if key == "" {
		return ""
	}
	id := Platform + ":" + key
	if r.accounts[id] {
		return id
	}
	r.accounts[id] = true
	records := []string{apiRecord}
	mediaURLs := []string{}
	if a.Avatar != "" {
		mediaURLs = append(mediaURLs, a.Avatar)
		records = r.fetch(ctx, a.Avatar, records)
	}
	r.sink.Item(manifest.Item{ID: id, Platform: Platform, Kind: "account", URL: key,
		Tags: []string{}, Text: htmlText(a.Note), Account: accountMeta(a, host),
		Media: mediaURLs, Records: records})
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: r.stamp(), HTTPStatus: 200,
		ContentSHA256: accountHash(a, host), Records: records})
	return id
}

// fetch GETs a page, media file or avatar for the capture and appends the
// record id to records whatever the status: a 404 for a media file is
// evidence too. An error status or no answer counts as a failed fetch.
func (r *run) fetch(ctx context.Context, u string, records []string) []string {
	ids, failed := crawler.FetchAll(ctx, r.f, u)
	r.stats.Failed += failed
	return append(records, ids...)
}

// stamp is the capture clock's time as an observation time.
func (r *run) stamp() string { return crawler.Stamp(r.now) }

// accountMeta is the public metadata of an account as the manifest keeps it.
func accountMeta(a account, host string) *manifest.Account {
	return &manifest.Account{Handle: fullHandle(a, host), DisplayName: a.DisplayName,
		CreatedAt: utc(a.CreatedAt), Followers: a.Followers, Following: a.Following,
		Posts: a.Statuses, AvatarURL: a.Avatar, DefaultAvatar: defaultAvatar(a.Avatar)}
}

// accountKey is the stable key of an account: its url, else its uri.
func accountKey(a account) string {
	return firstNonEmpty(a.URL, a.URI)
}

// normTags returns the status's hashtags, normalised, without repeats.
func normTags(st status) []string {
	out := []string{}
	for _, t := range st.Tags {
		n := crawler.NormalizeTag(t.Name)
		if n != "" && !crawler.HasTag(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// postText is a status's plain text, its content warning first.
func postText(st status) string {
	text := htmlText(st.Content)
	if st.SpoilerText != "" {
		return st.SpoilerText + "\n\n" + text
	}
	return text
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
