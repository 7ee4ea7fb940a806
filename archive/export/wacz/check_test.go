package wacz

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/warc"
)

var created = time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)

// smallWARC writes a WARC with one response and returns its bytes and
// the response's member.
func smallWARC(t *testing.T) ([]byte, warc.Written) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.warc.gz")
	w, err := warc.Create(p, warc.Warcinfo{Software: "test"}, func() time.Time { return created })
	if err != nil {
		t.Fatal(err)
	}
	body := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello"
	wr, err := w.Write(warc.Record{Type: warc.TypeResponse, TargetURI: "https://example.org/a", ContentType: warc.ContentTypeHTTPResponse,
		Block: strings.NewReader(body), BlockLen: int64(len(body))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Seal(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	return b, wr
}

// buildWACZ writes a WACZ around one small WARC.
func buildWACZ(t *testing.T) []byte {
	t.Helper()
	data, wr := smallWARC(t)
	var buf bytes.Buffer
	w := NewWriter(&buf, Options{Software: "afterimage test", Version: "test", Created: created, Rand: rand.Reader})
	dst, err := w.CreateWARC("a.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	dst.Write(data)
	w.Index(IndexEntry{URL: "https://example.org/a", Date: created, Mime: "text/html", Filename: "a.warc.gz",
		Offset: wr.Offset, Length: wr.Length, Status: 200, RecordDigest: "sha256:" + wr.SHA256})
	w.AddPage(Page{ID: "p", URL: "https://example.org/a", Title: "A", TS: created})
	if _, _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func check(t *testing.T, b []byte) (Info, []string) {
	t.Helper()
	var ps []string
	info, err := Check(bytes.NewReader(b), int64(len(b)), func(p Problem) { ps = append(ps, p.String()) })
	if err != nil {
		t.Fatal(err)
	}
	return info, ps
}

func TestWrittenWACZChecksClean(t *testing.T) {
	b := buildWACZ(t)
	info, ps := check(t, b)
	if len(ps) > 0 || !info.Signed || info.IndexLines != 1 || len(info.WARCs) != 1 {
		t.Fatalf("info %+v problems %v", info, ps)
	}
	if info.DataPackage.WACZVersion != "1.1.1" || info.DataPackage.MainPageURL != "https://example.org/a" ||
		info.Digest.SignedData.Created != info.DataPackage.Created {
		t.Errorf("datapackage %+v", info.DataPackage)
	}
}

// rewrite rebuilds a WACZ with one file's bytes changed by edit.
func rewrite(t *testing.T, b []byte, name string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == name {
			data = edit(data)
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

func TestCheckFindsTampering(t *testing.T) {
	b := buildWACZ(t)
	editJSON := func(fn func(m map[string]any)) func([]byte) []byte {
		return func(data []byte) []byte {
			var m map[string]any
			json.Unmarshal(data, &m)
			fn(m)
			out, _ := json.Marshal(m)
			return out
		}
	}
	cases := []struct {
		name, file, want string
		edit             func([]byte) []byte
	}{
		{"warc byte", "archive/a.warc.gz", "archive/a.warc.gz: hash is", func(d []byte) []byte { d[len(d)-20] ^= 1; return d }},
		{"index", IndexPath, "indexes/index.cdx: hash is", func(d []byte) []byte { return bytes.Replace(d, []byte("text/html"), []byte("text/xml!"), 1) }},
		{"datapackage", DataPackagePath, "datapackage-digest.json: names", func(d []byte) []byte { return append(d, ' ') }},
		{"extra field", DigestPath, "exactly", editJSON(func(m map[string]any) { m["signedData"].(map[string]any)["domain"] = "x" })},
		{"created", DigestPath, "differs from datapackage.json created", editJSON(func(m map[string]any) { m["signedData"].(map[string]any)["created"] = "2020-01-01T00:00:00Z" })},
		{"signature", DigestPath, "does not verify", editJSON(func(m map[string]any) {
			sd := m["signedData"].(map[string]any)
			sig, err := base64.StdEncoding.DecodeString(sd["signature"].(string))
			if err != nil {
				panic(err)
			}
			sig[5] ^= 1 // still base64, no longer the signature
			sd["signature"] = base64.StdEncoding.EncodeToString(sig)
		})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			info, ps := check(t, rewrite(t, b, tc.file, tc.edit))
			if !strings.Contains(strings.Join(ps, "\n"), tc.want) {
				t.Fatalf("problems do not say %q:\n%s", tc.want, strings.Join(ps, "\n"))
			}
			if tc.file == DigestPath && info.Signed {
				t.Error("still shown as signed")
			}
		})
	}
}

func TestCheckFindsRecordDigestMismatch(t *testing.T) {
	b := buildWACZ(t)
	bad := rewrite(t, b, IndexPath, func(d []byte) []byte {
		i := bytes.Index(d, []byte(`"recordDigest":"sha256:`)) + len(`"recordDigest":"sha256:`)
		sum := sha256.Sum256([]byte("other"))
		copy(d[i:], hex.EncodeToString(sum[:]))
		return d
	})
	// Re-list the edited index so only the record digest is wrong.
	_, ps := check(t, bad)
	if !strings.Contains(strings.Join(ps, "\n"), "line 1 says sha256:") {
		t.Fatalf("problems: %v", ps)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, b []byte) {
		Check(bytes.NewReader(b), int64(len(b)), func(Problem) {})
	})
}
