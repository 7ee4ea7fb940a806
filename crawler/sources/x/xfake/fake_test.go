package xfake

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestAnswers(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddUser(User{ID: "1", Username: "u"})
	s.AddPost(Post{ID: "10", AuthorID: "1", Text: "a < b #x"})
	get := func(p string) (int, http.Header, string) {
		req, _ := http.NewRequest("GET", s.URL()+p, nil)
		req.Header.Set("Authorization", "Bearer "+BearerToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	if _, h, body := get("/2/tweets/search/recent?query=%23X"); !strings.Contains(body, `"text":"a \u0026lt; b #x"`) || h.Get("x-rate-limit-limit") != "450" {
		t.Errorf("search: %s", body)
	}
	s.DeletePost("10")
	want := `{"errors":[{"detail":"Could not find tweet with ids: [10].","parameter":"ids","resource_id":"10","resource_type":"tweet","title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found","value":"10"}]}`
	if _, _, body := get("/2/tweets?ids=10"); body != want {
		t.Errorf("deleted: %s", body)
	}
	s.SuspendUser("1")
	if _, _, body := get("/2/users?ids=1"); !strings.Contains(body, `"title":"Forbidden"`) || !strings.Contains(body, `User has been suspended: [1].`) {
		t.Errorf("suspended: %s", body)
	}
	s.RateLimit(1)
	if code, h, _ := get("/2/users?ids=1"); code != 429 || h.Get("x-rate-limit-remaining") != "0" || h.Get("x-rate-limit-reset") == "" {
		t.Errorf("429: %d %v", code, h)
	}
}

func TestReinstate(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddUser(User{ID: "1", Username: "u"})
	s.SuspendUser("1")
	s.ReinstateUser("1")
	req, _ := http.NewRequest("GET", s.URL()+"/2/users?ids=1", nil)
	req.Header.Set("Authorization", "Bearer "+BearerToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if strings.Contains(string(b), "errors") {
		t.Errorf("still suspended: %s", b)
	}
}
