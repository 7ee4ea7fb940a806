package bluesky

import (
	"testing"
	"time"
)

const samplePost = `{"uri":"at://did:plc:abc/app.bsky.feed.post/3kxyz","cid":"bafyrei",
 "author":{"did":"did:plc:abc","handle":"alice.bsky.social","createdAt":"2023-05-01T12:00:00.000Z"},
 "record":{"$type":"app.bsky.feed.post","text":"Hi #FreeIran","createdAt":"2026-01-01T00:00:00.000Z","tags":["extraTag"],
  "facets":[{"index":{"byteStart":3,"byteEnd":12},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"FreeIran"}]}]},
 "embed":{"$type":"app.bsky.embed.recordWithMedia#view","media":{"$type":"app.bsky.embed.images#view","images":[{"fullsize":"https://cdn/f@jpeg"}]}},
 "indexedAt":"2026-01-01T00:00:01.000Z"}`

func TestParsePostView(t *testing.T) {
	p, err := parsePosts([]byte(`{"posts":[` + samplePost + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := p[0].tags(); len(got) != 2 || got[0] != "freeiran" || got[1] != "extratag" {
		t.Fatalf("tags %q", got)
	}
	if im := p[0].images(); len(im) != 1 || im[0] != "https://cdn/f@jpeg" {
		t.Fatalf("images %q", im)
	}
	if at, ok := p[0].sortAt(); !ok || !at.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("sortAt %v", at)
	}
	if p[0].rkey() != "3kxyz" {
		t.Fatal(p[0].rkey())
	}
	if _, err := parsePosts([]byte(`{"posts":[{"uri":"https://x","author":{"did":"d"}}]}`)); err == nil {
		t.Fatal("accepted a post without an at:// uri")
	}
}

func TestMark(t *testing.T) {
	m := parseMark("2026-01-01T00:00:00Z at://a at://b")
	if !m.set() || !m.has("at://b") || m.String() != "2026-01-01T00:00:00Z at://a at://b" {
		t.Fatalf("%+v", m)
	}
	var n mark
	n.add(m.at, "at://c")
	if got := m.merge(n).String(); got != "2026-01-01T00:00:00Z at://a at://b at://c" {
		t.Fatal(got)
	}
	n.add(m.at.Add(time.Second), "at://d")
	if got := m.merge(n).String(); got != "2026-01-01T00:00:01Z at://d" {
		t.Fatal(got)
	}
	if parseMark("garbage").set() || parseMark("").set() {
		t.Fatal("parsed garbage")
	}
}

func FuzzParseSearch(f *testing.F) {
	f.Add([]byte(`{"cursor":"25","hitsTotal":1,"posts":[` + samplePost + `]}`))
	f.Add([]byte(`{"posts":[]}`))
	f.Add([]byte(`{"error":"AuthMissing","message":"Authentication Required"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parseSearch(b)
		if err != nil {
			return
		}
		for _, post := range p.Posts {
			if post.Author.DID == "" || len(post.URI) < 5 {
				t.Fatal("accepted a post without identity")
			}
			_, _ = post.sortAt()
			_, _, _ = post.tags(), post.images(), post.rkey()
			_ = postHash(post)
		}
	})
}

func FuzzParseProfiles(f *testing.F) {
	f.Add([]byte(`{"profiles":[{"did":"did:plc:a","handle":"a.b","followersCount":1}]}`))
	f.Add([]byte(`{"profiles":[{}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := parseProfiles(b)
		for _, p := range ps {
			if err == nil && p.DID == "" {
				t.Fatal("accepted a profile without did")
			}
			_ = accountMeta(p)
		}
	})
}

func FuzzParseProfile(f *testing.F) {
	f.Add([]byte(`{"did":"did:plc:a","handle":"a.b"}`))
	f.Add([]byte(`{"error":"AccountTakedown","message":"Account has been suspended"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parseProfile(b)
		_ = parseError(b)
	})
}

func FuzzParseThread(f *testing.F) {
	f.Add([]byte(`{"thread":{"$type":"app.bsky.feed.defs#threadViewPost","post":` + samplePost + `}}`))
	f.Add([]byte(`{"thread":{"$type":"app.bsky.feed.defs#notFoundPost","uri":"at://x","notFound":true}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := parseThread(b)
		if err == nil && p != nil && p.Author.DID == "" {
			t.Fatal("accepted a post without author")
		}
	})
}

func FuzzParseMark(f *testing.F) {
	f.Add("2026-01-01T00:00:00Z at://a")
	f.Fuzz(func(t *testing.T, s string) {
		m := parseMark(s)
		if again := parseMark(m.String()); again.String() != m.String() {
			t.Fatalf("%q -> %q -> %q", s, m.String(), again.String())
		}
	})
}
