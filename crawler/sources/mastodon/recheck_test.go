package mastodon

import (
	"context"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/mastodon/mastodonfake"
)

func doRecheck(t testing.TB, src *Source, refs []crawler.ItemRef) (map[string]manifest.Observation, *crawlertest.Fetcher) {
	t.Helper()
	sink, f := &crawlertest.Sink{}, &crawlertest.Fetcher{}
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
	fk.AddAccount(mastodonfake.Account{Username: "carol"})
	keep := fk.AddStatus(mastodonfake.Status{Account: "alice", Text: "#FreeIran keep", Media: 1, CreatedAt: epoch})
	gone := fk.AddStatus(mastodonfake.Status{Account: "alice", Text: "#FreeIran gone", CreatedAt: epoch})
	edit := fk.AddStatus(mastodonfake.Status{Account: "alice", Text: "#FreeIran before", CreatedAt: epoch})
	banned := fk.AddStatus(mastodonfake.Status{Account: "bob", Text: "#FreeIran spam", CreatedAt: epoch})
	carol := fk.AddStatus(mastodonfake.Status{Account: "carol", Text: "#FreeIran", CreatedAt: epoch})
	src := New(Config{Instances: []Instance{{URL: fk.URL()}}, Now: clock})
	r := collect(t, src, crawlertest.Cursors{}, "freeiran")
	if r.err != nil {
		t.Fatal(r.err)
	}
	fk.DeleteStatus(gone.ID)
	fk.EditStatus(edit.ID, "#FreeIran after")
	fk.SuspendAccount("bob")
	refs := r.sink.Refs()
	refs = append(refs, crawler.ItemRef{ID: "mastodon:" + fk.URL() + "/@nobody", Kind: "account"})
	obs, _ := doRecheck(t, src, refs)
	expect(t, obs["mastodon:"+keep.URI], "seen", 200, "", 2)
	expect(t, obs["mastodon:"+gone.URI], "missing", 404, "Record not found", 4)
	expect(t, obs["mastodon:"+edit.URI], "changed", 200, "", 2)
	expect(t, obs["mastodon:"+banned.URI], "suspended", 404, "Not Found; account suspended: true", 4)
	expect(t, obs["mastodon:"+carol.URI], "seen", 200, "", 2)
	expect(t, obs["mastodon:"+fk.URL()+"/@alice"], "seen", 200, "", 3)
	expect(t, obs["mastodon:"+fk.URL()+"/@bob"], "suspended", 200, "suspended: true", 3)
	expect(t, obs["mastodon:"+fk.URL()+"/@nobody"], "missing", 404, "Record not found", 1)
	for _, ref := range refs {
		if ref.ID == "mastodon:"+keep.URI && obs[ref.ID].ContentSHA256 != ref.ContentSHA256 {
			t.Fatal("an unchanged status must keep its hash")
		}
	}
}

func TestRecheckSuspensionForms(t *testing.T) {
	for _, form := range []string{"docs", "legacy"} {
		t.Run(form, func(t *testing.T) {
			fk := newFake(t)
			st := fk.AddStatus(mastodonfake.Status{Account: "bob", Text: "#x", CreatedAt: epoch})
			src := New(Config{Instances: []Instance{{URL: fk.URL()}}, Now: clock})
			r := collect(t, src, crawlertest.Cursors{}, "x")
			fk.SuspendAccount("bob")
			if form == "docs" {
				fk.SetDocsNotFound(true)
			} else {
				fk.SetLegacySuspension(true)
			}
			obs, _ := doRecheck(t, src, r.sink.Refs())
			if o := obs["mastodon:"+st.URI]; o.Status != "suspended" || !strings.Contains(o.Detail, "account") {
				t.Fatalf("status: %+v", o)
			}
			if o := obs["mastodon:"+fk.URL()+"/@bob"]; o.Status != "suspended" {
				t.Fatalf("account: %+v", o)
			}
		})
	}
}

func TestRecheckAsksTheOrigin(t *testing.T) {
	a, b := newFake(t), newFake(t)
	st := a.AddStatus(mastodonfake.Status{Account: "alice", Text: "#x", Media: 1, CreatedAt: epoch})
	if _, err := b.Federate(a, st.ID); err != nil {
		t.Fatal(err)
	}
	src := New(Config{Instances: []Instance{{URL: b.URL()}}, Now: clock})
	r := collect(t, src, crawlertest.Cursors{}, "x")
	if r.err != nil || len(r.sink.OfKind("post")) != 1 {
		t.Fatal(r.err, r.sink.Items)
	}
	a.DeleteStatus(st.ID)
	obs, f := doRecheck(t, src, r.sink.Refs())
	if o := obs["mastodon:"+st.URI]; o.Status != "missing" {
		t.Fatalf("%+v", o)
	}
	if reqs := f.Requests(); !strings.Contains(strings.Join(reqs, " "), a.URL()+"/api/v1/statuses/"+st.ID) {
		t.Fatalf("origin not asked: %q", reqs)
	}
}

func TestRecheckSameHashOnEveryInstance(t *testing.T) {
	a, b := newFake(t), newFake(t)
	st := a.AddStatus(mastodonfake.Status{Account: "alice", Text: "#x &amp; <b>", Media: 2, CreatedAt: epoch})
	if _, err := b.Federate(a, st.ID); err != nil {
		t.Fatal(err)
	}
	src := New(Config{Instances: []Instance{{URL: b.URL()}}, Now: clock})
	r := collect(t, src, crawlertest.Cursors{}, "x")
	obs, _ := doRecheck(t, src, r.sink.Refs())
	for id, o := range obs {
		if o.Status != "seen" {
			t.Fatalf("%s: %+v (a copy on another instance must hash the same)", id, o)
		}
	}
}

func TestRecheckUnavailable(t *testing.T) {
	cases := map[string]func(*mastodonfake.Server){
		"429":        func(f *mastodonfake.Server) { f.RateLimit(100) },
		"503":        func(f *mastodonfake.Server) { f.FailNext(100, 503) },
		"login wall": func(f *mastodonfake.Server) { f.RequireAuth("t", 401) },
		"malformed":  func(f *mastodonfake.Server) { f.MalformNext(100) },
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			fk := newFake(t)
			fk.AddStatus(mastodonfake.Status{Account: "alice", Text: "#x", CreatedAt: epoch})
			src := New(Config{Instances: []Instance{{URL: fk.URL()}}, Now: clock})
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

func TestRecheckUnreachableAndForeignItems(t *testing.T) {
	src := New(Config{Now: clock})
	refs := []crawler.ItemRef{
		{ID: "mastodon:http://127.0.0.1:1/users/a/statuses/1", Kind: "post"},
		{ID: "mastodon:https://pleroma.example/objects/uuid", Kind: "post"},
		{ID: "bluesky:at://did:plc:x/app.bsky.feed.post/1", Kind: "post"},
	}
	obs, _ := doRecheck(t, src, refs)
	for _, ref := range refs {
		if o := obs[ref.ID]; o.Status != "unavailable" || o.Detail == "" {
			t.Fatalf("%s: %+v", ref.ID, o)
		}
	}
}
