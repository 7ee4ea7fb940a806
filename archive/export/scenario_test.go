package export

import (
	"fmt"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

const host = "https://mastodon.example"

type testPost struct {
	key, author, text string
	created           time.Time
}

type testAccount struct {
	key           string
	created       time.Time
	followers     int64
	defaultAvatar bool
}

var (
	testPosts = []testPost{
		{"101", "alice1", "Free Iran NOW! https://x.example/1", t0.Add(-10 * time.Minute)},
		{"102", "bob22", "free iran now! @someone@mastodon.example", t0.Add(-10*time.Minute + 30*time.Second)},
		{"103", "carol", "A report from the rally today #FreeIran", t0.Add(-9 * time.Minute)},
		{"104", "alice1", "ایران آزاد — a second post", t0.Add(-8 * time.Minute)},
		{"105", "dave", "an unrelated post that is not exported", t0.Add(-7 * time.Minute)},
	}
	testAccounts = []testAccount{
		{"alice1", time.Date(2017, 12, 5, 0, 0, 0, 0, time.UTC), 12, true},
		{"bob22", time.Date(2018, 1, 20, 0, 0, 0, 0, time.UTC), 40, false},
		{"carol", time.Date(2012, 5, 1, 0, 0, 0, 0, time.UTC), 5000, false},
		{"dave", time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC), 3, true},
	}
	// selectedIDs are the items the tests export (not post 105 nor dave).
	selectedIDs = []string{"mastodon:" + host + "/users/alice1/statuses/101", "mastodon:" + host + "/users/bob22/statuses/102",
		"mastodon:" + host + "/users/carol/statuses/103", "mastodon:" + host + "/users/alice1/statuses/104",
		"mastodon:" + host + "/users/alice1", "mastodon:" + host + "/users/bob22", "mastodon:" + host + "/users/carol"}
)

func postID(p testPost) string {
	return "mastodon:" + host + "/users/" + p.author + "/statuses/" + p.key
}
func accountID(a string) string { return "mastodon:" + host + "/users/" + a }

// buildCase makes three captures: a tag collection that sees five posts
// and four accounts, a recheck an hour later that finds post 101 gone
// and bob22 suspended, and a recheck a day later that confirms the
// deletion.
func buildCase(f *archiveFixture) {
	c := f.begin(t0, "collect")
	timeline := f.exchange(c, host+"/api/v1/timelines/tag/FreeIran?limit=40", 200, "application/json; charset=utf-8",
		[]byte(`[{"id":"101"},{"id":"102"},{"id":"103"},{"id":"104"},{"id":"105"}]`))
	for _, a := range testAccounts {
		rec := f.exchange(c, host+"/api/v1/accounts/lookup?acct="+a.key, 200, "application/json",
			[]byte(fmt.Sprintf(`{"username":%q,"created_at":%q,"followers_count":%d}`, a.key, a.created.Format(time.RFC3339), a.followers)))
		avatar := host + "/avatars/original/missing.png"
		if !a.defaultAvatar {
			avatar = host + "/system/accounts/avatars/" + a.key + ".png"
		}
		img := f.exchange(c, avatar, 200, "image/png", []byte("\x89PNG\r\n\x1a\nfake image of "+a.key))
		c.Item(manifest.Item{ID: accountID(a.key), Platform: "mastodon", Kind: "account", URL: host + "/@" + a.key,
			Tags: []string{}, Records: []string{rec, img}, Account: &manifest.Account{Handle: "@" + a.key + "@mastodon.example",
				DisplayName: a.key, CreatedAt: a.created.Format(time.RFC3339), Followers: a.followers, Following: 10, Posts: 50,
				AvatarURL: avatar, DefaultAvatar: a.defaultAvatar}})
		c.Observe(manifest.Observation{Item: accountID(a.key), Status: "seen", At: t0.Add(time.Second).Format(time.RFC3339Nano), HTTPStatus: 200, Records: []string{rec}})
	}
	for _, p := range testPosts {
		page := f.exchange(c, host+"/@"+p.author+"/"+p.key, 200, "text/html; charset=utf-8",
			[]byte("<html><body><p>"+p.text+"</p></body></html>"))
		c.Item(manifest.Item{ID: postID(p), Platform: "mastodon", Kind: "post", URL: host + "/@" + p.author + "/" + p.key,
			Tags: []string{"freeiran"}, Text: p.text, CreatedAt: p.created.Format(time.RFC3339), Author: accountID(p.author),
			Records: []string{timeline, page}})
		c.Observe(manifest.Observation{Item: postID(p), Status: "seen", At: t0.Add(2 * time.Second).Format(time.RFC3339Nano),
			HTTPStatus: 200, ContentSHA256: fmt.Sprintf("%064x", len(p.text)), Records: []string{page}})
	}
	f.seal(c)
	recheck(f, t0.Add(2*time.Hour), true)
	recheck(f, t0.Add(26*time.Hour), false)
}

// recheck looks at post 101 (gone), post 102 (there) and, the first
// time, bob22 (suspended).
func recheck(f *archiveFixture, at time.Time, first bool) {
	c := f.begin(at, "recheck")
	p1, p2 := testPosts[0], testPosts[1]
	gone := f.exchange(c, host+"/api/v1/statuses/"+p1.key, 404, "application/json", []byte(`{"error":"Record not found"}`))
	c.Observe(manifest.Observation{Item: postID(p1), Status: "missing", At: at.Format(time.RFC3339Nano), HTTPStatus: 404,
		Detail: "Record not found", Records: []string{gone}})
	seen := f.exchange(c, host+"/api/v1/statuses/"+p2.key, 200, "application/json", []byte(`{"id":"102","content":"<p>free iran now</p>"}`))
	c.Observe(manifest.Observation{Item: postID(p2), Status: "seen", At: at.Add(time.Second).Format(time.RFC3339Nano), HTTPStatus: 200,
		ContentSHA256: fmt.Sprintf("%064x", len(p2.text)), Records: []string{seen}})
	if first {
		susp := f.exchange(c, host+"/api/v1/accounts/lookup?acct=bob22", 410, "application/json", []byte(`{"error":"Account suspended"}`))
		c.Observe(manifest.Observation{Item: accountID("bob22"), Status: "suspended", At: at.Add(2 * time.Second).Format(time.RFC3339Nano),
			HTTPStatus: 410, Detail: "Account suspended", Records: []string{susp}})
	}
	f.seal(c)
}
