package mastodon

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/mastodon/mastodonfake"
)

func TestCollectPagesAndReportsEverything(t *testing.T) {
	fk := newFake(t)
	post(fk, "alice", "Free #FreeIran now", 50, epoch.Add(-time.Hour), 1)
	post(fk, "bob", "other #topic", 3, epoch.Add(-time.Hour), 0)
	src := New(Config{Instances: []Instance{{URL: fk.URL() + "/"}}})
	r := collect(t, src, crawlertest.Cursors{}, "#freeiran")
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := len(r.sink.OfKind("post")); got != 50 || r.stats.Found != 50 || r.stats.Captured != 50 || r.stats.Failed != 0 {
		t.Fatalf("posts %d, stats %+v", got, r.stats)
	}
	// 40 + 10 + an empty third page.
	if n := r.f.Count("/api/v1/timelines/tag/freeiran"); n != 3 {
		t.Fatalf("timeline requests %d: %q", n, r.f.Requests())
	}
	if len(r.sink.OfKind("account")) != 1 {
		t.Fatalf("accounts: %+v", r.sink.OfKind("account"))
	}
	p := r.sink.OfKind("post")[0]
	if !strings.HasPrefix(p.ID, "mastodon:"+fk.URL()+"/users/alice/statuses/") || p.Author != "mastodon:"+fk.URL()+"/@alice" {
		t.Fatalf("post ids: %+v", p)
	}
	if len(p.Records) != 3 || len(p.Media) != 1 || p.URL == "" || !slices.Equal(p.Tags, []string{"freeiran"}) {
		t.Fatalf("post evidence: %+v", p)
	}
	if p.CreatedAt != "2026-03-01T11:00:49Z" || p.Text != "Free #FreeIran now (49)" {
		t.Fatalf("newest first: %q %q", p.CreatedAt, p.Text)
	}
	a := r.sink.OfKind("account")[0].Account
	if a.Handle != "alice@"+fk.Host() || a.CreatedAt != "2017-12-20T00:00:00Z" || a.Followers != 12 ||
		a.Following != 300 || a.Posts != 4000 || a.DefaultAvatar || a.DisplayName != "Alice & Co" {
		t.Fatalf("account: %+v", a)
	}
	if len(r.sink.Observations) != 51 || r.sink.Observations[0].Status != "seen" || len(r.sink.Observations[0].ContentSHA256) != 64 {
		t.Fatalf("observations: %d %+v", len(r.sink.Observations), r.sink.Observations[0])
	}
}

func TestCollectHTMLEntitiesAndDefaultAvatar(t *testing.T) {
	fk := newFake(t)
	fk.AddStatus(mastodonfake.Status{Account: "bob", Text: "Tom & Jerry <3 \"quoted\" it's #FreeIran\nline two\n\nnext para",
		SpoilerText: "cw", CreatedAt: epoch})
	r := collect(t, New(Config{Instances: []Instance{{URL: fk.URL()}}}), crawlertest.Cursors{}, "FreeIran")
	if r.err != nil {
		t.Fatal(r.err)
	}
	p := r.sink.OfKind("post")[0]
	want := "cw\n\nTom & Jerry <3 \"quoted\" it's #FreeIran\nline two\n\nnext para"
	if p.Text != want {
		t.Fatalf("text %q, want %q", p.Text, want)
	}
	if a := r.sink.OfKind("account")[0].Account; !a.DefaultAvatar {
		t.Fatalf("bob has the default avatar: %+v", a)
	}
}

func TestCollectTwiceFetchesOnlyWhatIsNew(t *testing.T) {
	fk := newFake(t)
	post(fk, "alice", "#FreeIran first", 45, epoch.Add(-time.Hour), 1)
	src := New(Config{Instances: []Instance{{URL: fk.URL()}}})
	cur := crawlertest.Cursors{}
	if r := collect(t, src, cur, "freeiran"); r.err != nil || len(r.sink.OfKind("post")) != 45 {
		t.Fatalf("first run: %v %d", r.err, len(r.sink.OfKind("post")))
	}
	if cur[cursorKey(fk.URL(), "freeiran")] == "" {
		t.Fatalf("no cursor: %v", cur)
	}
	fresh := post(fk, "bob", "#FreeIran second", 2, epoch, 0)
	r := collect(t, src, cur, "freeiran")
	if r.err != nil {
		t.Fatal(r.err)
	}
	posts := r.sink.OfKind("post")
	if len(posts) != 2 || posts[0].ID != "mastodon:"+fresh[1].URI || posts[1].ID != "mastodon:"+fresh[0].URI {
		t.Fatalf("second run posts: %+v", posts)
	}
	// One timeline page, two status pages, one avatar.
	if got := r.f.Requests(); len(got) != 4 {
		t.Fatalf("second run requests: %q", got)
	}
	if r3 := collect(t, src, cur, "freeiran"); r3.err != nil || len(r3.sink.Items) != 0 || len(r3.f.Requests()) != 1 {
		t.Fatalf("third run: %v %d %q", r3.err, len(r3.sink.Items), r3.f.Requests())
	}
}

func TestCollectComparesIDsAsNumbers(t *testing.T) {
	fk := newFake(t)
	fk.AddStatus(mastodonfake.Status{Account: "alice", Text: "#n a", ID: "99", CreatedAt: epoch})
	src := New(Config{Instances: []Instance{{URL: fk.URL()}}})
	cur := crawlertest.Cursors{}
	collect(t, src, cur, "n")
	fk.AddStatus(mastodonfake.Status{Account: "alice", Text: "#n b", ID: "100", CreatedAt: epoch})
	r := collect(t, src, cur, "n")
	// As strings "100" < "99" and the new status would be taken for old.
	if len(r.sink.OfKind("post")) != 1 || cur[cursorKey(fk.URL(), "n")] != "100" {
		t.Fatalf("items %d cursor %q", len(r.sink.OfKind("post")), cur[cursorKey(fk.URL(), "n")])
	}
}

func TestCollectEmptyAndUnknownTags(t *testing.T) {
	for _, docs := range []bool{false, true} {
		fk := newFake(t)
		fk.SetUnknownTag404(docs)
		r := collect(t, New(Config{Instances: []Instance{{URL: fk.URL()}}}), crawlertest.Cursors{}, "nothinghere")
		if r.err != nil || len(r.sink.Items) != 0 || r.stats.Found != 0 {
			t.Fatalf("404 form %v: %v %+v", docs, r.err, r.stats)
		}
	}
}

func TestCollectPersianAndArabicSpellings(t *testing.T) {
	fk := newFake(t)
	persian := fk.AddStatus(mastodonfake.Status{Account: "alice", Text: "آزادی #ایران", CreatedAt: epoch})
	arabic := fk.AddStatus(mastodonfake.Status{Account: "bob", Text: "حرية #ايران", CreatedAt: epoch.Add(time.Second)})
	fk.AddStatus(mastodonfake.Status{Account: "bob", Text: "#عراق", CreatedAt: epoch})
	cur := crawlertest.Cursors{}
	r := collect(t, New(Config{Instances: []Instance{{URL: fk.URL()}}}), cur, "ايران")
	if r.err != nil {
		t.Fatal(r.err)
	}
	var ids []string
	for _, p := range r.sink.OfKind("post") {
		ids = append(ids, p.ID)
		if !slices.Equal(p.Tags, []string{"ایران"}) {
			t.Fatalf("tags %q", p.Tags)
		}
	}
	slices.Sort(ids)
	want := []string{"mastodon:" + persian.URI, "mastodon:" + arabic.URI}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("posts %q, want %q", ids, want)
	}
	if cur[cursorKey(fk.URL(), "ایران")] == "" || cur[cursorKey(fk.URL(), "ايران")] == "" {
		t.Fatalf("cursors %v", cur)
	}
}

func TestCollectDeduplicatesAcrossInstances(t *testing.T) {
	a, b := newFake(t), newFake(t)
	st := a.AddStatus(mastodonfake.Status{Account: "alice", Text: "#FreeIran shared", Media: 1, CreatedAt: epoch})
	if _, err := b.Federate(a, st.ID); err != nil {
		t.Fatal(err)
	}
	b.AddStatus(mastodonfake.Status{Account: "bob", Text: "#FreeIran local to b", CreatedAt: epoch})
	src := New(Config{Instances: []Instance{{URL: b.URL()}, {URL: a.URL()}}})
	r := collect(t, src, crawlertest.Cursors{}, "freeiran")
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.sink.OfKind("post")) != 2 || len(r.sink.OfKind("account")) != 2 || r.stats.Found != 2 {
		t.Fatalf("posts %d accounts %d stats %+v", len(r.sink.OfKind("post")), len(r.sink.OfKind("account")), r.stats)
	}
	shared := r.item(t, "mastodon:"+st.URI)
	if shared.Author != "mastodon:"+a.URL()+"/@alice" || !strings.HasPrefix(shared.Media[0], b.URL()) {
		t.Fatalf("shared post as seen on b: %+v", shared)
	}
	if acc := r.item(t, shared.Author).Account; acc.Handle != "alice@"+a.Host() {
		t.Fatalf("remote handle %q", acc.Handle)
	}
}

func TestCollectErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*mastodonfake.Server)
		token string
		want  error
		text  []string
	}{
		{"401", func(f *mastodonfake.Server) { f.RequireAuth("sekrit", 401) }, "", ErrAuthRequired,
			[]string{"tag timeline #freeiran requires an authenticated user (401", "set token_env"}},
		{"422", func(f *mastodonfake.Server) { f.RequireAuth("sekrit", 422) }, "", ErrAuthRequired,
			[]string{"(422 \"This method requires an authenticated user\")"}},
		{"bad token", func(f *mastodonfake.Server) { f.RequireAuth("sekrit", 401) }, "wrong", ErrAuthRequired,
			[]string{"The access token is invalid", "refused"}},
		{"429", func(f *mastodonfake.Server) { f.RateLimit(1) }, "", ErrRateLimited,
			[]string{"429 \"Too many requests\"", "X-RateLimit-Reset 2026-03-01T12:05:00.000000Z"}},
		{"503", func(f *mastodonfake.Server) { f.FailNext(1, 503) }, "", ErrServer, []string{"503"}},
		{"malformed", func(f *mastodonfake.Server) { f.MalformNext(1) }, "", ErrMalformed, []string{"malformed"}},
		{"loop", func(f *mastodonfake.Server) { f.SetLoopPagination(true) }, "", ErrPaginationLoop, []string{"repeats"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad, good := newFake(t), newFake(t)
			post(bad, "alice", "#FreeIran", 3, epoch, 0)
			post(good, "bob", "#FreeIran", 2, epoch, 0)
			tc.setup(bad)
			cur := crawlertest.Cursors{}
			r := collect(t, New(Config{Instances: []Instance{{URL: bad.URL(), Token: tc.token}, {URL: good.URL()}}}), cur, "FreeIran")
			if !errors.Is(r.err, tc.want) {
				t.Fatalf("error %v, want %v", r.err, tc.want)
			}
			for _, s := range tc.text {
				if !strings.Contains(r.err.Error(), s) || !strings.Contains(r.err.Error(), "mastodon "+bad.URL()) {
					t.Fatalf("error %q lacks %q", r.err, s)
				}
			}
			if cur[cursorKey(bad.URL(), "freeiran")] != "" {
				t.Fatalf("cursor moved on a failed instance: %v", cur)
			}
			if cur[cursorKey(good.URL(), "freeiran")] == "" || (r.stats.Failed == 0) != (tc.want == ErrPaginationLoop) {
				t.Fatalf("the good instance must still be collected: %v %+v", cur, r.stats)
			}
		})
	}
}

func TestCollectWithToken(t *testing.T) {
	fk := newFake(t)
	post(fk, "alice", "#FreeIran", 2, epoch, 0)
	fk.RequireAuth("sekrit", 401)
	r := collect(t, New(Config{Instances: []Instance{{URL: fk.URL(), Token: "sekrit"}}}), crawlertest.Cursors{}, "freeiran")
	if r.err != nil || len(r.sink.OfKind("post")) != 2 {
		t.Fatalf("%v %d", r.err, len(r.sink.OfKind("post")))
	}
}

func TestCollectMaxPages(t *testing.T) {
	fk := newFake(t)
	post(fk, "alice", "#FreeIran", 90, epoch.Add(-time.Hour), 0)
	r := collect(t, New(Config{Instances: []Instance{{URL: fk.URL()}}, MaxPages: 2}), crawlertest.Cursors{}, "freeiran")
	if r.err != nil || len(r.sink.OfKind("post")) != 80 {
		t.Fatalf("%v %d", r.err, len(r.sink.OfKind("post")))
	}
}

func TestCollectNeedsInstances(t *testing.T) {
	if r := collect(t, New(Config{}), crawlertest.Cursors{}, "x"); r.err == nil {
		t.Fatal("no error without instances")
	}
}
