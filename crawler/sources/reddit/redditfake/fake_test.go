package redditfake

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, url, auth string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAnswers(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddPost(Post{ID: "abc", Subreddit: "s", Author: "a", Title: "A & B", Created: time.Unix(100, 0)})
	if code, body := get(t, s.URL()+"/search?q=a", ""); code != 403 || !strings.Contains(body, "<title>Blocked</title>") {
		t.Errorf("no token: %d %s", code, body)
	}
	if code, body := get(t, s.URL()+"/search?q=a", "Bearer nope"); code != 401 || body != `{"error":401,"message":"Unauthorized"}` {
		t.Errorf("bad token: %d %s", code, body)
	}
	req, _ := http.NewRequest("POST", s.TokenURL(), strings.NewReader("grant_type=client_credentials"))
	req.SetBasicAuth(ClientID, ClientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	auth := "Bearer fake-reddit-token-1"
	if _, body := get(t, s.URL()+"/search?q=b", auth); !strings.Contains(body, `"title":"A \u0026amp; B"`) {
		t.Errorf("without raw_json: %s", body)
	}
	if _, body := get(t, s.URL()+"/search?q=b&raw_json=1", auth); !strings.Contains(body, `"title":"A \u0026 B"`) {
		t.Errorf("with raw_json: %s", body)
	}
	s.DeletePost("abc")
	if _, body := get(t, s.URL()+"/api/info?id=t3_abc&raw_json=1", auth); !strings.Contains(body, `"author":"[deleted]"`) ||
		!strings.Contains(body, `"removed_by_category":"deleted"`) || !strings.Contains(body, `"selftext":"[deleted]"`) {
		t.Errorf("deleted: %s", body)
	}
	if code, body := get(t, s.URL()+"/user/nobody/about", auth); code != 404 || body != `{"error":404,"message":"Not Found"}` {
		t.Errorf("unknown user: %d %s", code, body)
	}
}

func TestReinstate(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddAccount(Account{Name: "a", ID: "1"})
	s.SuspendAccount("a")
	s.ReinstateAccount("A")
	s.tokens["t"] = true
	if _, body := get(t, s.URL()+"/user/a/about", "Bearer t"); strings.Contains(body, "is_suspended\":true") {
		t.Errorf("still suspended: %s", body)
	}
}
