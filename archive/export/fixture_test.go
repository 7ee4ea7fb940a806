package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/local"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/archive/spool"
	"github.com/afterimage-archive/afterimage/archive/state"
	"github.com/afterimage-archive/afterimage/archive/warc"
)

const testOrigin = "test.afterimage/evidence"

// archiveFixture is a real archive (local store, evidence log, captures
// made through the spool as collection does) for export tests.
type archiveFixture struct {
	t        testing.TB
	dir      string
	store    *local.Store
	log      *evlog.Log
	vkey     string
	spool    *spool.Spool
	ing      *spool.Ingester
	now      time.Time
	captures []string                      // ids, in log order
	m        map[string]*manifest.Manifest // by capture id
}

func newArchive(t testing.TB) *archiveFixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	f := &archiveFixture{t: t, dir: dir, m: map[string]*manifest.Manifest{}}
	clock := func() time.Time { f.now = f.now.Add(time.Millisecond); return f.now }
	var err error
	if f.spool, err = spool.Open(filepath.Join(dir, "spool"), clock); err != nil {
		t.Fatal(err)
	}
	if f.store, err = local.New(filepath.Join(dir, "store")); err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := evlog.GenerateKey(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	v, _ := note.NewVerifier(vkey)
	f.vkey = vkey
	if err := evlog.PublishKey(ctx, f.store, vkey); err != nil {
		t.Fatal(err)
	}
	if f.log, err = evlog.Open(ctx, f.store, testOrigin, v); err != nil {
		t.Fatal(err)
	}
	f.ing = &spool.Ingester{Store: f.store, Log: f.log, Signer: signer}
	return f
}

// begin starts a capture at time at.
func (f *archiveFixture) begin(at time.Time, command string) *spool.Capture {
	f.t.Helper()
	f.now = at
	c, err := f.spool.Begin(manifest.Context{Software: "afterimage test", Command: command, Robots: "respect",
		BodyCap: 50 << 20, Timeout: "30s", UserAgent: "afterimage/test"}, warc.Warcinfo{Software: "afterimage test"})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// exchange records a GET of uri answered with status and body, as the
// recorder does, and returns the response record id.
func (f *archiveFixture) exchange(c *spool.Capture, uri string, status int, ctype string, body []byte) string {
	f.t.Helper()
	w := c.WARC()
	reqID, respID := w.NewID(), w.NewID()
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: mastodon.example\r\nUser-Agent: afterimage/test\r\n\r\n", uri)
	head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", status, statusText(status), ctype, len(body))
	sum := sha256.Sum256(body)
	start := w.Now()
	wq, err := w.Write(warc.Record{Type: warc.TypeRequest, ID: reqID, TargetURI: uri, ContentType: warc.ContentTypeHTTPRequest,
		ConcurrentTo: []string{respID}, Block: bytes.NewReader([]byte(req)), BlockLen: int64(len(req))})
	if err != nil {
		f.t.Fatal(err)
	}
	resp := append([]byte(head), body...)
	wr, err := w.Write(warc.Record{Type: warc.TypeResponse, ID: respID, TargetURI: uri, ContentType: warc.ContentTypeHTTPResponse,
		ConcurrentTo: []string{reqID}, IPAddress: "127.0.0.1", PayloadDigest: warc.SHA256Digest(sum[:]),
		Block: bytes.NewReader(resp), BlockLen: int64(len(resp))})
	if err != nil {
		f.t.Fatal(err)
	}
	end := w.Now()
	c.AddRecord(spool.RecordFromWritten(wq, 0, "", "", start, end))
	c.AddRecord(spool.RecordFromWritten(wr, status, ctype, "", start, end))
	return respID
}

func statusText(s int) string {
	switch s {
	case 200:
		return "OK"
	case 404:
		return "Not Found"
	case 410:
		return "Gone"
	}
	return "Status"
}

// seal stores the capture and returns its id.
func (f *archiveFixture) seal(c *spool.Capture) string {
	f.t.Helper()
	if err := c.Seal(); err != nil {
		f.t.Fatal(err)
	}
	res, err := f.ing.Ingest(context.Background(), c.Dir())
	if err != nil {
		f.t.Fatal(err)
	}
	f.captures = append(f.captures, res.CaptureID)
	f.m[res.CaptureID] = res.Manifest
	return res.CaptureID
}

// items derives export items from the stored manifests as the index
// does: latest metadata, observations in time order, state by
// archive/state with a one-hour confirmation delay.
func (f *archiveFixture) items(ids ...string) []Item {
	f.t.Helper()
	byID := map[string]*Item{}
	accounts := map[string]*Account{}
	var obs = map[string][]Observation{}
	for _, cid := range f.captures {
		m := f.m[cid]
		for _, mi := range m.Items {
			it := byID[mi.ID]
			if it == nil {
				it = &Item{ID: mi.ID}
				byID[mi.ID] = it
			}
			it.Platform, it.Kind, it.URL, it.Tags, it.Text = mi.Platform, mi.Kind, mi.URL, mi.Tags, mi.Text
			it.CreatedAt = parseT(mi.CreatedAt)
			if mi.Author != "" {
				it.Author = &Account{ID: mi.Author}
			}
			if mi.Account != nil {
				a := mi.Account
				accounts[mi.ID] = &Account{ID: mi.ID, Handle: a.Handle, DisplayName: a.DisplayName, CreatedAt: parseT(a.CreatedAt),
					Followers: a.Followers, Following: a.Following, Posts: a.Posts, AvatarURL: a.AvatarURL, DefaultAvatar: a.DefaultAvatar}
				it.Account = accounts[mi.ID]
			}
			it.Captures = appendOnce(it.Captures, cid)
		}
		for _, o := range m.Observations {
			obs[o.Item] = append(obs[o.Item], Observation{At: parseT(o.At), Status: o.Status, HTTPStatus: o.HTTPStatus,
				Detail: o.Detail, Capture: cid, ContentSHA256: o.ContentSHA256, Records: o.Records})
			if it := byID[o.Item]; it != nil {
				it.Captures = appendOnce(it.Captures, cid)
			}
		}
	}
	for id, it := range byID {
		f.derive(it, obs[id])
	}
	var out []Item
	for _, id := range ids {
		it := byID[id]
		if it == nil {
			f.t.Fatalf("no item %s", id)
		}
		if it.Author != nil && accounts[it.Author.ID] != nil {
			a := *accounts[it.Author.ID]
			a.State = byID[it.Author.ID].State
			it.Author = &a
		}
		out = append(out, *it)
	}
	return out
}

func (f *archiveFixture) derive(it *Item, obs []Observation) {
	sort.SliceStable(obs, func(i, j int) bool { return obs[i].At.Before(obs[j].At) })
	var so []state.Observation
	for _, o := range obs {
		so = append(so, state.Observation{Status: state.Status(o.Status), At: o.At, Capture: o.Capture,
			HTTPStatus: o.HTTPStatus, Detail: o.Detail, ContentSHA256: o.ContentSHA256})
	}
	r, err := state.Derive(so, time.Hour)
	if err != nil {
		f.t.Fatal(err)
	}
	for i := range obs {
		obs[i].State = string(r.After[i])
	}
	it.Observations, it.State, it.StateSince = obs, string(r.State), r.Since
	it.FirstSeen, it.LastSeenAlive, it.FirstMissing, it.ConfirmedAt = r.FirstSeen, r.LastSeenAlive, r.FirstMissing, r.ConfirmedAt
}

func parseT(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
