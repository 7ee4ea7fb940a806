package reddit

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler/sources/reddit/redditfake"
)

func fakeAnswers(tb testing.TB) [][]byte {
	s := redditfake.New()
	defer s.Close()
	s.AddAccount(redditfake.Account{Name: "a", ID: "1", Created: time.Unix(1500000000, 0), Icon: true})
	s.AddAccount(redditfake.Account{Name: "b", ID: "2"})
	s.AddPost(redditfake.Post{ID: "abc", Subreddit: "s", Author: "a", Title: "T & <b>", Selftext: "#ایران", Image: true})
	s.AddPost(redditfake.Post{ID: "abd", Subreddit: "s", Author: "a", Title: "gone"})
	s.DeletePost("abd")
	s.SuspendAccount("b")
	resp, err := http.PostForm(s.TokenURL(), map[string][]string{"grant_type": {"client_credentials"}})
	if err == nil {
		resp.Body.Close()
	}
	req, _ := http.NewRequest("POST", s.TokenURL()+"?", nil)
	req.SetBasicAuth(redditfake.ClientID, redditfake.ClientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Body = io.NopCloser(stringsReader("grant_type=client_credentials"))
	tresp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	tresp.Body.Close()
	var out [][]byte
	for _, p := range []string{"/search?q=ایران", "/api/info?id=t3_abc,t3_abd&raw_json=1", "/user/a/about", "/user/b/about", "/user/c/about"} {
		req, _ := http.NewRequest("GET", s.URL()+p, nil)
		req.Header.Set("Authorization", "Bearer fake-reddit-token-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, b)
	}
	return out
}

func TestParseAnswers(t *testing.T) {
	bodies := fakeAnswers(t)
	l, err := parseListing(bodies[0])
	if err != nil || len(l.Data.Children) != 1 {
		t.Fatalf("search %s: %v", bodies[0], err)
	}
	p := l.Data.Children[0].Data
	if p.Title != "T &amp; &lt;b&gt;" || len(p.media()) != 2 || p.media()[1] != "http"+p.media()[1][4:] {
		t.Errorf("escaped answer without raw_json: %+v media %v", p, p.media())
	}
	if !p.carries("ایران") || p.carries("ایر") {
		t.Error("carries")
	}
	info, err := parseListing(bodies[1])
	if err != nil || len(info.Data.Children) != 2 {
		t.Fatalf("info: %v", err)
	}
	if st, d := info.Data.Children[1].Data.removal(); st != "missing" || d != "[deleted]" {
		t.Errorf("deleted: %s %s", st, d)
	}
	a, err := parseAbout(bodies[2])
	if err != nil || a.Data.Name != "a" || unixTime(a.Data.CreatedUTC) != "2017-07-14T02:40:00Z" {
		t.Errorf("about %+v %v", a, err)
	}
	if b, err := parseAbout(bodies[3]); err != nil || !b.Data.IsSuspended {
		t.Errorf("suspended %+v %v", b, err)
	}
	if _, err := parseAbout(bodies[4]); err == nil {
		t.Error("accepted a 404 body")
	}
	if _, err := parseListing([]byte(`{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"ab","name":"t3_xx"}}]}}`)); err == nil {
		t.Error("accepted a mismatched fullname")
	}
}

func FuzzParseListing(f *testing.F) {
	for _, b := range fakeAnswers(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"kind":"Listing","data":{"after":null,"children":[]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := parseListing(b); err == nil {
			for _, c := range l.Data.Children {
				p := c.Data
				if !validID(p.ID) {
					t.Errorf("accepted id %q", p.ID)
				}
				_, _ = p.removal()
				_ = p.media()
				_ = p.tags("x")
				_ = p.carries("x")
			}
		}
		if a, err := parseAbout(b); err == nil {
			_ = accountHash(a)
		}
		_ = redditWords(b)
	})
}

func BenchmarkParseListing(b *testing.B) {
	s := redditfake.New()
	defer s.Close()
	for i := 0; i < 100; i++ {
		s.AddPost(redditfake.Post{ID: "a" + string(rune('a'+i/26)) + string(rune('a'+i%26)), Subreddit: "s", Author: "a",
			Title: "some title & #FreeIran", Selftext: "body text", Image: true})
	}
	body := fakeBody(b, s, "/search?q=FreeIran&limit=100&raw_json=1")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := parseListing(body); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRedditWords(t *testing.T) {
	for in, want := range map[string]string{
		`{"message": "Forbidden", "error": 403, "reason": "private"}`:                "Forbidden (private)",
		`{"message": "Not Found", "error": 404}`:                                     "Not Found",
		`<html><head><title>Blocked</title></head><body>whoa there, pardner!</body>`: "Blocked (whoa there, pardner!)",
		`{"error": "unsupported_grant_type"}`:                                        "unsupported_grant_type",
		`garbage`:                                                                    "",
	} {
		if got := redditWords([]byte(in)); got != want {
			t.Errorf("redditWords(%s) = %q, want %q", in, got, want)
		}
	}
}
