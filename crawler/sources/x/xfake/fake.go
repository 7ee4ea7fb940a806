package xfake

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// BearerToken is the only token the fake accepts.
const BearerToken = "fake-x-bearer-token"

// User is an account to serve.
type User struct {
	ID, Username, Name string
	Description        string
	CreatedAt          time.Time
	Followers          int64
	Following          int64
	Posts              int64
	Avatar             bool // false: the default profile image
	Protected          bool
}

// Post is a post to serve. Hashtag entities are derived from Text.
type Post struct {
	ID        string
	AuthorID  string
	Text      string // plain text; the API answer escapes & < >
	CreatedAt time.Time
	Photos    int  // number of photos
	Video     bool // a video (its preview image is the medium's URL)
}

// Server is a fake X API and x.com. Its methods are safe for concurrent
// use.
type Server struct {
	srv *httptest.Server

	mu            sync.Mutex
	now           time.Time
	users         map[string]*User
	posts         map[string]*Post
	deletedPosts  map[string]bool
	suspended     map[string]bool
	deletedUsers  map[string]bool
	withheldPosts map[string][]string
	withheldUsers map[string][]string
	rateLimit     int
	usageCapped   bool
	failN         int
	failStatus    int
	malformed     int
	loop          bool
	newSpelling   bool
	postsRead     int
	requests      []string
}

// New starts a fake on 127.0.0.1 serving both the API and the public
// site; configure BaseURL and WebURL with URL(). Close it when done.
func New() *Server {
	s := &Server{
		now:   time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC),
		users: map[string]*User{}, posts: map[string]*Post{},
		deletedPosts: map[string]bool{}, suspended: map[string]bool{}, deletedUsers: map[string]bool{},
		withheldPosts: map[string][]string{}, withheldUsers: map[string][]string{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// URL is the base URL of the fake API and site.
func (s *Server) URL() string { return s.srv.URL }

// AddUser adds or replaces a user.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = &u
}

// AddPost adds or replaces a post (and undeletes it).
func (s *Server) AddPost(p Post) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts[p.ID] = &p
	delete(s.deletedPosts, p.ID)
}

// DeletePost deletes a post: search drops it, lookups answer "Not Found
// Error".
func (s *Server) DeletePost(id string) { s.set(s.deletedPosts, id) }

// SuspendUser suspends a user: lookups of the user answer "Forbidden" /
// "User has been suspended", of its posts "Authorization Error".
func (s *Server) SuspendUser(id string) { s.set(s.suspended, id) }

// DeleteUser deletes a user: user lookups answer "Not Found Error", post
// lookups "Authorization Error".
func (s *Server) DeleteUser(id string) { s.set(s.deletedUsers, id) }

// ProtectUser makes a user's posts visible to followers only.
func (s *Server) ProtectUser(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[id]; u != nil {
		u.Protected = true
	}
}

// WithholdPost withholds a post in the given countries.
func (s *Server) WithholdPost(id string, countries ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.withheldPosts[id] = countries
}

// WithholdUser withholds a user in the given countries.
func (s *Server) WithholdUser(id string, countries ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.withheldUsers[id] = countries
}

func (s *Server) set(m map[string]bool, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m[id] = true
}

// RateLimit answers the next n API requests with 429, x-rate-limit-remaining
// 0 and x-rate-limit-reset (epoch seconds, 15 minutes after the fake's
// clock).
func (s *Server) RateLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = n
}

// UsageCap makes every API request answer 429 with the usage-capped
// problem, until called with false.
func (s *Server) UsageCap(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.usageCapped = on
}

// Fail answers the next n API requests with status (e.g. 503).
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

// LoopPaging makes search ignore next_token and always return the same
// next_token.
func (s *Server) LoopPaging(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loop = on
}

// NewSpelling makes answers use the 2026 OpenAPI field names.
func (s *Server) NewSpelling(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.newSpelling = on
}

// SetNow sets the fake's clock (rate-limit reset times).
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = t
}

// PostsRead is the number of posts search answers have returned (billed
// reads).
func (s *Server) PostsRead() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.postsRead
}

// Requests returns "METHOD path?query" of every request so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// ReinstateUser undoes SuspendUser, DeleteUser and ProtectUser.
func (s *Server) ReinstateUser(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.suspended, id)
	delete(s.deletedUsers, id)
	if u := s.users[id]; u != nil {
		u.Protected = false
	}
}
