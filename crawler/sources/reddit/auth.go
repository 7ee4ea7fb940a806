package reddit

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
)

// token gets an app-only bearer token (client_credentials grant). The
// request body is marked secret and its Authorization header is redacted
// by the recorder. The returned record id backs the token answer.
func (s *Source) token(ctx context.Context, f crawler.Fetcher) (string, error) {
	if s.cfg.ClientID == "" || s.cfg.ClientSecret == "" {
		return "", fmt.Errorf("%s %s: %w: no client id or secret; set AFTERIMAGE_REDDIT_CLIENT_ID and AFTERIMAGE_REDDIT_CLIENT_SECRET",
			Name, s.cfg.AuthURL, ErrAuth)
	}
	basic := base64.StdEncoding.EncodeToString([]byte(s.cfg.ClientID + ":" + s.cfg.ClientSecret))
	req := &crawler.Request{Method: http.MethodPost, URL: s.cfg.AuthURL, SecretBody: true,
		Body: []byte(url.Values{"grant_type": {"client_credentials"}}.Encode()),
		Header: http.Header{"Authorization": {"Basic " + basic}, "User-Agent": {s.cfg.UserAgent},
			"Content-Type": {"application/x-www-form-urlencoded"}}}
	resp, err := f.Do(ctx, req)
	if err != nil {
		return "", fmt.Errorf("%s %s: app-only token: %w", Name, s.cfg.AuthURL, err)
	}
	if resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden {
		return "", fmt.Errorf("%s %s: app-only token: client id and secret %w (%d: %s); check AFTERIMAGE_REDDIT_CLIENT_ID and AFTERIMAGE_REDDIT_CLIENT_SECRET",
			Name, s.cfg.AuthURL, ErrAuth, resp.Status, redditWords(resp.Body))
	}
	if resp.Status != http.StatusOK {
		return "", s.statusError("app-only token from "+s.cfg.AuthURL, resp)
	}
	var t struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		Error       string `json:"error"`
	}
	if err := json.Unmarshal(resp.Body, &t); err != nil {
		return "", s.malformed("app-only token from "+s.cfg.AuthURL, err)
	}
	if t.AccessToken == "" || !strings.EqualFold(t.TokenType, "bearer") {
		return "", fmt.Errorf("%s %s: app-only token: %w (error %q)", Name, s.cfg.AuthURL, ErrAuth, t.Error)
	}
	return t.AccessToken, nil
}

// apiRequest is an authenticated API GET of path with query q; raw_json=1
// is added so that text comes without HTML escaping.
func (s *Source) apiRequest(token, path string, q url.Values) *crawler.Request {
	if q == nil {
		q = url.Values{}
	}
	q.Set("raw_json", "1")
	return &crawler.Request{URL: s.base + path + "?" + q.Encode(),
		Header: http.Header{"Authorization": {"Bearer " + token}, "User-Agent": {s.cfg.UserAgent}}}
}
