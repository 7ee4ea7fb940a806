package bluesky

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/bluesky/blueskyfake"
)

func doRecheck(t testing.TB, src *Source, refs []crawler.ItemRef) (map[string]manifest.Observation, *spy) {
	t.Helper()
	sink, f := &crawlertest.Sink{}, &spy{Fetcher: &crawlertest.Fetcher{}}
	if err := src.Recheck(context.Background(), f, refs, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.Observations) != len(refs) {
		t.Fatalf("%d observations for %d items", len(sink.Observations), len(refs))
	}
	out := map[string]manifest.Observation{}
	for _, o := range sink.Observations {
		out[o.Item] = o
	}
	return out, f
}

func expect(t *testing.T, o manifest.Observation, status string, http int, detail string, records int) {
	t.Helper()
	if o.Status != status || o.HTTPStatus != http || !strings.Contains(o.Detail, detail) || len(o.Records) != records {
		t.Fatalf("observation %+v, want %s %d %q with %d records", o, status, http, detail, records)
	}
	if o.At != "2026-03-01T12:00:00Z" {
		t.Fatalf("time %q", o.At)
	}
}

func TestRecheckOutcomes(t *testing.T) {
	fk := newFake(t)
	for _, h := range []string{"carol.bsky.social", "dave.bsky.social"} {
		fk.AddProfile(blueskyfake.Profile{Handle: h})
	}
	many := posts(fk, "alice.bsky.social", "#x many", 30, epoch.Add(-time.Hour), 1)
	gone := fk.AddPost(blueskyfake.Post{Author: "alice.bsky.social", Text: "#x gone", CreatedAt: epoch})
	banned := fk.AddPost(blueskyfake.Post{Author: "bob.bsky.social", Text: "#x spam", CreatedAt: epoch})
	quiet := fk.AddPost(blueskyfake.Post{Author: "carol.bsky.social", Text: "#x quiet", CreatedAt: epoch})
	erased := fk.AddPost(blueskyfake.Post{Author: "dave.bsky.social", Text: "#x erased", CreatedAt: epoch})
	src := newSource(fk)
	r := collect(t, src, crawlertest.Cursors{}, "x")
	if r.err != nil || len(r.sink.OfKind("post")) != 34 {
		t.Fatal(r.err, len(r.sink.OfKind("post")))
	}
	fk.DeletePost(gone.URI)
	fk.TakedownAccount("bob.bsky.social")
	fk.DeactivateAccount("carol.bsky.social")
	fk.DeleteAccount("dave.bsky.social")
	refs := append(r.sink.Refs(), crawler.ItemRef{ID: "bluesky:did:plc:nobody", Kind: "account"})
	obs, f := doRecheck(t, src, refs)
	expect(t, obs["bluesky:"+many[0].URI], "seen", 200, "", 2)
	expect(t, obs["bluesky:"+gone.URI], "missing", 400, "Post not found: "+gone.URI, 4)
	expect(t, obs["bluesky:"+banned.URI], "suspended", 400, "AccountTakedown", 3)
	expect(t, obs["bluesky:"+quiet.URI], "missing", 400, "AccountDeactivated", 3)
	expect(t, obs["bluesky:"+erased.URI], "missing", 400, "Profile not found", 3)
	alice := r.item(t, "bluesky:"+gone.URI).Author
	expect(t, obs[alice], "seen", 200, "", 2)
	expect(t, obs["bluesky:"+banned.URI[5:37]], "suspended", 400, "AccountTakedown", 3)
	expect(t, obs["bluesky:"+quiet.URI[5:37]], "missing", 400, "AccountDeactivated", 3)
	expect(t, obs["bluesky:did:plc:nobody"], "missing", 400, "Profile not found", 2)
	if n := f.count("getPosts"); n != 2 {
		t.Fatalf("34 posts take 2 getPosts calls, made %d", n)
	}
	// bob, carol, dave and alice (for her deleted post), and nobody.
	if n := f.count("getProfile?"); n != 5 {
		t.Fatalf("one getProfile per author of a post left out, made %d", n)
	}
	for _, q := range f.reqs {
		if q.Header.Get("Authorization") != "" || strings.Contains(q.URL, "createSession") {
			t.Fatalf("rechecks are public: %+v", q)
		}
	}
}

func TestRecheckChanged(t *testing.T) {
	fk := newFake(t)
	p := fk.AddPost(blueskyfake.Post{Author: "alice.bsky.social", Text: "#x", CreatedAt: epoch})
	src := newSource(fk)
	refs := collect(t, src, crawlertest.Cursors{}, "x").sink.Refs()
	for i := range refs {
		refs[i].ContentSHA256 = strings.Repeat("0", 64)
	}
	obs, _ := doRecheck(t, src, refs)
	if o := obs["bluesky:"+p.URI]; o.Status != "changed" || len(o.ContentSHA256) != 64 {
		t.Fatalf("%+v", o)
	}
}

func TestRecheckUnavailable(t *testing.T) {
	cases := map[string]func(*blueskyfake.Server){
		"429":       func(f *blueskyfake.Server) { f.RateLimit(100) },
		"503":       func(f *blueskyfake.Server) { f.FailNext(100, 503) },
		"malformed": func(f *blueskyfake.Server) { f.MalformNext(100) },
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			fk := newFake(t)
			fk.AddPost(blueskyfake.Post{Author: "alice.bsky.social", Text: "#x", CreatedAt: epoch})
			src := newSource(fk)
			r := collect(t, src, crawlertest.Cursors{}, "x")
			setup(fk)
			obs, _ := doRecheck(t, src, r.sink.Refs())
			for id, o := range obs {
				if o.Status != "unavailable" || o.Detail == "" {
					t.Fatalf("%s: %+v", id, o)
				}
			}
		})
	}
}

func TestRecheckForeignAndUnreachable(t *testing.T) {
	src := New(Config{AppView: "http://127.0.0.1:1", Now: clock})
	refs := []crawler.ItemRef{
		{ID: "bluesky:at://did:plc:x/app.bsky.feed.post/3k", Kind: "post"},
		{ID: "bluesky:did:plc:x", Kind: "account"},
		{ID: "mastodon:https://h/users/a/statuses/1", Kind: "post"},
		{ID: "bluesky:at://broken", Kind: "post"},
	}
	obs, _ := doRecheck(t, src, refs)
	for _, ref := range refs {
		if o := obs[ref.ID]; o.Status != "unavailable" || o.Detail == "" {
			t.Fatalf("%s: %+v", ref.ID, o)
		}
	}
}
