package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/warc"
	"github.com/afterimage-archive/afterimage/schedules"
)

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestSiteServesPagesAndImages(t *testing.T) {
	s := newSite(siteSpec{Pages: 3, PageSize: 1200, ImageSize: 2048, Seed: 1})
	srv := httptest.NewServer(s)
	defer srv.Close()
	_, index := get(t, srv.URL+"/")
	if n := strings.Count(string(index), `<a href="/p/`); n != 3 {
		t.Errorf("index links to %d pages, want 3", n)
	}
	_, page := get(t, srv.URL+"/p/1.html")
	if len(page) < 1100 || len(page) > 1200 {
		t.Errorf("page is %d bytes, want about 1200", len(page))
	}
	if !bytes.Contains(page, []byte(`<img src="/img/1.jpg"`)) || !bytes.Contains(page, []byte(`href="/p/2.html"`)) {
		t.Errorf("page 1 lacks its image or its next link:\n%s", page)
	}
	_, img0 := get(t, srv.URL+"/img/0.jpg")
	_, img1 := get(t, srv.URL+"/img/1.jpg")
	if len(img0) != 2048 || len(img1) != 2048 || bytes.Equal(img0, img1) {
		t.Errorf("images: %d and %d bytes, equal %v; want two different 2048-byte images", len(img0), len(img1), bytes.Equal(img0, img1))
	}
	if code, _ := get(t, srv.URL+"/p/3.html"); code != http.StatusNotFound {
		t.Errorf("page beyond the site: status %d, want 404", code)
	}
	sv := s.reset()
	if sv.Pages != 2 || sv.Responses != 5 || sv.First.IsZero() || sv.Last.Before(sv.First) {
		t.Errorf("served %+v, want 2 pages and 5 responses with a time", sv)
	}
	if got := s.reset(); got.Responses != 0 || !got.Last.IsZero() {
		t.Errorf("after reset: %+v", got)
	}
	var want int64 = int64(len(index)) + 3*2048
	for _, p := range s.pages {
		want += int64(len(p))
	}
	if s.TotalBytes() != want {
		t.Errorf("TotalBytes %d, want %d", s.TotalBytes(), want)
	}
}

func TestBareCrawlFetchesWholeSite(t *testing.T) {
	s := newSite(siteSpec{Pages: 5, PageSize: 600, ImageSize: 100, Seed: 3})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	base, stop, err := serve(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	n, err := bareCrawl(ctx, base, 2)
	if err != nil {
		t.Fatal(err)
	}
	sv := s.reset()
	if n != 11 || sv.Pages != 6 || sv.Responses != 11 {
		t.Errorf("crawl got %d responses, site served %+v; want 11 responses of which 6 pages", n, sv)
	}
}

func TestStoreCorpusWritesSoundWARC(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.warc.gz")
	w, err := warc.Create(path, warc.Warcinfo{Software: "afterimage bench test"}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	n, err := writeCorpus(context.Background(), w, storeCorpus(), 300_000)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := w.Seal()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, sum, err := warc.ScanAll(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Findings) > 0 || int64(len(es)) != n+1 || sum.SHA256 != sealed.SHA256 || sealed.Size < 300_000 {
		t.Errorf("%d records written, %d scanned (with warcinfo), size %d, findings %v", n, len(es), sealed.Size, sum.Findings)
	}
}

func TestParseCaptureOutput(t *testing.T) {
	out := "capture   abc\nwarc      " + strings.Repeat("ab", 32) + " (7.1 MB, 12005 records)\nmanifest  abc\nlog       leaf 0, size 1\npages     3001 found, 3000 captured\n"
	c, err := parseCaptureOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	if c != (captureOutput{Records: 12005, Found: 3001, Captured: 3000}) {
		t.Errorf("parsed %+v", c)
	}
	if _, err := parseCaptureOutput("capture abc\n"); err == nil {
		t.Error("output without counts parsed")
	}
}

func TestWriteTable(t *testing.T) {
	figs := []figure{
		infoFig("store", "seal and store", 123.456, "MB/s"),
		atLeast("capture", "afterimage / bare colly", 0.5, "ratio", 0.60),
		atLeast("verify", "verify / zcat", 1.234, "ratio", 0.70),
		below("memory", "peak RSS", 93.2, "MB", 300),
		below("memory", "peak RSS 2", 300, "MB", 300),
	}
	var b bytes.Buffer
	if err := writeTable(&b, figs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := []string{
		"store    seal and store           123    MB/s",
		"capture  afterimage / bare colly  0.50   ratio  >= 0.60  MISSED",
		"verify   verify / zcat            1.23   ratio  >= 0.70  met",
		"memory   peak RSS                 93.2   MB     < 300    met",
		"memory   peak RSS 2               300    MB     < 300    MISSED",
	}
	for i, w := range want {
		if got := strings.TrimRight(lines[2+i], " "); got != w {
			t.Errorf("line %d:\n got %q\nwant %q", i, got, w)
		}
	}
	if last := lines[len(lines)-1]; last != "missed targets: capture afterimage / bare colly; memory peak RSS 2" {
		t.Errorf("last line %q", last)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{0.5, 0.1, 0.3}, 0.3}, {[]float64{4, 1, 2, 3}, 2.5}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestPageFatesAreDisjointShares(t *testing.T) {
	if got, want := fateCounts(1000), [4]int{965, 20, 10, 5}; got != want {
		t.Errorf("fateCounts(1000) = %v, want %v (alive, changed, gone, withheld)", got, want)
	}
	if pageFate(7) != fateChanged || pageFate(13) != fateGone || pageFate(42) != fateWithheld || pageFate(0) != fateAlive {
		t.Error("pageFate of 7, 13, 42, 0 is not changed, gone, withheld, alive")
	}
}

func TestPageSiteChanges(t *testing.T) {
	s := newPageSite(250, 100, 300, 30)
	srv := httptest.NewServer(s)
	defer srv.Close()
	_, index := get(t, srv.URL+"/i/2")
	if n := strings.Count(string(index), `<a href="/p/`); n != 50 || !strings.Contains(string(index), `"/p/249"`) {
		t.Errorf("last index links to %d pages, want 50 ending at 249:\n%s", n, index)
	}
	_, before := get(t, srv.URL+"/p/7")
	if !bytes.Contains(before, []byte("<title>Page 7</title>")) || !bytes.Contains(before, []byte("data:image/jpeg;base64,")) || len(before) < 340 {
		t.Errorf("page 7 (%d bytes) lacks its title or image:\n%s", len(before), before)
	}
	for _, p := range []string{"/p/13", "/p/42"} {
		if code, _ := get(t, srv.URL+p); code != 200 {
			t.Errorf("%s before the change: status %d, want 200", p, code)
		}
	}
	s.change()
	_, after := get(t, srv.URL+"/p/7")
	_, same := get(t, srv.URL+"/p/8")
	_, same0 := get(t, srv.URL+"/p/8")
	if bytes.Equal(before, after) || !bytes.Equal(same, same0) {
		t.Error("after the change page 7 is the same or page 8 differs between requests")
	}
	for p, want := range map[string]int{"/p/13": 404, "/p/42": 451, "/p/250": 404, "/i/3": 404} {
		if code, _ := get(t, srv.URL+p); code != want {
			t.Errorf("%s: status %d, want %d", p, code, want)
		}
	}
	if sv := s.reset(); sv.Pages != 8 || sv.Requests != 11 {
		t.Errorf("served %+v, want 8 page requests of 11", sv)
	}
}

func TestStateMismatches(t *testing.T) {
	right := map[string][]int{"changed": {7, 57}, "deleted": {13}, "withheld": {42}}
	if n := stateMismatches(100, right); n != 0 {
		t.Errorf("right states: %d mismatches", n)
	}
	wrong := map[string][]int{"changed": {7}, "deleted": {13, 57, 500}, "withheld": {1}}
	// 57 listed deleted not changed, 42 unlisted, 1 listed withheld, 500 beyond the site.
	if n := stateMismatches(100, wrong); n != 4 {
		t.Errorf("wrong states: %d mismatches, want 4", n)
	}
}

func TestParseItemsAndStatus(t *testing.T) {
	ps, err := parseItemPages(`[
{"id":"web:http://127.0.0.1:1/p/13","url":"http://127.0.0.1:1/p/13","state":"deleted"},
{"id":"web:http://127.0.0.1:1/i/0","url":"http://127.0.0.1:1/i/0","state":"deleted"}
]`)
	if err != nil || len(ps) != 1 || ps[0] != 13 {
		t.Errorf("parseItemPages: %v, %v", ps, err)
	}
	if _, err := parseItemPages("no items"); err == nil {
		t.Error("non-JSON items parsed")
	}
	n, counts, err := parseStatusItems("config x\n\nitems: 1011 in 12 captures; alive 1000, deleted 10, withheld 1\n")
	if err != nil || n != 1011 || counts["alive"] != 1000 || counts["deleted"] != 10 || counts["withheld"] != 1 || len(counts) != 3 {
		t.Errorf("parseStatusItems: %d %v %v", n, counts, err)
	}
	if _, _, err := parseStatusItems("items: none\n"); err == nil {
		t.Error("status without an items line parsed")
	}
}

func TestParseExportOutput(t *testing.T) {
	out := "bundle    /tmp/b (13 files, 20003 WARC records, 1.2 GB of WARC)\nitems     10001, from 1 captures\nsums      SHA256SUMS ab\n"
	e, err := parseExportOutput(out)
	if err != nil || e != (exportOutput{Files: 13, Records: 20003, Items: 10001, Captures: 1}) {
		t.Errorf("parsed %+v, %v", e, err)
	}
	if _, err := parseExportOutput("bundle /tmp/b\n"); err == nil {
		t.Error("output without counts parsed")
	}
	if f := atMost("export", "ratio", 1.5, "ratio", 1.5); f.Verdict != met || f.Target != "<= 1.50" {
		t.Errorf("atMost at the bound: %+v", f)
	}
	if f := atMost("export", "ratio", 1.51, "ratio", 1.5); f.Verdict != missed {
		t.Errorf("atMost above the bound: %+v", f)
	}
}

func TestRecheckConfigIsValid(t *testing.T) {
	c, err := schedules.Parse("afterimage.yaml", []byte(recheckConfig("/d", "/d/store", 8, 1000)))
	if err != nil {
		t.Fatal(err)
	}
	if c.Recheck.Batch != 1000 || c.Network.Retries != 0 || !c.Network.AllowPrivateAddresses || c.Recheck.ConfirmAfter.Std() != time.Second {
		t.Errorf("config read back as %+v", c)
	}
}
