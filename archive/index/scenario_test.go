package index

import (
	"github.com/afterimage-archive/afterimage/archive/manifest"
)

const (
	postGone     = "mastodon:https://m.example/users/a/statuses/1"
	postEdited   = "mastodon:https://m.example/users/a/statuses/2"
	postBlip     = "bluesky:at://did:plc:b/app.bsky.feed.post/3"
	acctA        = "mastodon:https://m.example/users/a"
	acctB        = "bluesky:did:plc:b"
	pageWithheld = "web:https://news.example/story"
)

// scenario is a collection and three recheck runs over posts, accounts
// and a page, covering deletion, suspension, withholding, edits, a
// transient absence and rate limiting.
func scenario() []*manifest.Manifest {
	collect := newManifest("collect", "freeiran", hours(0))
	post(collect, postGone, "first post #FreeIran", acctA, hours(0), "freeiran")
	post(collect, postEdited, "second post", acctA, hours(0), "freeiran", "ایران")
	post(collect, postBlip, "bluesky post", acctB, hours(0), "ایران")
	account(collect, acctA, "a@m.example", 12, hours(0))
	account(collect, acctB, "b.bsky.social", 5000, hours(0))
	observe(collect, postEdited, manifest.StatusSeen, hours(0), 200, "", sum("v1"))

	news := newManifest("capture", "news", hours(0.5))
	page := record(news, "https://news.example/story", 200, hours(0.5))
	news.Items = append(news.Items, manifest.Item{ID: pageWithheld, Platform: "web", Kind: manifest.ItemPage,
		URL: "https://news.example/story", Text: "story", Records: []string{page}})

	r1 := newManifest("recheck", "freeiran", hours(1))
	observe(r1, postGone, manifest.StatusMissing, hours(1), 404, "Record not found", "")
	observe(r1, postEdited, manifest.StatusSeen, hours(1), 200, "", sum("v2"))
	observe(r1, postBlip, manifest.StatusMissing, hours(1), 200, "omitted from getPosts", "")
	observe(r1, acctA, manifest.StatusUnavailable, hours(1), 429, "rate limited", "")
	observe(r1, pageWithheld, manifest.StatusWithheld, hours(1), 451, "Unavailable For Legal Reasons", "")

	r2 := newManifest("recheck", "freeiran", hours(7))
	observe(r2, postGone, manifest.StatusMissing, hours(7), 404, "Record not found", "")
	observe(r2, postBlip, manifest.StatusSeen, hours(7), 200, "", "")
	observe(r2, acctA, manifest.StatusSuspended, hours(7), 404, "suspended: true", "")

	// A later collection lists the edited post again with new text.
	c2 := newManifest("collect", "freeiran", hours(8))
	post(c2, postEdited, "second post, edited", acctA, hours(8), "freeiran", "iran_regime_change")
	return []*manifest.Manifest{collect, news, r1, r2, c2}
}
