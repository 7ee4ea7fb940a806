package x_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler/sources/x"
	"github.com/afterimage-archive/afterimage/crawler/sources/x/xfake"
)

func TestCollectPaginatesAndExpands(t *testing.T) {
	fx := newFixture(t, 1000)
	fx.seed(25)
	sink, st, err := fx.collect(t, "#FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	posts, accs := sink.ByKind("post"), sink.ByKind("account")
	if len(posts) != 25 || len(accs) != 2 || st.Captured != 25 || st.Failed != 0 {
		t.Fatalf("posts %d accounts %d stats %+v", len(posts), len(accs), st)
	}
	if n := fx.f.Count("next_token="); n != 0 {
		t.Errorf("first page should not send next_token")
	}
	if n := fx.f.Count("/2/tweets/search/recent"); n != 1 {
		t.Errorf("%d search requests, want 1 (max_results=100)", n)
	}
	p := posts["x:1003"]
	if p.Text != "post 3 #FreeIran" || p.Author != "x:user/100" || p.URL != fx.fake.URL()+"/alice/status/1003" ||
		p.CreatedAt != "2026-09-01T10:03:00Z" || len(p.Tags) != 1 || p.Tags[0] != "freeiran" {
		t.Errorf("post = %+v", p)
	}
	if len(p.Media) != 1 || p.Media[0] != fx.fake.PhotoURL("1003", 1) || len(p.Records) != 3 {
		t.Errorf("media %v records %v", p.Media, p.Records)
	}
	a := accs["x:user/100"].Account
	if a.Handle != "alice" || a.DisplayName != "Alice & Co" || a.CreatedAt != "2023-09-01T10:00:00Z" ||
		a.Followers != 12 || a.Following != 300 || a.Posts != 4000 || a.DefaultAvatar || accs["x:user/100"].Text != "bio <b>" {
		t.Errorf("alice = %+v", a)
	}
	if b := accs["x:user/200"].Account; !b.DefaultAvatar || !strings.Contains(b.AvatarURL, "default_profile_images") {
		t.Errorf("bob avatar %+v", b)
	}
	if len(sink.Observations) != 27 {
		t.Errorf("%d observations", len(sink.Observations))
	}
}

func TestCollectSmallPagesAndCap(t *testing.T) {
	fx := newFixture(t, 25)
	fx.seed(40)
	sink, st, err := fx.collect(t, "FreeIran", "Iran_Regime_Change")
	if !errors.Is(err, x.ErrPostCap) || !strings.Contains(err.Error(), "iran_regime_change") {
		t.Fatalf("err = %v, want ErrPostCap naming the skipped tag", err)
	}
	// max_results 25, then the cap stops paging
	if got := fx.fake.PostsRead(); got != 25 || st.Captured != 25 || len(sink.ByKind("post")) != 25 {
		t.Errorf("read %d, captured %d", got, st.Captured)
	}
	if n := fx.f.Count("max_results=25"); n != 1 {
		t.Errorf("requests %v", fx.f.Requests())
	}
	if fx.cur["x|"+fx.fake.URL()+"|freeiran"] != "1040" {
		t.Errorf("cursor %v", fx.cur)
	}
	fx2 := newFixture(t, 150)
	fx2.seed(250)
	_, _, err = fx2.collect(t, "FreeIran")
	if !errors.Is(err, x.ErrPostCap) || fx2.fake.PostsRead() != 150 || fx2.f.Count("next_token=") != 1 ||
		fx2.f.Count("max_results=50") != 1 {
		t.Errorf("paged cap: err %v read %d requests %v", err, fx2.fake.PostsRead(), fx2.f.Requests())
	}
}

func TestCollectEntitiesSpellingsPersian(t *testing.T) {
	fx := newFixture(t, 0)
	fx.seed(0)
	fx.fake.NewSpelling(true)
	fx.fake.AddPost(xfake.Post{ID: "1", AuthorID: "100", CreatedAt: t0, Text: "Tom & Jerry <3 &amp; #ایران"})
	fx.fake.AddPost(xfake.Post{ID: "2", AuthorID: "200", CreatedAt: t0, Text: "#ايران arabic spelling", Video: true})
	fx.fake.AddPost(xfake.Post{ID: "3", AuthorID: "200", CreatedAt: t0, Text: "#ایرانی other tag"})
	sink, _, err := fx.collect(t, "#ایران")
	if err != nil {
		t.Fatal(err)
	}
	posts := sink.ByKind("post")
	if len(posts) != 2 || fx.f.Count("query=%23%D8%A7%DB%8C%D8%B1%D8%A7%D9%86+OR+%23%D8%A7%D9%8A%D8%B1%D8%A7%D9%86") != 1 {
		t.Fatalf("posts %v, requests %v", posts, fx.f.Requests())
	}
	if got := posts["x:1"].Text; got != "Tom & Jerry <3 &amp; #ایران" {
		t.Errorf("text %q", got)
	}
	if a := sink.ByKind("account")["x:user/100"].Account; a.Posts != 4000 {
		t.Errorf("post_count spelling not read: %+v", a)
	}
	if p := posts["x:2"]; p.Tags[0] != "ایران" || len(p.Media) != 1 || p.Media[0] != fx.fake.VideoPreviewURL("2") {
		t.Errorf("post 2 = %+v", p)
	}
}

func TestCollectTwiceFetchesOnlyNew(t *testing.T) {
	fx := newFixture(t, 0)
	fx.seed(5)
	if _, _, err := fx.collect(t, "FreeIran"); err != nil {
		t.Fatal(err)
	}
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil || len(sink.Items) != 0 {
		t.Fatalf("second run: %d items, %v", len(sink.Items), err)
	}
	if n := fx.f.Count("since_id=1005"); n != 1 {
		t.Errorf("second run did not use since_id: %v", fx.f.Requests())
	}
	fx.fake.AddPost(xfake.Post{ID: "1006", AuthorID: "100", CreatedAt: t0, Text: "new #FreeIran"})
	before := fx.fake.PostsRead()
	sink, _, err = fx.collect(t, "FreeIran")
	if err != nil || len(sink.ByKind("post")) != 1 || fx.fake.PostsRead()-before != 1 {
		t.Errorf("third run: items %v, read %d, err %v", sink.Items, fx.fake.PostsRead()-before, err)
	}
}

func TestCollectEmpty(t *testing.T) {
	fx := newFixture(t, 0)
	fx.seed(3)
	sink, st, err := fx.collect(t, "nothing")
	if err != nil || len(sink.Items) != 0 || st.Found != 0 {
		t.Errorf("items %v err %v", sink.Items, err)
	}
	if len(fx.cur) != 0 {
		t.Errorf("cursor set on empty result: %v", fx.cur)
	}
}

func TestCollectErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*xfake.Server)
		want  error
		words string
	}{
		{"429", func(s *xfake.Server) { s.RateLimit(1) }, x.ErrRateLimited, "429: Rate limit exceeded); x-rate-limit-reset 1756721700 (2025-09-01T10:15:00Z)"},
		{"usage cap", func(s *xfake.Server) { s.UsageCap(true) }, x.ErrRateLimited, "monthly usage cap"},
		{"503", func(s *xfake.Server) { s.Fail(1, 503) }, x.ErrUnavailable, "503: Service Unavailable"},
		{"malformed", func(s *xfake.Server) { s.Malformed(1) }, x.ErrMalformed, "unexpected end of JSON"},
		{"loop", func(s *xfake.Server) { s.LoopPaging(true) }, x.ErrPaginationLoop, "next_token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t, 0)
			fx.seed(250)
			fx.fake.AddPost(xfake.Post{ID: "9", AuthorID: "100", CreatedAt: t0, Text: "#Other"})
			fx.fake.SetNow(t0.AddDate(-1, 0, 0))
			c.setup(fx.fake)
			sink, _, err := fx.collect(t, "FreeIran", "Other")
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.words) || !strings.Contains(err.Error(), "x "+fx.fake.URL()+": search #freeiran") {
				t.Fatalf("err = %v, want %v with %q", err, c.want, c.words)
			}
			if c.name != "usage cap" && len(sink.ByKind("post")) == 0 {
				t.Errorf("the other tag was not collected")
			}
			if c.name != "loop" && fx.cur["x|"+fx.fake.URL()+"|freeiran"] != "" {
				t.Errorf("cursor advanced on error")
			}
		})
	}
}

func TestCollectAuth(t *testing.T) {
	fx := newFixture(t, 0)
	fx.seed(1)
	src := x.New(x.Config{BaseURL: fx.fake.URL(), WebURL: fx.fake.URL(), BearerToken: "wrong"})
	_, _, err := fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	fx.src = src
	_, _, err = fx.collect(t, "FreeIran", "Other")
	if !errors.Is(err, x.ErrAuth) || !strings.Contains(err.Error(), "401: Unauthorized: Unauthorized") || strings.Count(err.Error(), "401") != 1 {
		t.Errorf("err = %v", err)
	}
	fx.src = x.New(x.Config{BaseURL: fx.fake.URL()})
	if _, _, err = fx.collect(t, "FreeIran"); !errors.Is(err, x.ErrAuth) || !strings.Contains(err.Error(), "AFTERIMAGE_X_BEARER_TOKEN") {
		t.Errorf("no token: %v", err)
	}
}

func TestCollectWithoutWebURL(t *testing.T) {
	fx := newFixture(t, 0)
	fx.seed(1)
	fx.src = x.New(x.Config{BaseURL: fx.fake.URL(), BearerToken: xfake.BearerToken})
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	if p := sink.ByKind("post")["x:1001"]; p.URL != "https://x.com/alice/status/1001" || fx.f.Count("x.com") != 0 {
		t.Errorf("url %q, requests %v", p.URL, fx.f.Requests())
	}
}
