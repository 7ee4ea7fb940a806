package bluesky

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/afterimage-archive/afterimage/crawler"
)

// session is a logged-in session for one Collect.
type session struct {
	src    *Source
	f      crawler.Fetcher
	access string
}

// login creates a session with the app password. The request is marked
// SecretBody so the password is redacted from the WARC.
func (s *session) login(ctx context.Context) error {
	cfg := s.src.cfg
	const op = "createSession"
	if cfg.Identifier == "" || cfg.AppPassword == "" {
		return fmt.Errorf("bluesky %s: %s: %w: no identifier or app password (set AFTERIMAGE_BLUESKY_IDENTIFIER and AFTERIMAGE_BLUESKY_APP_PASSWORD)",
			cfg.Service, op, ErrAuth)
	}
	body, err := json.Marshal(map[string]string{"identifier": cfg.Identifier, "password": cfg.AppPassword})
	if err != nil {
		return fmt.Errorf("bluesky %s: %s: %w", cfg.Service, op, err)
	}
	resp, err := s.f.Do(ctx, &crawler.Request{Method: http.MethodPost,
		URL:    cfg.Service + "/xrpc/com.atproto.server.createSession",
		Header: http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}},
		Body:   body, SecretBody: true})
	if err != nil {
		return fmt.Errorf("bluesky %s: %s: %w", cfg.Service, op, err)
	}
	if resp.Status != http.StatusOK {
		err := answerError(cfg.Service, op, resp)
		if resp.Status == http.StatusUnauthorized || resp.Status == http.StatusBadRequest {
			err = fmt.Errorf("%w; check AFTERIMAGE_BLUESKY_IDENTIFIER and AFTERIMAGE_BLUESKY_APP_PASSWORD", err)
		}
		return err
	}
	var out struct {
		AccessJwt string `json:"accessJwt"`
	}
	if err := json.Unmarshal(resp.Body, &out); err != nil || out.AccessJwt == "" {
		return malformed(cfg.Service, op, fmt.Errorf("no accessJwt (%v)", err))
	}
	s.access = out.AccessJwt
	return nil
}

// get makes an authenticated GET on the service for operation op,
// logging in first if needed, and logging in again once when the token is
// refused. Errors name the service and the operation.
func (s *session) get(ctx context.Context, op, u string) (*crawler.Response, error) {
	if s.access == "" {
		if err := s.login(ctx); err != nil {
			return nil, err
		}
	}
	resp, err := s.f.Do(ctx, s.request(u))
	if err == nil && tokenRefused(resp) {
		if err := s.login(ctx); err != nil {
			return nil, err
		}
		resp, err = s.f.Do(ctx, s.request(u))
	}
	if err != nil {
		return nil, fmt.Errorf("bluesky %s: %s: %w", s.src.cfg.Service, op, err)
	}
	return resp, nil
}

func (s *session) request(u string) *crawler.Request {
	return &crawler.Request{URL: u, Header: http.Header{"Accept": {"application/json"},
		"Authorization": {"Bearer " + s.access}}}
}
