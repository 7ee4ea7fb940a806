package mastodonfake

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, u string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func ids(t *testing.T, body string) []string {
	t.Helper()
	var sts []struct{ ID string }
	if err := json.Unmarshal([]byte(body), &sts); err != nil {
		t.Fatal(err, body)
	}
	var out []string
	for _, s := range sts {
		out = append(out, s.ID)
	}
	return out
}

func TestTimelineBounds(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddAccount(Account{Username: "a"})
	for i := 1; i <= 5; i++ {
		s.AddStatus(Status{Account: "a", Text: "#T", ID: string(rune('0' + i)), CreatedAt: time.Unix(int64(i), 0)})
	}
	base := s.URL() + "/api/v1/timelines/tag/t?limit=2"
	resp, body := get(t, base)
	if got := strings.Join(ids(t, body), ","); got != "5,4" {
		t.Fatalf("newest page %s", got)
	}
	if l := resp.Header.Get("Link"); !strings.Contains(l, "max_id=4") || !strings.Contains(l, "min_id=5") || !strings.Contains(l, "limit=2") {
		t.Fatalf("link %s", l)
	}
	if _, body := get(t, base+"&min_id=1"); strings.Join(ids(t, body), ",") != "3,2" {
		t.Fatalf("min_id page %s", body)
	}
	if _, body := get(t, base+"&since_id=1"); strings.Join(ids(t, body), ",") != "5,4" {
		t.Fatalf("since_id page %s", body)
	}
	resp, body = get(t, base+"&max_id=1")
	if body != "[]" || resp.Header.Get("Link") != "" {
		t.Fatalf("empty page %q %q", body, resp.Header.Get("Link"))
	}
	s.SetUnknownTag404(true)
	if resp, body := get(t, s.URL()+"/api/v1/timelines/tag/none"); resp.StatusCode != 404 || body != `{"error":"Record not found"}` {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}

func TestAuthAndRateLimit(t *testing.T) {
	s := New()
	defer s.Close()
	s.RequireAuth("tok", 422)
	u := s.URL() + "/api/v1/timelines/tag/x"
	if resp, body := get(t, u); resp.StatusCode != 422 || !strings.Contains(body, "requires an authenticated user") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, u, "Authorization", "Bearer bad"); resp.StatusCode != 401 {
		t.Fatalf("%d", resp.StatusCode)
	}
	if resp, _ := get(t, u, "Authorization", "Bearer tok"); resp.StatusCode != 200 {
		t.Fatalf("%d", resp.StatusCode)
	}
	s.RequireAuth("", 0)
	s.SetClock(func() time.Time { return time.Date(2026, 5, 1, 12, 33, 0, 0, time.UTC) })
	s.RateLimit(1)
	resp, body := get(t, u)
	if resp.StatusCode != 429 || body != `{"error":"Too many requests"}` || resp.Header.Get("X-RateLimit-Remaining") != "0" ||
		resp.Header.Get("X-RateLimit-Reset") != "2026-05-01T12:35:00.000000Z" {
		t.Fatalf("%d %s %v", resp.StatusCode, body, resp.Header)
	}
	if resp, _ := get(t, u); resp.StatusCode != 200 {
		t.Fatalf("rate limit lasted: %d", resp.StatusCode)
	}
}
