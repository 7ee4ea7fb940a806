package verify_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/archivetest"
	"github.com/afterimage-archive/afterimage/archive/verify"
)

func run(t *testing.T, a *archivetest.Archive) ([]verify.Problem, verify.Stats) {
	t.Helper()
	var problems []verify.Problem
	stats, err := verify.Run(context.Background(), a.Store, verify.Options{Origin: archivetest.Origin,
		Verifier: a.Verifier, VKey: a.VKey}, func(p verify.Problem) { problems = append(problems, p) })
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].Key < problems[j].Key })
	return problems, stats
}

func sample(a *archivetest.Archive) []string {
	var ids []string
	for i := range 3 {
		r := a.Capture(archivetest.Page{URL: "https://example.org/a", Status: 200, Body: "<title>a</title>" + strings.Repeat("x", i)},
			archivetest.Page{URL: "https://example.org/gone", Status: 404, Body: "not found"})
		ids = append(ids, r.CaptureID)
	}
	return ids
}

func TestSoundArchive(t *testing.T) {
	a := archivetest.New(t)
	sample(a)
	problems, st := run(t, a)
	if len(problems) != 0 {
		t.Fatalf("problems in a sound archive: %v", problems)
	}
	if st.WARCs != 3 || st.Manifests != 3 || st.Leaves != 3 || st.Checkpoints != 3 || st.Records != 15 {
		t.Errorf("stats = %+v", st)
	}
}

// file returns the writable path of a stored object.
func file(t *testing.T, a *archivetest.Archive, key string) string {
	t.Helper()
	p := filepath.Join(a.Dir, "store", filepath.FromSlash(key))
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEveryProblemListed(t *testing.T) {
	a := archivetest.New(t)
	ids := sample(a)
	ctx := context.Background()
	// A byte flipped in the first capture's WARC.
	sum0, _ := archive.ParseHex(ids[0])
	b, _ := readAll(ctx, a, archive.ManifestKey(sum0))
	warcKey := between(string(b), `"key":"`, `"`)
	p := file(t, a, warcKey)
	w, _ := os.ReadFile(p)
	w[len(w)/2] ^= 0x20
	os.WriteFile(p, w, 0o644)
	// The second capture's manifest deleted.
	sum1, _ := archive.ParseHex(ids[1])
	os.Remove(file(t, a, archive.ManifestKey(sum1)))
	// A stray object.
	os.WriteFile(filepath.Join(a.Dir, "store", "notes.txt"), []byte("hello"), 0o444)

	problems, _ := run(t, a)
	keys := map[string]bool{}
	for _, p := range problems {
		keys[p.Key] = true
	}
	for _, want := range []string{warcKey, archive.ManifestKey(sum1), "notes.txt"} {
		if !keys[want] {
			t.Errorf("no problem named %s; got %v", want, problems)
		}
	}
}

func TestReplacedCheckpointNamed(t *testing.T) {
	a := archivetest.New(t)
	sample(a)
	p := file(t, a, "log/checkpoints/2")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "\n2\n", "\n2 \n", 1)), 0o644)
	problems, _ := run(t, a)
	found := false
	for _, pr := range problems {
		found = found || pr.Key == "log/checkpoints/2"
	}
	if !found {
		t.Fatalf("edited checkpoint not named: %v", problems)
	}
}

func readAll(ctx context.Context, a *archivetest.Archive, key string) ([]byte, error) {
	rc, err := a.Store.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	return s[:strings.Index(s, to)]
}
