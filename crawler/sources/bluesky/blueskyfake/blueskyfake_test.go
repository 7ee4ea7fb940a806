package blueskyfake

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func call(t *testing.T, method, u, body string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSearchNeedsASession(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddProfile(Profile{Handle: "a.test"})
	s.AddPost(Post{Author: "a.test", Text: "hello #Tag"})
	u := s.URL() + "/xrpc/app.bsky.feed.searchPosts?q=%23tag"
	if code, body := call(t, "GET", u, ""); code != 401 || body != `{"error":"AuthMissing","message":"Authentication Required"}` {
		t.Fatalf("%d %s", code, body)
	}
	s.SetSearchForbiddenHTML(true)
	if code, body := call(t, "GET", u, ""); code != 403 || !strings.Contains(body, "403 Forbidden") {
		t.Fatalf("%d %s", code, body)
	}
	s.SetPublicSearch(true)
	if code, body := call(t, "GET", u, ""); code != 200 || !strings.Contains(body, `"hitsTotal":1`) {
		t.Fatalf("%d %s", code, body)
	}
	if code, body := call(t, "POST", s.URL()+"/xrpc/com.atproto.server.createSession", `{"identifier":"x","password":"y"}`); code != 401 ||
		!strings.Contains(body, "AuthenticationRequired") {
		t.Fatalf("%d %s", code, body)
	}
}

func TestBatchLimitsAndThread(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddProfile(Profile{Handle: "a.test"})
	p := s.AddPost(Post{Author: "a.test", Text: "x"})
	many := strings.Repeat("uris=at://x&", 26)
	if code, body := call(t, "GET", s.URL()+"/xrpc/app.bsky.feed.getPosts?"+many, ""); code != 400 || !strings.Contains(body, "InvalidRequest") {
		t.Fatalf("%d %s", code, body)
	}
	s.DeletePost(p.URI)
	code, body := call(t, "GET", s.URL()+"/xrpc/app.bsky.feed.getPostThread?uri="+p.URI, "")
	if code != 400 || body != `{"error":"NotFound","message":"Post not found: `+p.URI+`"}` {
		t.Fatalf("%d %s", code, body)
	}
}
