package warc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func scanFile(t *testing.T, path string) []*Entry {
	t.Helper()
	es, sum := scanBytes(t, readFile(t, path))
	if len(sum.Findings) > 0 {
		t.Errorf("file findings: %v", sum.Findings)
	}
	return es
}

func scanBytes(t *testing.T, b []byte) ([]*Entry, Summary) {
	t.Helper()
	es, sum, err := ScanAll(context.Background(), bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Size != int64(len(b)) || sum.SHA256 != sha256.Sum256(b) {
		t.Errorf("summary size %d sha %x, stream has %d bytes", sum.Size, sum.SHA256, len(b))
	}
	return es, sum
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestScanMatchesWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mixed.warc.gz")
	written, sealed := writeMixed(t, path)
	byOffset := map[int64]Written{}
	for _, w := range written {
		byOffset[w.Offset] = w
	}
	raw := readFile(t, path)
	es, sum := scanBytes(t, raw)
	if sum.SHA256 != sealed.SHA256 || sum.LastGoodOffset != sealed.Size || len(sum.Findings) > 0 {
		t.Errorf("summary %+v, sealed %+v", sum, sealed)
	}
	if len(es) != len(written) {
		t.Fatalf("scan found %d records, %d written", len(es), len(written))
	}
	for _, e := range es {
		w := byOffset[e.Offset]
		member := sha256.Sum256(raw[e.Offset : e.Offset+e.Length])
		switch {
		case len(e.Findings) > 0:
			t.Errorf("offset %d: %v", e.Offset, e.Findings)
		case w.ID != e.ID || w.Length != e.Length || w.SHA256 != e.SHA256:
			t.Errorf("offset %d: scan %s %d %s, written %s %d %s", e.Offset, e.ID, e.Length, e.SHA256, w.ID, w.Length, w.SHA256)
		case e.SHA256 != hexOf(member[:]):
			t.Errorf("offset %d: member hash %s, bytes hash to %x", e.Offset, e.SHA256, member)
		case e.BlockDigest != w.BlockDigest || (w.PayloadDigest != "" && e.PayloadDigest != w.PayloadDigest):
			t.Errorf("offset %d: digests %s %s, written %s %s", e.Offset, e.BlockDigest, e.PayloadDigest, w.BlockDigest, w.PayloadDigest)
		case e.Type == TypeResponse && (e.HTTPStatus != 200 || e.HTTPContentType != "text/html"):
			t.Errorf("offset %d: http %d %q", e.Offset, e.HTTPStatus, e.HTTPContentType)
		}
		if got := e.Written(); got.ID != w.ID || got.Offset != w.Offset || !got.Date.Equal(w.Date) || got.IPAddress != w.IPAddress {
			t.Errorf("offset %d: Entry.Written %+v, written %+v", e.Offset, got, w)
		}
	}
}

func hexOf(b []byte) string { return SHA256Digest(b)[len("sha256:"):] }

// writeOne writes a file with the given records and returns its bytes and
// what the writer reported.
func writeOne(t *testing.T, recs ...Record) ([]byte, []Written) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "one.warc.gz")
	w, err := Create(path, testInfo(), fixedClock(testTime), WithIDFunc(seqIDs()))
	if err != nil {
		t.Fatal(err)
	}
	ws := []Written{w.Warcinfo()}
	for _, r := range recs {
		wr, err := w.Write(r)
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, wr)
	}
	if _, err := w.Seal(); err != nil {
		t.Fatal(err)
	}
	return readFile(t, path), ws
}

func kinds(fs []Finding) []Kind {
	var ks []Kind
	for _, f := range fs {
		ks = append(ks, f.Kind)
	}
	return ks
}

func TestScanChunkedPayload(t *testing.T) {
	body := strings.Repeat("chunk of an entity body; ", 40)
	var chunked bytes.Buffer
	cw := httputil.NewChunkedWriter(&chunked)
	for i := 0; i < len(body); i += 97 {
		cw.Write([]byte(body[i:min(i+97, len(body))]))
	}
	cw.Close()
	chunked.WriteString("X-Trailer: 1\r\n\r\n")
	raw := "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n" +
		"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n" + chunked.String()
	// The payload digest is computed here by Go's own de-chunker.
	dechunked, err := io.ReadAll(httputil.NewChunkedReader(strings.NewReader(chunked.String())))
	if err != nil || string(dechunked) != body {
		t.Fatalf("test setup: %v", err)
	}
	rec := responseRecord("https://example.org/c", raw)
	rec.PayloadDigest = sha256Label(dechunked)
	b, _ := writeOne(t, rec)
	es, _ := scanBytes(t, b)
	e := es[1]
	if len(e.Findings) > 0 || e.PayloadDigest != rec.PayloadDigest || e.HTTPStatus != 404 || e.HTTPContentType != "application/json" {
		t.Errorf("entry %+v", e)
	}
}

func TestScanDigestMismatches(t *testing.T) {
	good := responseRecord("https://example.org/", httpResponse)
	badBlock := good
	badBlock.Block = strings.NewReader(httpResponse)
	badBlock.BlockDigest = sha256Label([]byte("something else"))
	badPayload := responseRecord("https://example.org/", httpResponse)
	badPayload.PayloadDigest = sha256Label([]byte("<p>hello</p>"))
	unsupported := responseRecord("https://example.org/", httpResponse)
	unsupported.PayloadDigest = "sha1:UZY6ND6CCHXETFVJD2MSS7ZENMWF7KQ2"
	b, _ := writeOne(t, badBlock, badPayload, unsupported)
	es, sum := scanBytes(t, b)
	if len(sum.Findings) > 0 || len(es) != 4 {
		t.Fatalf("%d entries, findings %v", len(es), sum.Findings)
	}
	for i, want := range []Kind{KindBlockDigest, KindPayloadDigest, KindBadDigest} {
		e := es[i+1]
		if got := kinds(e.Findings); len(got) != 1 || got[0] != want || e.Findings[0].Offset != e.Offset || e.Findings[0].Record != e.ID {
			t.Errorf("record %d: findings %v, want %s", i+1, e.Findings, want)
		}
	}
}

func TestScanTruncatedAndRecover(t *testing.T) {
	b, ws := writeOne(t, responseRecord("https://example.org/1", httpResponse), responseRecord("https://example.org/2", httpResponse))
	last := ws[len(ws)-1]
	for _, cut := range []int64{1, 5, last.Length / 2, last.Length - 1} {
		part := b[:last.Offset+cut]
		es, sum := scanBytes(t, part)
		if len(es) != 2 || sum.LastGoodOffset != last.Offset || !sum.Truncated() {
			t.Errorf("cut %d: %d entries, summary %+v", cut, len(es), sum)
		}
	}
	path := filepath.Join(t.TempDir(), "crashed.warc.gz")
	if err := os.WriteFile(path, b[:last.Offset+last.Length/2], 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := Recover(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	kept := readFile(t, path)
	if rec.Cut != last.Length/2 || rec.Sealed.Size != last.Offset || rec.Sealed.SHA256 != sha256.Sum256(kept) || len(rec.Entries) != 2 {
		t.Errorf("recovered %+v, file %d bytes", rec, len(kept))
	}
	if !bytes.Equal(kept, b[:last.Offset]) {
		t.Error("recovered file is not the prefix up to the last whole member")
	}
}

func TestScanStructuralFindings(t *testing.T) {
	b, ws := writeOne(t, responseRecord("https://example.org/", httpResponse))
	resp := ws[1]
	garbage := append(append([]byte{}, b...), "not gzip at all"...)
	_, sum := scanBytes(t, garbage)
	if k := kinds(sum.Findings); len(k) != 1 || k[0] != KindTrailingGarbage || sum.Findings[0].Offset != int64(len(b)) {
		t.Errorf("trailing garbage: %v", sum.Findings)
	}
	_, sum = scanBytes(t, []byte("WARC/1.1\r\nplain text\r\n"))
	if k := kinds(sum.Findings); len(k) != 1 || k[0] != KindNotGzip {
		t.Errorf("plain file: %v", sum.Findings)
	}
	corrupt := append([]byte{}, b...)
	corrupt[resp.Offset+resp.Length-6] ^= 0xff // inside the CRC-32/size trailer
	es, sum := scanBytes(t, corrupt)
	if k := kinds(sum.Findings); len(es) != 1 || len(k) != 1 || k[0] != KindCorruptMember || sum.LastGoodOffset != resp.Offset {
		t.Errorf("corrupt member: %d entries, %v", len(es), sum.Findings)
	}
	path := filepath.Join(t.TempDir(), "corrupt.warc.gz")
	os.WriteFile(path, corrupt, 0o644)
	if _, err := Recover(context.Background(), path); !errors.Is(err, ErrUnrecoverable) {
		t.Errorf("Recover of a corrupt member: %v", err)
	}
}

// gz compresses parts as one member each.
func gz(parts ...string) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(p))
		zw.Close()
	}
	return b.Bytes()
}

func TestScanRecordFindings(t *testing.T) {
	const head = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2026-01-01T00:00:00Z\r\nContent-Type: text/plain\r\n"
	rec := head + "Content-Length: 5\r\n\r\nhello\r\n\r\n"
	cases := map[string]struct {
		members []string
		want    Kind
	}{
		"two records in one member": {[]string{rec + rec}, KindExtraData},
		"short block":               {[]string{head + "Content-Length: 50\r\n\r\nhello\r\n\r\n"}, KindShortBlock},
		"no record end":             {[]string{head + "Content-Length: 5\r\n\r\nhelloXXXX"}, KindBadRecordEnd},
		"bad content length":        {[]string{head + "Content-Length: -5\r\n\r\nhello\r\n\r\n"}, KindBadContentLength},
		"missing date":              {[]string{strings.Replace(rec, "WARC-Date", "X-Date", 1)}, KindMissingField},
		"not warc":                  {[]string{strings.Replace(rec, "WARC/1.1", "HTTP/1.1", 1)}, KindBadHeader},
		"empty member":              {[]string{""}, KindEmptyMember},
		"header never ends":         {[]string{"WARC/1.1\r\nWARC-Type: x\r\n"}, KindBadHeader},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			es, sum := scanBytes(t, gz(append(c.members, rec)...))
			if len(sum.Findings) > 0 || len(es) != 2 {
				t.Fatalf("%d entries, file findings %v", len(es), sum.Findings)
			}
			if k := kinds(es[0].Findings); len(k) == 0 || k[0] != c.want {
				t.Errorf("findings %v, want %s", es[0].Findings, c.want)
			}
			if len(es[1].Findings) > 0 || es[1].PayloadDigest != sha256Label([]byte("hello")) {
				t.Errorf("following record: %+v", es[1])
			}
		})
	}
}

func TestScanStopsOnCallbackError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mixed.warc.gz")
	writeMixed(t, path)
	stop := errors.New("enough")
	n := 0
	_, err := Scan(context.Background(), bytes.NewReader(readFile(t, path)), func(*Entry) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("err %v after %d calls", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Scan(ctx, bytes.NewReader(readFile(t, path)), func(*Entry) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled scan: %v", err)
	}
}

func TestOpenRecord(t *testing.T) {
	b, ws := writeOne(t, responseRecord("https://example.org/o", httpResponse))
	h, block, err := OpenRecord(bytes.NewReader(b), ws[1].Offset, ws[1].Length)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(block)
	if err != nil || string(got) != httpResponse || h.Get("warc-target-uri") != "https://example.org/o" {
		t.Errorf("block %q err %v header %v", got, err, h)
	}
}

func FuzzScan(f *testing.F) {
	f.Add(gz("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n"))
	f.Add(gz("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\nWARC-Payload-Digest: sha256:00\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n\r\n\r\n"))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		es, sum, err := ScanAll(context.Background(), bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if sum.Size != int64(len(b)) || sum.LastGoodOffset > sum.Size {
			t.Fatalf("summary %+v for %d bytes", sum, len(b))
		}
		var end int64
		for _, e := range es {
			if e.Offset != end || e.Length <= 0 {
				t.Fatalf("entry at %d length %d, previous end %d", e.Offset, e.Length, end)
			}
			end = e.Offset + e.Length
		}
		if end != sum.LastGoodOffset {
			t.Fatalf("entries end at %d, last good %d", end, sum.LastGoodOffset)
		}
	})
}
