package blueskyfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is a fake Bluesky. Its methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server
	mux *http.ServeMux

	mu       sync.Mutex
	now      func() time.Time
	seq      int64
	profiles []*account
	posts    []*post
	byURI    map[string]*post
	tokens   map[string]bool // access token -> expired
	login    [2]string       // identifier, app password
	requests []string

	rateLimit, failN, failStatus, malformN int
	publicSearch, forbiddenHTML, loop      bool
}

// New starts a fake Bluesky on 127.0.0.1. Close it when done.
func New() *Server {
	s := &Server{now: time.Now, byURI: map[string]*post{}, tokens: map[string]bool{}, mux: http.NewServeMux()}
	s.routes()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// URL returns the base URL, "http://127.0.0.1:port"; use it as the
// service, AppView and web URL.
func (s *Server) URL() string { return s.srv.URL }

// SetClock sets the clock for default post times and rate-limit resets
// (default time.Now).
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetLogin sets the identifier and app password createSession accepts.
func (s *Server) SetLogin(identifier, appPassword string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.login = [2]string{identifier, appPassword}
}

// ExpireSessions makes every access token issued so far answer 400
// {"error":"ExpiredToken","message":"Token has expired"}.
func (s *Server) ExpireSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = true
	}
}

// Sessions returns the number of sessions created so far.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tokens)
}

// Requests returns "METHOD /path?query" of every request served so far.
// Request bodies are not kept.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// RateLimit makes the next n XRPC requests answer 429
// {"error":"RateLimitExceeded","message":"Rate Limit Exceeded"} with
// RateLimit-Limit, RateLimit-Remaining: 0, RateLimit-Reset (epoch
// seconds) and RateLimit-Policy.
func (s *Server) RateLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = n
}

// FailNext makes the next n XRPC requests answer status (a 5xx).
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// MalformNext makes the next n XRPC requests other than createSession
// answer 200 with cut-off JSON.
func (s *Server) MalformNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.malformN = n
}

// SetPublicSearch lets searchPosts answer without a session.
func (s *Server) SetPublicSearch(on bool) { s.set(&s.publicSearch, on) }

// SetSearchForbiddenHTML makes searchPosts without a session answer the
// edge's 403 HTML page instead of 401 AuthMissing.
func (s *Server) SetSearchForbiddenHTML(on bool) { s.set(&s.forbiddenHTML, on) }

// SetLoopPagination makes searchPosts always answer cursor "1".
func (s *Server) SetLoopPagination(on bool) { s.set(&s.loop, on) }

func (s *Server) set(flag *bool, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*flag = on
}

// serve logs the request and applies the misbehaviour switches to XRPC
// requests before routing.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	xrpc := strings.HasPrefix(r.URL.Path, "/xrpc/")
	var status int
	var body string
	switch {
	case !xrpc:
	case s.rateLimit > 0:
		s.rateLimit--
		status, body = http.StatusTooManyRequests, `{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}`
	case s.failN > 0:
		s.failN--
		status, body = s.failStatus, `{"error":"InternalServerError","message":"Internal Server Error"}`
	case s.malformN > 0 && !strings.HasSuffix(r.URL.Path, "createSession"):
		s.malformN--
		status, body = http.StatusOK, `{"posts":[{"uri":"at://did:plc:x/app.bsky.feed.post/1","author":{"did":`
	}
	reset := s.now().Add(5 * time.Minute).Unix()
	s.mu.Unlock()
	if xrpc {
		remaining := "2999"
		if status == http.StatusTooManyRequests {
			remaining = "0"
		}
		w.Header().Set("RateLimit-Limit", "3000")
		w.Header().Set("RateLimit-Remaining", remaining)
		w.Header().Set("RateLimit-Reset", strconv.FormatInt(reset, 10))
		w.Header().Set("RateLimit-Policy", "3000;w=300")
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

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeRaw(w, http.StatusInternalServerError, `{"error":"InternalServerError","message":"encode"}`)
		return
	}
	writeRaw(w, http.StatusOK, string(b))
}

// xrpcError writes an XRPC error: {"error": name, "message": message}.
func xrpcError(w http.ResponseWriter, status int, name, message string) {
	b, _ := json.Marshal(map[string]string{"error": name, "message": message})
	writeRaw(w, status, string(b))
}
