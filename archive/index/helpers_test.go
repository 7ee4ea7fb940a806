package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func hours(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// newManifest starts a capture manifest of target, run at t.
func newManifest(command, target string, t time.Time) *manifest.Manifest {
	w := sum(command + target + ts(t))
	return &manifest.Manifest{
		Version: manifest.Version, Kind: manifest.KindCapture,
		Context: manifest.Context{Software: "afterimage test", Command: command, Target: target,
			ConfigSHA256: sum("config"), Robots: "respect", BodyCap: 1 << 20, Timeout: "30s"},
		Started: ts(t), Finished: ts(t.Add(time.Minute)),
		WARCs: []manifest.WARC{{Key: "warc/" + w + ".warc.gz", SHA256: w, Size: 1000}},
	}
}

// record adds a response record for uri fetched at t and returns its id.
func record(m *manifest.Manifest, uri string, status int, t time.Time) string {
	n := len(m.Records)
	id := fmt.Sprintf("<urn:uuid:%s-%d>", m.WARCs[0].SHA256[:8], n)
	m.Records = append(m.Records, manifest.Record{
		WARC: 0, ID: id, Type: "response", TargetURI: uri, Offset: int64(n * 100), Length: 100,
		SHA256: sum(id), BlockDigest: "sha256:" + sum("b"+id), PayloadDigest: "sha256:" + sum("p"+id),
		Status: status, ContentType: "application/json", IPAddress: "127.0.0.1",
		FetchStart: ts(t), FetchEnd: ts(t.Add(time.Second)),
	})
	return id
}

// post lists a post item seen at t, with its own record.
func post(m *manifest.Manifest, id, text, author string, t time.Time, tags ...string) {
	platform, _, _ := manifest.SplitItemID(id)
	rec := record(m, "https://example.org/"+id, 200, t)
	m.Items = append(m.Items, manifest.Item{ID: id, Platform: platform, Kind: manifest.ItemPost,
		URL: "https://example.org/" + id, Tags: tags, Text: text, CreatedAt: ts(t.Add(-time.Hour)),
		Author: author, Media: []string{"https://example.org/m.jpg"}, Records: []string{rec}})
}

// account lists an account item seen at t.
func account(m *manifest.Manifest, id, handle string, followers int64, t time.Time) {
	platform, _, _ := manifest.SplitItemID(id)
	rec := record(m, "https://example.org/"+id, 200, t)
	m.Items = append(m.Items, manifest.Item{ID: id, Platform: platform, Kind: manifest.ItemAccount,
		URL: "https://example.org/" + handle, Text: "bio of " + handle, Records: []string{rec},
		Account: &manifest.Account{Handle: handle, DisplayName: "Name " + handle,
			CreatedAt: "2023-11-01T00:00:00Z", Followers: followers, Following: 3, Posts: 7,
			AvatarURL: "https://example.org/a.png", DefaultAvatar: followers < 100}})
}

// observe records an explicit observation at t, backed by a new record.
func observe(m *manifest.Manifest, item, status string, t time.Time, httpStatus int, detail, hash string) {
	var recs []string
	if httpStatus != 0 {
		recs = append(recs, record(m, "https://example.org/check/"+item, httpStatus, t))
	}
	m.Observations = append(m.Observations, manifest.Observation{Item: item, Status: status,
		At: ts(t), HTTPStatus: httpStatus, ContentSHA256: hash, Detail: detail, Records: recs})
}

// captureID is the capture id of m's canonical bytes.
func captureID(t testing.TB, m *manifest.Manifest) string {
	b, err := manifest.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return manifest.ID(b)
}

func addAll(t testing.TB, ix *Index, ms []*manifest.Manifest, order []int) []string {
	ids := make([]string, len(ms))
	for _, i := range order {
		ids[i] = captureID(t, ms[i])
		if err := ix.AddCapture(context.Background(), ids[i], int64(i), ms[i]); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func openTemp(t testing.TB, opts Options) *Index {
	ix, err := Open(context.Background(), filepath.Join(t.TempDir(), "index.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func inOrder(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	return o
}
