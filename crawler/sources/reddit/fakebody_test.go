package reddit

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler/sources/reddit/redditfake"
)

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

// fakeBody gets a token from s and returns the body of an API path.
func fakeBody(tb testing.TB, s *redditfake.Server, path string) []byte {
	req, _ := http.NewRequest("POST", s.TokenURL(), strings.NewReader("grant_type=client_credentials"))
	req.SetBasicAuth(redditfake.ClientID, redditfake.ClientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	req, _ = http.NewRequest("GET", s.URL()+path, nil)
	req.Header.Set("Authorization", "Bearer fake-reddit-token-1")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}
