package manifest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/capture.golden.json")

const goldenPath = "testdata/capture.golden.json"

func hexOf(c byte) string { return strings.Repeat(string(c), 64) }

// fixture is a manifest with every field set to a fixed value.
func fixture() *Manifest {
	return &Manifest{
		Version: Version,
		Kind:    KindCapture,
		Context: Context{
			Software: "afterimage 0.1.0", Command: "collect", Target: "freeiran",
			ConfigSHA256: hexOf('c'), UserAgent: "afterimage/0.1 (+https://example.org/contact)",
			Robots: "respect", BodyCap: 50000000, Timeout: "30s", Hostname: "lab-1",
			Redactions: []string{"request header Authorization"},
		},
		Started:  "2024-03-01T12:00:00Z",
		Finished: "2024-03-01T12:00:05.25Z",
		WARCs:    []WARC{{Key: "warc/" + hexOf('a') + ".warc.gz", SHA256: hexOf('a'), Size: 4096, VersionID: "v1"}},
		Records: []Record{
			{WARC: 0, ID: "<urn:uuid:00000000-0000-4000-8000-000000000001>", Type: "request",
				TargetURI:    "https://mastodon.example/api/v1/timelines/tag/FreeIran",
				ConcurrentTo: "<urn:uuid:00000000-0000-4000-8000-000000000002>",
				Offset:       0, Length: 300, SHA256: hexOf('1'), BlockDigest: "sha256:" + hexOf('2'),
				FetchStart: "2024-03-01T12:00:01Z", FetchEnd: "2024-03-01T12:00:02Z"},
			{WARC: 0, ID: "<urn:uuid:00000000-0000-4000-8000-000000000002>", Type: "response",
				TargetURI:    "https://mastodon.example/api/v1/timelines/tag/FreeIran",
				ConcurrentTo: "<urn:uuid:00000000-0000-4000-8000-000000000001>",
				Offset:       300, Length: 3000, SHA256: hexOf('3'), BlockDigest: "sha256:" + hexOf('4'),
				PayloadDigest: "sha256:" + hexOf('5'), Status: 200, ContentType: "application/json",
				IPAddress: "127.0.0.1", Truncated: "length",
				FetchStart: "2024-03-01T12:00:01Z", FetchEnd: "2024-03-01T12:00:02.5Z"},
		},
		Failures: []Failure{{URL: "https://unreachable.example/", Error: "dial tcp: connection refused", At: "2024-03-01T12:00:03Z"}},
		Items: []Item{
			{ID: "mastodon:https://mastodon.example/users/a/statuses/1", Platform: "mastodon", Kind: ItemPost,
				URL: "https://mastodon.example/@a/1", Tags: []string{"freeiran", "ایران"},
				Text: "Hello \"world\" <b>ایران</b>\n😀", CreatedAt: "2024-02-29T23:59:59Z",
				Author: "mastodon:https://mastodon.example/users/a", Media: []string{"https://mastodon.example/m/1.jpg"},
				Records: []string{"<urn:uuid:00000000-0000-4000-8000-000000000002>"}},
			{ID: "mastodon:https://mastodon.example/users/a", Platform: "mastodon", Kind: ItemAccount,
				URL: "https://mastodon.example/@a", Tags: []string{}, Text: "bio",
				Account: &Account{Handle: "a@mastodon.example", DisplayName: "A", CreatedAt: "2023-11-01T00:00:00Z",
					Followers: 12, Following: 40, Posts: 300, AvatarURL: "https://mastodon.example/avatars/original/missing.png", DefaultAvatar: true},
				Media: []string{}, Records: []string{"<urn:uuid:00000000-0000-4000-8000-000000000002>"}},
		},
		Observations: []Observation{
			{Item: "mastodon:https://mastodon.example/users/a/statuses/1", Status: StatusSeen, At: "2024-03-01T12:00:02.5Z",
				HTTPStatus: 200, ContentSHA256: hexOf('6'), Detail: "",
				Records: []string{"<urn:uuid:00000000-0000-4000-8000-000000000002>"}},
		},
	}
}

func TestGolden(t *testing.T) {
	got, err := Marshal(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal differs from %s at byte %d:\n%s", goldenPath, firstDiff(got, want), got)
	}
	m, err := Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, fixture()) {
		t.Errorf("Parse(golden) = %+v, want the fixture", m)
	}
}

func TestMarshalNilSlices(t *testing.T) {
	empty := &Manifest{Version: Version, Kind: KindCapture,
		Context: Context{Software: "afterimage 0.1.0", Command: "capture"},
		Started: "2024-03-01T12:00:00Z", Finished: "2024-03-01T12:00:00Z"}
	b, err := Marshal(empty)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("null")) {
		t.Errorf("nil slices written as null: %s", b)
	}
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Marshal(m)
	if err != nil || !bytes.Equal(again, b) {
		t.Errorf("round trip changed the bytes (%v):\n%s\n%s", err, b, again)
	}
	f := fixture()
	f.Items[0].Media = nil
	if _, err := Marshal(f); err != nil || f.Items[0].Media != nil {
		t.Errorf("Marshal modified its argument or failed: %v", err)
	}
}

func TestExportManifest(t *testing.T) {
	m := fixture()
	m.Kind = KindExport
	m.Export = &Export{Bundle: "case.zip", SHA256: hexOf('e'), Items: []string{m.Items[0].ID}, Filter: "--tag freeiran"}
	b, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Export == nil || got.Export.Captures == nil || got.Export.Bundle != "case.zip" {
		t.Errorf("export = %+v", got.Export)
	}
}

func TestID(t *testing.T) {
	// SHA-256 of the empty string.
	if got := ID(nil); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("ID(nil) = %s", got)
	}
	b, err := os.ReadFile(filepath.FromSlash(goldenPath))
	if err != nil {
		t.Fatal(err)
	}
	if id := ID(b); len(id) != 64 || !isHex64(id) {
		t.Errorf("ID = %q", id)
	}
}
