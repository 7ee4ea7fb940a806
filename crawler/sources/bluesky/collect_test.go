package bluesky

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/bluesky/blueskyfake"
)

func TestCollectPagesAndReportsEverything(t *testing.T) {
	fk := newFake(t)
	made := posts(fk, "alice.bsky.social", "Free #FreeIran now", 150, epoch.Add(-time.Hour), 1)
	posts(fk, "bob.bsky.social", "hello #FreeIran", 2, epoch.Add(-2*time.Hour), 0)
	posts(fk, "bob.bsky.social", "other #topic", 3, epoch.Add(-time.Hour), 0)
	r := collect(t, newSource(fk), crawlertest.Cursors{}, "#freeiran")
	if r.err != nil {
		t.Fatal(r.err)
	}
	if n := len(r.sink.OfKind("post")); n != 152 || r.stats.Found != 152 || r.stats.Captured != 152 || r.stats.Failed != 0 {
		t.Fatalf("posts %d stats %+v", n, r.stats)
	}
	if n := r.f.count("searchPosts"); n != 2 || r.f.count("getProfiles") != 2 || fk.Sessions() != 1 {
		t.Fatalf("search %d, profiles %d, sessions %d", n, r.f.count("getProfiles"), fk.Sessions())
	}
	newest := r.item(t, "bluesky:"+made[149].URI)
	if newest.URL != fk.URL()+"/profile/alice.bsky.social/post/"+made[149].RKey || newest.Author != "bluesky:"+made[0].URI[5:37] ||
		len(newest.Media) != 1 || len(newest.Records) != 3 || !slices.Equal(newest.Tags, []string{"freeiran"}) ||
		newest.CreatedAt != "2026-03-01T11:02:29Z" || newest.Text != "Free #FreeIran now (149)" {
		t.Fatalf("post %+v", newest)
	}
	alice := r.item(t, newest.Author).Account
	if alice.Handle != "alice.bsky.social" || alice.CreatedAt != "2017-12-20T15:04:05Z" || alice.Followers != 12 ||
		alice.Following != 300 || alice.Posts != 4000 || alice.DefaultAvatar || alice.AvatarURL == "" {
		t.Fatalf("alice %+v", alice)
	}
	for _, a := range r.sink.OfKind("account") {
		if a.Account.Handle == "bob.bsky.social" && (!a.Account.DefaultAvatar || a.Account.AvatarURL != "") {
			t.Fatalf("bob %+v", a.Account)
		}
	}
	if len(r.sink.Observations) != 154 {
		t.Fatalf("observations %d", len(r.sink.Observations))
	}
}

func TestCollectKeepsSecretsOutOfTheRecord(t *testing.T) {
	fk := newFake(t)
	posts(fk, "alice.bsky.social", "#x", 1, epoch, 0)
	r := collect(t, newSource(fk), crawlertest.Cursors{}, "x")
	if r.err != nil {
		t.Fatal(r.err)
	}
	for _, q := range r.f.reqs {
		switch {
		case strings.Contains(q.URL, "createSession"):
			if !q.SecretBody || q.Method != "POST" || !strings.Contains(string(q.Body), password) {
				t.Fatalf("login request %+v", q)
			}
		case strings.Contains(q.URL, "searchPosts"):
			if !strings.HasPrefix(q.Header.Get("Authorization"), "Bearer ") || q.SecretBody {
				t.Fatalf("search request %+v", q)
			}
		default:
			if q.Header.Get("Authorization") != "" || q.SecretBody || len(q.Body) != 0 {
				t.Fatalf("public request carries secrets: %+v", q)
			}
		}
	}
}

func TestCollectTextAsWritten(t *testing.T) {
	fk := newFake(t)
	text := "Tom &amp; Jerry <3 \"quoted\" #FreeIran"
	p := fk.AddPost(blueskyfake.Post{Author: "bob.bsky.social", Text: text, CreatedAt: epoch})
	r := collect(t, newSource(fk), crawlertest.Cursors{}, "freeiran")
	if got := r.item(t, "bluesky:"+p.URI).Text; got != text {
		t.Fatalf("text %q: Bluesky text is plain and kept as written", got)
	}
}

func TestCollectPersianArabicAndRecordTags(t *testing.T) {
	fk := newFake(t)
	persian := fk.AddPost(blueskyfake.Post{Author: "alice.bsky.social", Text: "آزادی #ایران", CreatedAt: epoch})
	arabic := fk.AddPost(blueskyfake.Post{Author: "bob.bsky.social", Text: "حرية #ايران", CreatedAt: epoch.Add(time.Second)})
	extra := fk.AddPost(blueskyfake.Post{Author: "bob.bsky.social", Text: "no tag in text", Tags: []string{"ایران"}, CreatedAt: epoch})
	fk.AddPost(blueskyfake.Post{Author: "bob.bsky.social", Text: "#عراق", CreatedAt: epoch})
	cur := crawlertest.Cursors{}
	r := collect(t, newSource(fk), cur, "ايران")
	if r.err != nil {
		t.Fatal(r.err)
	}
	var ids []string
	for _, p := range r.sink.OfKind("post") {
		ids = append(ids, strings.TrimPrefix(p.ID, "bluesky:"))
		if !slices.Equal(p.Tags, []string{"ایران"}) {
			t.Fatalf("tags %q", p.Tags)
		}
	}
	slices.Sort(ids)
	want := []string{persian.URI, arabic.URI, extra.URI}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("posts %q, want %q", ids, want)
	}
	if cur[cursorKey(fk.URL(), "ایران")] == "" || cur[cursorKey(fk.URL(), "ايران")] == "" {
		t.Fatalf("cursors %v", cur)
	}
}

func TestCollectTwiceFetchesOnlyWhatIsNew(t *testing.T) {
	fk := newFake(t)
	posts(fk, "alice.bsky.social", "#FreeIran old", 120, epoch.Add(-time.Hour), 0)
	// Two posts at the same instant: the mark must keep both uris.
	same := fk.AddPost(blueskyfake.Post{Author: "bob.bsky.social", Text: "#FreeIran tie", CreatedAt: epoch})
	src, cur := newSource(fk), crawlertest.Cursors{}
	if r := collect(t, src, cur, "freeiran"); r.err != nil || len(r.sink.OfKind("post")) != 121 {
		t.Fatalf("first run: %v %d", r.err, len(r.sink.OfKind("post")))
	}
	if m := cur[cursorKey(fk.URL(), "freeiran")]; m != "2026-03-01T12:00:00Z "+same.URI {
		t.Fatalf("mark %q", m)
	}
	tie := fk.AddPost(blueskyfake.Post{Author: "alice.bsky.social", Text: "#FreeIran tie two", CreatedAt: epoch})
	later := fk.AddPost(blueskyfake.Post{Author: "alice.bsky.social", Text: "#FreeIran new", CreatedAt: epoch.Add(time.Minute)})
	r := collect(t, src, cur, "freeiran")
	if r.err != nil {
		t.Fatal(r.err)
	}
	var got []string
	for _, p := range r.sink.OfKind("post") {
		got = append(got, p.ID)
	}
	if !slices.Equal(got, []string{"bluesky:" + later.URI, "bluesky:" + tie.URI}) {
		t.Fatalf("second run posts %q", got)
	}
	if r.f.count("searchPosts") != 1 || r.f.count("since=2026-03-01T12%3A00%3A00Z") != 1 {
		t.Fatalf("second run requests %q", r.f.Requests())
	}
	if r3 := collect(t, src, cur, "freeiran"); r3.err != nil || len(r3.sink.Items) != 0 {
		t.Fatalf("third run: %v %d", r3.err, len(r3.sink.Items))
	}
}

func TestCollectEmpty(t *testing.T) {
	fk := newFake(t)
	r := collect(t, newSource(fk), crawlertest.Cursors{}, "nothing")
	if r.err != nil || len(r.sink.Items) != 0 || r.stats.Found != 0 {
		t.Fatalf("%v %+v", r.err, r.stats)
	}
}

func TestCollectRecreatesAnExpiredSessionOnce(t *testing.T) {
	fk := newFake(t)
	posts(fk, "alice.bsky.social", "#x", 150, epoch.Add(-time.Hour), 0)
	src := newSource(fk)
	// Expire the session after the first page: the fake is told between
	// requests by a fetcher hook.
	r := result{sink: &crawlertest.Sink{}}
	f := &expiring{spy: spy{Fetcher: &crawlertest.Fetcher{}}, fk: fk}
	r.stats, r.err = src.Collect(t.Context(), f, jobFor("x"), r.sink)
	if r.err != nil || len(r.sink.Items) != 151 || fk.Sessions() != 2 {
		t.Fatalf("%v items %d sessions %d", r.err, len(r.sink.Items), fk.Sessions())
	}
}

func TestCollectErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*blueskyfake.Server, *Config)
		want  error
		text  []string
	}{
		{"wrong password", func(f *blueskyfake.Server, c *Config) { c.AppPassword = "nope" }, ErrAuth,
			[]string{"createSession", "AuthenticationRequired: Invalid identifier or password", "AFTERIMAGE_BLUESKY_APP_PASSWORD"}},
		{"no credentials", func(f *blueskyfake.Server, c *Config) { c.Identifier = "" }, ErrAuth,
			[]string{"AFTERIMAGE_BLUESKY_IDENTIFIER"}},
		{"429", func(f *blueskyfake.Server, c *Config) { f.RateLimit(2) }, ErrRateLimited,
			[]string{"429 RateLimitExceeded", "RateLimit-Reset 1772366700"}},
		{"503", func(f *blueskyfake.Server, c *Config) { f.FailNext(2, 503) }, ErrServer, []string{"503"}},
		{"loop", func(f *blueskyfake.Server, c *Config) { f.SetLoopPagination(true) }, ErrPaginationLoop, []string{"cursor \"1\" repeats"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fk := newFake(t)
			posts(fk, "alice.bsky.social", "#FreeIran", 150, epoch.Add(-time.Hour), 0)
			cfg := Config{Service: fk.URL(), AppView: fk.URL(), WebURL: fk.URL(), Identifier: login, AppPassword: password}
			tc.setup(fk, &cfg)
			cur := crawlertest.Cursors{}
			r := collect(t, New(cfg), cur, "FreeIran")
			if !errors.Is(r.err, tc.want) {
				t.Fatalf("error %v, want %v", r.err, tc.want)
			}
			for _, s := range tc.text {
				if !strings.Contains(r.err.Error(), s) || !strings.Contains(r.err.Error(), "bluesky "+fk.URL()) {
					t.Fatalf("error %q lacks %q", r.err, s)
				}
			}
			if len(cur) != 0 {
				t.Fatalf("cursor moved after a failure: %v", cur)
			}
		})
	}
}

func TestCollectMalformed(t *testing.T) {
	fk := newFake(t)
	posts(fk, "alice.bsky.social", "#FreeIran", 3, epoch, 0)
	fk.MalformNext(1)
	r := collect(t, newSource(fk), crawlertest.Cursors{}, "FreeIran")
	if !errors.Is(r.err, ErrMalformed) || !strings.Contains(r.err.Error(), "searchPosts #freeiran") {
		t.Fatalf("%v", r.err)
	}
}
