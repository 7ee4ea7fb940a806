package crawler_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
)

func TestFetchAll(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.Error(w, "gone", http.StatusGone)
			return
		}
		w.Write([]byte("image"))
	}))
	defer srv.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // connections to it are refused: no answer, no record

	f := &crawlertest.Fetcher{}
	ids, failed := crawler.FetchAll(context.Background(), f,
		srv.URL+"/a.jpg", down.URL+"/b.jpg", srv.URL+"/gone", srv.URL+"/c.jpg")
	want := []string{"<urn:test:1>", "<urn:test:2>", "<urn:test:3>"}
	if !slices.Equal(ids, want) {
		t.Errorf("record ids = %q, want %q (error statuses kept, refused fetch skipped)", ids, want)
	}
	if failed != 2 {
		t.Errorf("failed = %d, want 2 (one refused, one 410)", failed)
	}
	if got := f.Requests(); len(got) != 3 || got[2] != "GET "+srv.URL+"/c.jpg" {
		t.Errorf("requests = %q: a failure must not stop the fetches after it", got)
	}

	ids, failed = crawler.FetchAll(context.Background(), f)
	if ids != nil || failed != 0 {
		t.Errorf("no urls: got %q, %d; want nil, 0", ids, failed)
	}
}

func TestFetchPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			http.Error(w, "log in to see this", http.StatusForbidden)
			return
		}
		w.Write([]byte("<html>page</html>"))
	}))
	defer srv.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()

	f := &crawlertest.Fetcher{}
	ctx := context.Background()
	recs := []string{"<urn:api>"}
	recs = crawler.FetchPage(ctx, f, recs, srv.URL+"/post/1")
	recs = crawler.FetchPage(ctx, f, recs, srv.URL+"/login")
	recs = crawler.FetchPage(ctx, f, recs, down.URL+"/post/2")
	recs = crawler.FetchPage(ctx, f, recs, "")
	want := []string{"<urn:api>", "<urn:test:1>", "<urn:test:2>"}
	if !slices.Equal(recs, want) {
		t.Errorf("records = %q, want %q (a 403 page kept, no answer and no URL add nothing)", recs, want)
	}
	if got := f.Requests(); len(got) != 2 {
		t.Errorf("requests = %q, want the two answered ones only (none for an empty URL)", got)
	}
}
