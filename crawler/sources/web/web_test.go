package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
)

func TestCanonical(t *testing.T) {
	cases := map[string]string{
		"HTTP://Example.ORG":             "http://example.org/",
		"https://example.org:443/a#frag": "https://example.org/a",
		"http://example.org:8080/a?b=1":  "http://example.org:8080/a?b=1",
		" https://example.org/x ":        "https://example.org/x",
	}
	for in, want := range cases {
		got, err := Canonical(in)
		if err != nil || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"ftp://example.org/", "/relative", "mailto:a@b", "http://"} {
		if _, err := Canonical(bad); err == nil {
			t.Errorf("Canonical(%q) accepted", bad)
		}
	}
}

func TestClassify(t *testing.T) {
	cases := map[int]string{200: "seen", 204: "seen", 404: "missing", 410: "missing", 451: "withheld",
		429: "unavailable", 500: "unavailable", 503: "unavailable", 403: "unavailable", 401: "unavailable"}
	for code, want := range cases {
		if got, _ := Classify(code); got != want {
			t.Errorf("Classify(%d) = %s, want %s", code, got, want)
		}
	}
}

func TestRecheckOutcomes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same", "/edited":
			w.Write([]byte("<title>page</title>" + r.URL.Path))
		case "/gone":
			http.Error(w, "gone", http.StatusGone)
		case "/legal":
			http.Error(w, "withheld", http.StatusUnavailableForLegalReasons)
		case "/busy":
			w.Header().Set("Retry-After", "30")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	same := ContentHash([]byte("<title>page</title>/same"))
	refs := []crawler.ItemRef{
		{ID: "web:" + srv.URL + "/same", URL: srv.URL + "/same", ContentSHA256: same},
		{ID: "web:" + srv.URL + "/edited", URL: srv.URL + "/edited", ContentSHA256: same},
		{ID: "web:" + srv.URL + "/gone", URL: srv.URL + "/gone"},
		{ID: "web:" + srv.URL + "/legal", URL: srv.URL + "/legal"},
		{ID: "web:" + srv.URL + "/busy", URL: srv.URL + "/busy"},
	}
	var sink crawlertest.Sink
	if err := New().Recheck(context.Background(), &crawlertest.Fetcher{}, refs, &sink); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range sink.Observations {
		got[o.Item] = o.Status
		if len(o.Records) != 1 {
			t.Errorf("%s: records %v", o.Item, o.Records)
		}
	}
	want := map[string]string{"/same": "seen", "/edited": "changed", "/gone": "missing", "/legal": "withheld", "/busy": "unavailable"}
	for path, status := range want {
		if got["web:"+srv.URL+path] != status {
			t.Errorf("%s: %q, want %q", path, got["web:"+srv.URL+path], status)
		}
	}
}

func TestPageTitle(t *testing.T) {
	if got := pageTitle([]byte("<html><TITLE>\n Tom &amp; Jerry\n</TITLE>")); got != "Tom & Jerry" {
		t.Errorf("pageTitle = %q", got)
	}
}
