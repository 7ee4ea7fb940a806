package redditfake

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Credentials the fake's token endpoint accepts.
const (
	ClientID     = "fake-client-id"
	ClientSecret = "fake-client-secret"
)

// Account is a user to serve.
type Account struct {
	Name         string
	ID           string // base-36 id, without "t2_"
	Created      time.Time
	LinkKarma    int64
	CommentKarma int64
	Followers    int64  // subscribers of the profile
	Title        string // profile display name
	Description  string
	Icon         bool // false: a default avatar_default_N.png
}

// Post is a link or self post to serve.
type Post struct {
	ID        string // base-36 id, without "t3_"
	Subreddit string
	Author    string
	Title     string
	Selftext  string
	Created   time.Time
	Image     bool   // an image post (i.redd.it-like URL with a preview)
	Link      string // an external link; empty for self posts
}

// Server is a fake Reddit. Its methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server

	mu         sync.Mutex
	accounts   map[string]*Account // by lower-case name
	posts      map[string]*Post    // by id
	removed    map[string]string   // id -> removed_by_category
	suspended  map[string]bool
	gone       map[string]bool
	tokens     map[string]bool
	issued     int
	pageSize   int
	rateLimit  int
	failN      int
	failStatus int
	malformed  int
	loop       bool
	requests   []string
}

// New starts a fake Reddit on 127.0.0.1 serving the token endpoint, the
// API and the public site; use URL() for BaseURL and WebURL and
// TokenURL() for AuthURL. Close it when done.
func New() *Server {
	s := &Server{accounts: map[string]*Account{}, posts: map[string]*Post{}, removed: map[string]string{},
		suspended: map[string]bool{}, gone: map[string]bool{}, tokens: map[string]bool{}, pageSize: 100}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// URL is the base URL of the fake API and site.
func (s *Server) URL() string { return s.srv.URL }

// TokenURL is the fake's access token endpoint.
func (s *Server) TokenURL() string { return s.srv.URL + "/api/v1/access_token" }

// AddAccount adds or replaces a user.
func (s *Server) AddAccount(a Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[lower(a.Name)] = &a
}

// AddPost adds or replaces a post (and restores it).
func (s *Server) AddPost(p Post) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts[p.ID] = &p
	delete(s.removed, p.ID)
}

// DeletePost deletes a post as its author does: author and selftext
// "[deleted]", removed_by_category "deleted"; search drops it.
func (s *Server) DeletePost(id string) { s.RemovePost(id, "deleted") }

// RemovePost removes a post with a removed_by_category such as
// "moderator", "anti_evil_ops" or "copyright_takedown": selftext
// "[removed]"; search drops it.
func (s *Server) RemovePost(id, category string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removed[id] = category
}

// SuspendAccount suspends a user: about answers is_suspended true.
func (s *Server) SuspendAccount(name string) { s.setUser(s.suspended, name) }

// DeleteAccount deletes a user: about answers 404 and the user's posts
// show author "[deleted]" (their content stays).
func (s *Server) DeleteAccount(name string) { s.setUser(s.gone, name) }

func (s *Server) setUser(m map[string]bool, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m[lower(name)] = true
}

// ExpireTokens invalidates every token issued so far (401 afterwards).
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]bool{}
}

// SetPageSize caps how many posts a search page holds (default 100).
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = max(n, 1)
}

// RateLimit answers the next n API requests with 429 and the
// X-Ratelimit-* headers.
func (s *Server) RateLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = n
}

// Fail answers the next n API requests with status (e.g. 500).
func (s *Server) Fail(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// Malformed answers the next n API requests with 200 and cut-off JSON.
func (s *Server) Malformed(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.malformed = n
}

// LoopPaging makes search ignore after= and always return the same after.
func (s *Server) LoopPaging(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loop = on
}

// Requests returns "METHOD path?query" of every request so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// ReinstateAccount undoes SuspendAccount and DeleteAccount.
func (s *Server) ReinstateAccount(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.suspended, lower(name))
	delete(s.gone, lower(name))
}
