package crawler_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

func fixedClock() time.Time {
	return time.Date(2026, 3, 1, 12, 30, 0, 500, time.FixedZone("IRST", 3*3600+1800))
}

func TestStamp(t *testing.T) {
	if got, want := crawler.Stamp(fixedClock), "2026-03-01T09:00:00.0000005Z"; got != want {
		t.Errorf("Stamp = %q, want %q", got, want)
	}
}

func TestSeenStatus(t *testing.T) {
	cases := []struct{ hash, prev, want string }{
		{"aa", "", "seen"},
		{"aa", "aa", "seen"},
		{"aa", "bb", "changed"},
	}
	for _, c := range cases {
		if got := crawler.SeenStatus(c.hash, c.prev); got != c.want {
			t.Errorf("SeenStatus(%q, %q) = %q, want %q", c.hash, c.prev, got, c.want)
		}
	}
}

func TestDecide(t *testing.T) {
	o := manifest.Observation{Item: "x:1", HTTPStatus: 200, Records: []string{"<urn:r>"}, ContentSHA256: "aa", Detail: "old"}
	got := crawler.Decide(o, fixedClock, "missing", "Not Found")
	want := manifest.Observation{Item: "x:1", HTTPStatus: 200, Records: []string{"<urn:r>"},
		Status: "missing", Detail: "Not Found", At: "2026-03-01T09:00:00.0000005Z"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Decide = %+v, want %+v", got, want)
	}
	got = crawler.DecideSeen(o, fixedClock, "bb", "aa")
	if got.Status != "changed" || got.ContentSHA256 != "bb" || got.Detail != "" || got.At != want.At {
		t.Errorf("DecideSeen(changed) = %+v", got)
	}
	if got = crawler.DecideSeen(o, fixedClock, "aa", "aa"); got.Status != "seen" || got.ContentSHA256 != "aa" {
		t.Errorf("DecideSeen(same) = %+v", got)
	}
}
