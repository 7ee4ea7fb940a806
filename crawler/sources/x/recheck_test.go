package x_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/x"
	"github.com/afterimage-archive/afterimage/crawler/sources/x/xfake"
)

func TestRecheckOutcomes(t *testing.T) {
	fx := newFixture(t, 0)
	fx.seed(8)
	fx.fake.AddUser(xfake.User{ID: "300", Username: "carol", Name: "Carol", CreatedAt: t0})
	fx.fake.AddUser(xfake.User{ID: "400", Username: "dave", Name: "Dave", CreatedAt: t0})
	fx.fake.AddUser(xfake.User{ID: "500", Username: "erin", Name: "Erin", CreatedAt: t0})
	fx.fake.AddPost(xfake.Post{ID: "3001", AuthorID: "300", Text: "#FreeIran", CreatedAt: t0})
	fx.fake.AddPost(xfake.Post{ID: "4001", AuthorID: "400", Text: "#FreeIran", CreatedAt: t0})
	fx.fake.AddPost(xfake.Post{ID: "5001", AuthorID: "500", Text: "#FreeIran", CreatedAt: t0})
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	hash := map[string]string{}
	for _, o := range sink.Observations {
		hash[o.Item] = o.ContentSHA256
	}
	fx.fake.DeletePost("1001")
	fx.fake.AddPost(xfake.Post{ID: "1003", AuthorID: "100", Text: "edited #FreeIran", CreatedAt: t0, Photos: 1})
	fx.fake.WithholdPost("1005", "DE", "FR")
	fx.fake.SuspendUser("300")
	fx.fake.ProtectUser("400")
	fx.fake.DeleteUser("500")
	fx.fake.WithholdUser("200", "TR")
	refs := []crawler.ItemRef{}
	for _, id := range []string{"x:1001", "x:1002", "x:1003", "x:1005", "x:3001", "x:4001", "x:5001", "x:9999",
		"x:user/100", "x:user/200", "x:user/300", "x:user/500", "x:user/nope", "reddit:t3_x"} {
		author := ""
		if id == "x:3001" || id == "x:4001" || id == "x:5001" {
			author = "x:user/" + id[2:3] + "00"
		}
		refs = append(refs, crawler.ItemRef{ID: id, Author: author, ContentSHA256: hash[id]})
	}
	obs, err := fx.recheck(t, refs...)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"x:1001":      {"missing", "Could not find tweet with ids: [1001]."},
		"x:1002":      {"seen", ""},
		"x:1003":      {"changed", ""},
		"x:1005":      {"withheld", "withheld in DE, FR"},
		"x:3001":      {"suspended", "Sorry, you are not authorized to see the Tweet with ids: [3001]. (author: User has been suspended: [300].)"},
		"x:4001":      {"unavailable", "Sorry, you are not authorized to see the Tweet with ids: [4001]. (author is protected)"},
		"x:5001":      {"missing", "Sorry, you are not authorized to see the Tweet with ids: [5001]. (author: Could not find user with ids: [500].)"},
		"x:9999":      {"missing", "Could not find tweet with ids: [9999]."},
		"x:user/100":  {"seen", ""},
		"x:user/200":  {"withheld", "withheld in TR"},
		"x:user/300":  {"suspended", "User has been suspended: [300]."},
		"x:user/500":  {"missing", "Could not find user with ids: [500]."},
		"x:user/nope": {"unavailable", "not an x item id"},
		"reddit:t3_x": {"unavailable", "not an x item id"},
	}
	for id, w := range want {
		if o := obs[id]; o.Status != w[0] || o.Detail != w[1] {
			t.Errorf("%s: %s %q, want %s %q", id, o.Status, o.Detail, w[0], w[1])
		}
	}
	if o := obs["x:1002"]; o.ContentSHA256 != hash["x:1002"] || o.HTTPStatus != 200 || len(o.Records) != 2 {
		t.Errorf("seen post %+v", o)
	}
	if o := obs["x:user/100"]; o.ContentSHA256 != hash["x:user/100"] || len(o.Records) != 2 {
		t.Errorf("seen account %+v (hash %s)", o, hash["x:user/100"])
	}
	if o := obs["x:3001"]; len(o.Records) != 3 {
		t.Errorf("suspended post evidence: %v, want tweets + users answers + page", o.Records)
	}
	if n := fx.f.Count("/2/users?"); n != 1 {
		t.Errorf("%d user lookups, want 1 batch", n)
	}
}

func TestRecheckBatchesOf100(t *testing.T) {
	fx := newFixture(t, 0)
	fx.seed(250)
	var refs []crawler.ItemRef
	for i := 1; i <= 250; i++ {
		refs = append(refs, crawler.ItemRef{ID: fmt.Sprintf("x:%d", 1000+i)})
	}
	obs, err := fx.recheck(t, refs...)
	if err != nil {
		t.Fatal(err)
	}
	for id, o := range obs {
		if o.Status != "seen" {
			t.Errorf("%s: %+v", id, o)
		}
	}
	if n := fx.f.Count("/2/tweets?"); n != 3 {
		t.Errorf("%d lookups, want 3", n)
	}
}

func TestRecheckUnavailable(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(*xfake.Server)
		status int
		detail string
		auth   bool
	}{
		{"429", func(s *xfake.Server) { s.RateLimit(10) }, 429, "HTTP 429: Rate limit exceeded", false},
		{"503", func(s *xfake.Server) { s.Fail(10, 503) }, 503, "HTTP 503: Service Unavailable: Service Unavailable", false},
		{"malformed", func(s *xfake.Server) { s.Malformed(10) }, 200, "malformed answer: unexpected end of JSON input", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t, 0)
			fx.seed(2)
			c.setup(fx.fake)
			obs, err := fx.recheck(t, crawler.ItemRef{ID: "x:1001"}, crawler.ItemRef{ID: "x:user/100"})
			if err != nil {
				t.Fatal(err)
			}
			for id, o := range obs {
				if o.Status != "unavailable" || o.HTTPStatus != c.status || o.Detail != c.detail || len(o.Records) != 2 {
					t.Errorf("%s: %+v", id, o)
				}
			}
		})
	}
	fx := newFixture(t, 0)
	fx.seed(1)
	fx.src = x.New(x.Config{BaseURL: fx.fake.URL(), WebURL: fx.fake.URL(), BearerToken: "wrong"})
	obs, err := fx.recheck(t, crawler.ItemRef{ID: "x:1001"})
	if !errors.Is(err, x.ErrAuth) || obs["x:1001"].Status != "unavailable" || obs["x:1001"].HTTPStatus != 401 {
		t.Errorf("401: err %v obs %+v", err, obs)
	}
}

func BenchmarkRecheck(b *testing.B) {
	fx := newFixture(b, 0)
	fx.seed(200)
	var refs []crawler.ItemRef
	for i := 1; i <= 200; i++ {
		refs = append(refs, crawler.ItemRef{ID: fmt.Sprintf("x:%d", 1000+i), URL: fmt.Sprintf("%s/alice/status/%d", fx.fake.URL(), 1000+i)})
	}
	f := &crawlertest.Fetcher{}
	for b.Loop() {
		if err := fx.src.Recheck(context.Background(), f, refs, &crawlertest.Sink{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(refs))/b.Elapsed().Seconds(), "items/s")
}
