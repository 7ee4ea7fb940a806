package warc

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nlnwa/gowarc/v3"
)

// writeMixed writes a file with every kind of record afterimage writes,
// from several goroutines at once, and returns what the writer reported.
func writeMixed(t *testing.T, path string) ([]Written, Sealed) {
	t.Helper()
	w, err := Create(path, testInfo(), fixedClock(testTime), WithMemberBufferLimit(32<<10))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	all := []Written{w.Warcinfo()}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				for _, rec := range mixedRecords(w, g, i) {
					wr, err := w.Write(rec)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					all = append(all, wr)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	sealed, err := w.Seal()
	if err != nil {
		t.Fatal(err)
	}
	return all, sealed
}

// mixedRecords returns a linked request/response pair, and for some i a
// resource record or a large (over the member buffer limit) response.
func mixedRecords(w *Writer, g, i int) []Record {
	uri := fmt.Sprintf("https://example.org/%d/%d?q=x", g, i)
	reqID, respID := w.NewID(), w.NewID()
	reqRaw := "GET /" + fmt.Sprint(g, "/", i) + "?q=x HTTP/1.1\r\nHost: example.org\r\nUser-Agent: t\r\n\r\n"
	size := 1300
	if i%10 == 9 {
		size = 100 << 10
	}
	body := pseudoHTML(rand.New(rand.NewPCG(uint64(g), uint64(i))), size)
	respRaw := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	req := Record{Type: TypeRequest, ID: reqID, TargetURI: uri, ContentType: ContentTypeHTTPRequest,
		ConcurrentTo: []string{respID}, IPAddress: "127.0.0.1",
		Block: strings.NewReader(reqRaw), BlockLen: int64(len(reqRaw))}
	resp := responseRecord(uri, respRaw)
	resp.ID, resp.ConcurrentTo = respID, []string{reqID}
	recs := []Record{req, resp}
	if i%7 == 3 {
		recs = append(recs, Record{Type: TypeResource, TargetURI: uri + "#shot", ContentType: "image/png",
			PayloadDigest: sha256Label(body), Block: bytes.NewReader(body), BlockLen: int64(len(body))})
	}
	return recs
}

// pseudoHTML returns n bytes of HTML-like text that compresses like a page.
func pseudoHTML(r *rand.Rand, n int) []byte {
	words := []string{"<div class=\"post\">", "</div>", "<a href=\"/tags/", "evidence", "account",
		"posted", "the", "and", "<p>", "</p>", "followers", "2018-01-", "#FreeIran", "deleted", "\n"}
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
		b.WriteByte(' ')
		fmt.Fprintf(&b, "%d", r.IntN(100000))
	}
	return b.Bytes()[:n]
}

func TestGowarcStrictValidation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mixed.warc.gz")
	written, _ := writeMixed(t, path)
	byOffset := map[int64]Written{}
	for _, w := range written {
		byOffset[w.Offset] = w
	}
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("record %d: %v", n, err)
		}
		n++
		if len(rec.Validation) > 0 {
			t.Errorf("offset %d: validation %v", rec.Offset, rec.Validation)
		}
		v, err := rec.WarcRecord.ValidateDigest()
		if err != nil || len(v) > 0 {
			t.Errorf("offset %d: digests: %v %v", rec.Offset, err, v)
		}
		w, ok := byOffset[rec.Offset]
		switch {
		case !ok:
			t.Errorf("gowarc record at %d: no written record there", rec.Offset)
		case rec.Size != w.Length || "<"+rec.WarcRecord.RecordId()+">" != w.ID:
			t.Errorf("offset %d: gowarc size %d id %s, written %d %s", rec.Offset, rec.Size, rec.WarcRecord.RecordId(), w.Length, w.ID)
		case rec.WarcRecord.WarcHeader().Get(gowarc.WarcBlockDigest) != w.BlockDigest:
			t.Errorf("offset %d: block digest differs", rec.Offset)
		}
		rec.Close()
	}
	if n != len(written) {
		t.Errorf("gowarc read %d records, %d written", n, len(written))
	}
}
