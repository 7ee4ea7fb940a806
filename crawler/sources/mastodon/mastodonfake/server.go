package mastodonfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Server is a fake Mastodon instance. Its methods are safe for concurrent
// use.
type Server struct {
	srv *httptest.Server
	mux *http.ServeMux

	mu       sync.Mutex
	now      func() time.Time
	seq      int64
	accounts []*account
	statuses []*status
	byID     map[string]*status
	tags     map[string]bool // every tag ever used on this instance
	requests []string

	rateLimit, failN, failStatus, malformN int
	authToken                              string
	authStatus                             int
	unknownTag404, loop                    bool
	docsNotFound, legacySuspension         bool
}

// New starts a fake instance on 127.0.0.1. Close it when done.
func New() *Server {
	s := &Server{now: time.Now, tags: map[string]bool{}, byID: map[string]*status{}, mux: http.NewServeMux()}
	s.routes()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// URL returns the base URL, "http://127.0.0.1:port".
func (s *Server) URL() string { return s.srv.URL }

// Host returns "127.0.0.1:port", the domain of this instance's accounts.
func (s *Server) Host() string { return strings.TrimPrefix(s.srv.URL, "http://") }

// SetClock sets the clock used for rate-limit reset times (default
// time.Now).
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Requests returns "METHOD /path?query" of every request served so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// RateLimit makes the next n API requests answer 429 {"error":"Too many
// requests"} with X-RateLimit-Limit, X-RateLimit-Remaining: 0 and an
// ISO-8601 X-RateLimit-Reset five minutes ahead.
func (s *Server) RateLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = n
}

// FailNext makes the next n API requests answer status (a 5xx) with
// Mastodon's error body.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// MalformNext makes the next n API requests answer 200 with cut-off JSON.
func (s *Server) MalformNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.malformN = n
}

// RequireAuth makes every API request need "Authorization: Bearer token":
// without one the answer is status (401, or 422 as some releases do) with
// {"error":"This method requires an authenticated user"}; with another
// token it is 401 {"error":"The access token is invalid"}. An empty token
// turns the requirement off.
func (s *Server) RequireAuth(token string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		status = http.StatusUnauthorized
	}
	s.authToken, s.authStatus = token, status
}

// SetUnknownTag404 makes a tag timeline of a tag never used here answer
// 404 {"error":"Record not found"} (the documented answer) instead of 200
// [] (what the code does).
func (s *Server) SetUnknownTag404(on bool) { s.set(&s.unknownTag404, on) }

// SetLoopPagination makes every non-empty timeline page's rel="next" link
// point at the page itself.
func (s *Server) SetLoopPagination(on bool) { s.set(&s.loop, on) }

// SetDocsNotFound makes a status of a suspended author answer 404
// {"error":"Record not found"} (the documented answer) instead of 404
// {"error":"Not Found"} (what the code does).
func (s *Server) SetDocsNotFound(on bool) { s.set(&s.docsNotFound, on) }

// SetLegacySuspension makes suspended accounts answer 410 Gone, as
// Mastodon 2.4 to 3.2 did, instead of 200 with "suspended": true.
func (s *Server) SetLegacySuspension(on bool) { s.set(&s.legacySuspension, on) }

func (s *Server) set(flag *bool, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*flag = on
}

// serve logs the request and applies the misbehaviour switches to API
// requests before routing.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	api := strings.HasPrefix(r.URL.Path, "/api/")
	var status int
	var body string
	switch {
	case !api:
	case s.rateLimit > 0:
		s.rateLimit--
		status, body = http.StatusTooManyRequests, `{"error":"Too many requests"}`
	case s.failN > 0:
		s.failN--
		status, body = s.failStatus, `{"error":"We're sorry, but something went wrong on our end."}`
	case s.authToken != "" && r.Header.Get("Authorization") == "":
		status, body = s.authStatus, `{"error":"This method requires an authenticated user"}`
	case s.authToken != "" && r.Header.Get("Authorization") != "Bearer "+s.authToken:
		status, body = http.StatusUnauthorized, `{"error":"The access token is invalid"}`
	case s.malformN > 0:
		s.malformN--
		status, body = http.StatusOK, `[{"id":"1","uri":"https://x/users/a/statuses/1","content":"<p>cut`
	}
	limited := status == http.StatusTooManyRequests
	reset := s.now().UTC().Add(5 * time.Minute).Truncate(5 * time.Minute)
	s.mu.Unlock()
	if api {
		remaining := "299"
		if limited {
			remaining = "0"
		}
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", remaining)
		w.Header().Set("X-RateLimit-Reset", reset.Format("2006-01-02T15:04:05.000000Z"))
	}
	if status != 0 {
		writeRaw(w, status, body)
		return
	}
	s.mux.ServeHTTP(w, r)
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeRaw(w, http.StatusInternalServerError, `{"error":"encode"}`)
		return
	}
	writeRaw(w, status, string(b))
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
