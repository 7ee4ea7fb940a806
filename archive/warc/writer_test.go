package warc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixedClock returns a clock that always answers t.
func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// seqIDs returns an id function giving urn:uuid ids 1, 2, 3, ...
func seqIDs() func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", n)
	}
}

var testTime = time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.UTC)

func testInfo() Warcinfo {
	return Warcinfo{
		Software:     "afterimage test",
		Hostname:     "collector-1",
		UserAgent:    "afterimage/0 (+https://example.org/bot)",
		Robots:       "respect",
		BodyCap:      10 << 20,
		Timeout:      "30s",
		ConfigSHA256: strings.Repeat("ab", 32),
	}
}

const httpResponse = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\n\r\n<p>hello</p>\n"

// responseRecord builds a response record with the digests computed here,
// independently of the writer.
func responseRecord(uri, raw string) Record {
	_, body, _ := strings.Cut(raw, "\r\n\r\n")
	return Record{
		Type:          TypeResponse,
		TargetURI:     uri,
		ContentType:   ContentTypeHTTPResponse,
		IPAddress:     "127.0.0.1",
		PayloadDigest: sha256Label([]byte(body)),
		Block:         strings.NewReader(raw),
		BlockLen:      int64(len(raw)),
	}
}

func sha256Label(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func TestGoldenRecordBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "golden.warc.gz")
	w, err := Create(path, testInfo(), fixedClock(testTime), WithIDFunc(seqIDs()))
	if err != nil {
		t.Fatal(err)
	}
	rec := responseRecord("https://example.org/a?b=c", httpResponse)
	rec.ConcurrentTo = []string{"<urn:uuid:00000000-0000-4000-8000-000000000099>"}
	rec.Extra = []Field{{"WARC-Protocol", "http/1.1"}}
	if _, err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	sealed, err := w.Seal()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := sha256.Sum256(raw); got != sealed.SHA256 || int64(len(raw)) != sealed.Size {
		t.Fatalf("Seal reports %d bytes %x, file has %d bytes %x", sealed.Size, sealed.SHA256, len(raw), got)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden.warc")
	if *update {
		if err := os.WriteFile(golden, plain, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, want) {
		t.Errorf("records differ from %s:\ngot:\n%s\nwant:\n%s", golden, plain, want)
	}
}

func TestWriteFillsAndRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.warc.gz")
	w, err := Create(path, testInfo(), fixedClock(testTime), WithIDFunc(seqIDs()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(Record{Type: TypeWarcinfo}); err == nil {
		t.Error("second warcinfo record accepted")
	}
	bad := responseRecord("https://example.org/\r\nWARC-Type: evil", httpResponse)
	if _, err := w.Write(bad); err == nil {
		t.Error("target URI with CRLF accepted")
	}
	short := responseRecord("https://example.org/", httpResponse)
	short.BlockLen += 10
	if _, err := w.Write(short); err == nil {
		t.Error("block shorter than BlockLen accepted")
	}
	wr, err := w.Write(responseRecord("https://example.org/", httpResponse))
	if err != nil {
		t.Fatal(err)
	}
	if wr.Offset != w.Warcinfo().Length || wr.BlockDigest != sha256Label([]byte(httpResponse)) {
		t.Errorf("written %+v, warcinfo length %d", wr, w.Warcinfo().Length)
	}
	if _, err := w.Seal(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(responseRecord("https://example.org/", httpResponse)); err != ErrSealed {
		t.Errorf("write after seal: %v, want ErrSealed", err)
	}
	if _, err := Create(path, testInfo(), fixedClock(testTime)); err == nil {
		t.Error("Create over an existing file succeeded")
	}
}

// onlyReader hides any Seek method, so the writer must buffer to digest.
type onlyReader struct{ io.Reader }

func TestBlockDigestPaths(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.warc.gz")
	w, err := Create(path, testInfo(), fixedClock(testTime), WithMemberBufferLimit(1000))
	if err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("0123456789abcdef"), 4000) // 64000 bytes: above the limit
	want := sha256Label(big)
	for name, block := range map[string]io.Reader{
		"seeker":   bytes.NewReader(big),
		"buffered": onlyReader{bytes.NewReader(big)},
	} {
		wr, err := w.Write(Record{Type: TypeResource, TargetURI: "file:///" + name, ContentType: "text/plain",
			Block: block, BlockLen: int64(len(big))})
		if err != nil {
			t.Fatal(err)
		}
		if wr.BlockDigest != want {
			t.Errorf("%s: block digest %s, want %s", name, wr.BlockDigest, want)
		}
	}
	if _, err := w.Seal(); err != nil {
		t.Fatal(err)
	}
	entries := scanFile(t, path)
	for _, e := range entries {
		if len(e.Findings) > 0 {
			t.Errorf("findings: %v", e.Findings)
		}
	}
	if len(entries) != 3 || entries[1].BlockDigest != want || entries[2].PayloadDigest != want {
		t.Errorf("scan: %d entries", len(entries))
	}
}
