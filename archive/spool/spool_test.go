package spool

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/local"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/archive/warc"
	"golang.org/x/mod/sumdb/note"
)

const origin = "test.afterimage/log"

type fixture struct {
	t      *testing.T
	spool  *Spool
	store  archive.Store
	log    *evlog.Log
	signer note.Signer
	ing    *Ingester
	now    time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	f := &fixture{t: t, now: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)}
	clock := func() time.Time { f.now = f.now.Add(time.Second); return f.now }
	var err error
	if f.spool, err = Open(filepath.Join(dir, "spool"), clock); err != nil {
		t.Fatal(err)
	}
	if f.store, err = local.New(filepath.Join(dir, "store")); err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := evlog.GenerateKey(origin)
	if err != nil {
		t.Fatal(err)
	}
	if f.signer, err = note.NewSigner(skey); err != nil {
		t.Fatal(err)
	}
	v, _ := note.NewVerifier(vkey)
	if f.log, err = evlog.Open(ctx, f.store, origin, v); err != nil {
		t.Fatal(err)
	}
	f.ing = &Ingester{Store: f.store, Log: f.log, Signer: f.signer}
	return f
}

// record writes a request/response pair the way the recorder does and
// notes both records.
func (f *fixture) record(c *Capture, uri string, body string) string {
	f.t.Helper()
	w := c.WARC()
	reqID, respID := w.NewID(), w.NewID()
	req := "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"
	resp := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	sum := sha256.Sum256([]byte(body))
	start := w.Now()
	wq, err := w.Write(warc.Record{Type: "request", ID: reqID, TargetURI: uri, ContentType: "application/http;msgtype=request",
		ConcurrentTo: []string{respID}, Block: bytes.NewReader([]byte(req)), BlockLen: int64(len(req))})
	if err != nil {
		f.t.Fatal(err)
	}
	wr, err := w.Write(warc.Record{Type: "response", ID: respID, TargetURI: uri, ContentType: "application/http;msgtype=response",
		ConcurrentTo: []string{reqID}, IPAddress: "127.0.0.1", PayloadDigest: warc.SHA256Digest(sum[:]),
		Block: bytes.NewReader([]byte(resp)), BlockLen: int64(len(resp))})
	if err != nil {
		f.t.Fatal(err)
	}
	end := w.Now()
	c.AddRecord(RecordFromWritten(wq, 0, "", "", start, end))
	c.AddRecord(RecordFromWritten(wr, 200, "text/html", "", start, end))
	return respID
}

func (f *fixture) begin() *Capture {
	f.t.Helper()
	c, err := f.spool.Begin(manifest.Context{Software: "afterimage test", Command: "capture", Robots: "ignore",
		BodyCap: 1 << 20, Timeout: "30s"}, warc.Warcinfo{Software: "afterimage test"})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func TestIngestStoresCaptureOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.begin()
	id := f.record(c, "https://example.org/", "<title>hello</title>")
	c.Item(manifest.Item{ID: "web:https://example.org/", Platform: "web", Kind: "page", URL: "https://example.org/", Records: []string{id}})
	c.Item(manifest.Item{ID: "web:https://example.org/gone", Platform: "web", Kind: "page", URL: "https://example.org/gone", Records: []string{"<urn:uuid:not-written>"}})
	c.Observe(manifest.Observation{Item: "web:https://example.org/", Status: "seen", Records: []string{id}})
	c.Set("k", "v")
	if err := c.Seal(); err != nil {
		t.Fatal(err)
	}
	var committed map[string]string
	f.ing.Commit = func(m map[string]string) error { committed = m; return nil }
	res, err := f.ing.Ingest(ctx, c.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if f.log.Size() != 1 || res.LogIndex != 0 {
		t.Fatalf("log size %d, index %d", f.log.Size(), res.LogIndex)
	}
	m := res.Manifest
	if len(m.Records) != 3 || m.Records[0].Type != "warcinfo" || m.Records[2].Status != 200 {
		t.Fatalf("records = %+v", m.Records)
	}
	if len(m.Items) != 1 || len(m.Observations) != 1 || m.Observations[0].At == "" {
		t.Fatalf("items %+v observations %+v", m.Items, m.Observations)
	}
	if committed["k"] != "v" {
		t.Errorf("cursors not committed: %v", committed)
	}
	sum, _ := archive.ParseHex(res.CaptureID)
	if _, err := f.store.Stat(ctx, archive.ManifestKey(sum)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.Dir()); !os.IsNotExist(err) {
		t.Fatalf("spool dir left behind: %v", err)
	}
	// Rebuilding the same capture (as after a crash between the log
	// append and the spool removal) adds nothing.
	idx, _, err := f.log.Append(ctx, f.signer, mustManifest(t, f, res.CaptureID))
	if err != nil || idx[0] != 0 || f.log.Size() != 1 {
		t.Fatalf("re-append: idx %v size %d err %v", idx, f.log.Size(), err)
	}
}

func mustManifest(t *testing.T, f *fixture, id string) []byte {
	sum, _ := archive.ParseHex(id)
	rc, err := f.store.Open(context.Background(), archive.ManifestKey(sum))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var b bytes.Buffer
	b.ReadFrom(rc)
	return b.Bytes()
}

func TestRecoverKilledCapture(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.begin()
	first := f.record(c, "https://example.org/a", "page a")
	second := f.record(c, "https://example.org/b", "page b")
	c.Item(manifest.Item{ID: "web:https://example.org/a", Platform: "web", Kind: "page", URL: "https://example.org/a", Records: []string{first}})
	c.Item(manifest.Item{ID: "web:https://example.org/b", Platform: "web", Kind: "page", URL: "https://example.org/b", Records: []string{second}})
	// Simulate kill -9: flush what the writer buffered (the kernel keeps
	// written bytes), then cut the file inside the last member, as a crash
	// mid-write leaves it. No Seal.
	if _, err := c.WARC().Seal(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.Dir(), fileWARCOpen)
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()-10); err != nil {
		t.Fatal(err)
	}
	pending, _ := f.spool.Pending()
	if len(pending) != 1 {
		t.Fatalf("pending = %v", pending)
	}
	res, err := f.ing.Ingest(ctx, pending[0])
	if err != nil {
		t.Fatal(err)
	}
	if !res.Recovered || res.Dropped != 1 {
		t.Fatalf("recovered %v dropped %d", res.Recovered, res.Dropped)
	}
	if n := len(res.Manifest.Records); n != 4 {
		t.Fatalf("kept %d records, want warcinfo + a pair + the request of the cut pair", n)
	}
	if len(res.Manifest.Items) != 1 || res.Manifest.Items[0].Records[0] != first {
		t.Fatalf("items = %+v", res.Manifest.Items)
	}
	// The stored WARC scans clean: only whole members were kept.
	sum, _ := archive.ParseHex(res.WARCSHA256)
	rc, err := f.store.Open(ctx, archive.WARCKey(sum))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	entries, summary, err := warc.ScanAll(ctx, rc)
	if err != nil || len(summary.Findings) != 0 || len(entries) != 4 {
		t.Fatalf("scan: %d entries, findings %v, err %v", len(entries), summary.Findings, err)
	}
}

// TestRecoverCaptureKilledAtBirth: a process killed between creating the
// capture directory and its WARC leaves a directory with nothing in it;
// the next ingest removes it and stores nothing.
func TestRecoverCaptureKilledAtBirth(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(f.spool.Dir(), "20261129T000000Z-0000000000000000")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	res, err := f.ing.Ingest(context.Background(), dir)
	if err != nil || res.CaptureID != "" || f.log.Size() != 0 {
		t.Fatalf("ingest of an empty capture: %+v, %v, log size %d", res, err, f.log.Size())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("empty capture directory left behind: %v", err)
	}
}
