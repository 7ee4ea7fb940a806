package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler/sources/bluesky/blueskyfake"
	"github.com/afterimage-archive/afterimage/crawler/sources/mastodon/mastodonfake"
	"github.com/afterimage-archive/afterimage/crawler/sources/reddit/redditfake"
	"github.com/afterimage-archive/afterimage/crawler/sources/telegram/telegramfake"
	"github.com/afterimage-archive/afterimage/crawler/sources/x/xfake"
	"github.com/afterimage-archive/afterimage/schedules"
)

// platformFakes runs one fake of every platform, seeded with posts on
// #FreeIran and #ایران by a few accounts.
type platformFakes struct {
	masto     *mastodonfake.Server
	bsky      *blueskyfake.Server
	tg        *telegramfake.Server
	x         *xfake.Server
	rd        *redditfake.Server
	bskyPost  blueskyfake.Post
	mastoPost mastodonfake.Status
}

var fakeT0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func startFakes(t *testing.T) *platformFakes {
	t.Helper()
	f := &platformFakes{masto: mastodonfake.New(), bsky: blueskyfake.New(), tg: telegramfake.New(), x: xfake.New(), rd: redditfake.New()}
	t.Cleanup(func() { f.masto.Close(); f.bsky.Close(); f.tg.Close(); f.x.Close(); f.rd.Close() })

	f.masto.AddAccount(mastodonfake.Account{Username: "azadi", DisplayName: "Azadi", CreatedAt: fakeT0.AddDate(0, -2, 0), Followers: 12, DefaultAvatar: true})
	f.mastoPost = f.masto.AddStatus(mastodonfake.Status{Account: "azadi", Text: "Solidarity &amp; more #FreeIran", Media: 1, CreatedAt: fakeT0})
	f.masto.AddStatus(mastodonfake.Status{Account: "azadi", Text: "آزادی #ایران", CreatedAt: fakeT0.Add(time.Minute)})

	f.bsky.SetLogin("researcher.example", "app-pass")
	f.bsky.AddProfile(blueskyfake.Profile{Handle: "sara.bsky.social", DisplayName: "Sara", CreatedAt: fakeT0.AddDate(0, -3, 0), Followers: 40})
	f.bskyPost = f.bsky.AddPost(blueskyfake.Post{Author: "sara.bsky.social", Text: "Women life freedom #FreeIran", Images: 1, CreatedAt: fakeT0})

	f.tg.AddChannel(telegramfake.Channel{Name: "iran_news", Title: "Iran News", Subscribers: 5000, Photo: true})
	f.tg.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 101, Text: "Protest today #FreeIran", Date: fakeT0, Photos: 1})
	f.tg.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 102, Text: "Unrelated weather report", Date: fakeT0.Add(time.Hour)})

	f.x.AddUser(xfake.User{ID: "1001", Username: "freedom_now", Name: "Freedom Now", CreatedAt: fakeT0.AddDate(0, -1, 0), Followers: 3})
	f.x.AddPost(xfake.Post{ID: "9001", AuthorID: "1001", Text: "Stand with the people #FreeIran", CreatedAt: fakeT0, Photos: 1})

	f.rd.AddAccount(redditfake.Account{Name: "observer", ID: "a1", Created: fakeT0.AddDate(-1, 0, 0), LinkKarma: 10})
	f.rd.AddPost(redditfake.Post{ID: "p1", Subreddit: "iran", Author: "observer", Title: "Rally photos #FreeIran", Created: fakeT0, Image: true})
	return f
}

// config returns a config naming every fake, with data under dir.
func (f *platformFakes) config(dir string, extra string) string {
	return fmt.Sprintf(`data_dir: %[1]s/data
storage: {type: local, path: %[1]s/store}
log: {origin: test.afterimage/log}
network:
  allow_private_addresses: true
  timeout: 5s
  retries: 1
  max_retry_wait: 1s
platforms:
  mastodon: {instances: ["%[2]s"]}
  bluesky: {service: "%[3]s", appview: "%[3]s", web: "%[3]s"}
  telegram: {base_url: "%[4]s", channels: [iran_news]}
  x: {base_url: "%[5]s", web: "%[5]s", max_posts_per_run: 100}
  reddit: {base_url: "%[6]s", auth_url: "%[7]s", web: "%[6]s"}
targets:
  - name: freeiran
    hashtags: [FreeIran, "ایران"]
    platforms: [mastodon, bluesky, telegram, x, reddit]
    schedule: "*/30 * * * *"
%[8]s`, dir, f.masto.URL(), f.bsky.URL(), f.tg.URL(), f.x.URL(), f.rd.URL(), f.rd.TokenURL(), extra)
}

// env returns the platform secrets the fakes accept.
func (f *platformFakes) env(extra map[string]string) func(string) string {
	m := map[string]string{
		schedules.EnvBlueskyIdentifier: "researcher.example", schedules.EnvBlueskyAppPassword: "app-pass",
		schedules.EnvXBearerToken: xfake.BearerToken, schedules.EnvRedditClientID: redditfake.ClientID,
		schedules.EnvRedditClientSecret: redditfake.ClientSecret,
	}
	for k, v := range extra {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}
