package blueskyfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (s *Server) routes() {
	s.mux.HandleFunc("POST /xrpc/com.atproto.server.createSession", s.createSession)
	s.mux.HandleFunc("GET /xrpc/app.bsky.feed.searchPosts", s.searchPosts)
	s.mux.HandleFunc("GET /xrpc/app.bsky.feed.getPosts", s.getPosts)
	s.mux.HandleFunc("GET /xrpc/app.bsky.feed.getPostThread", s.getPostThread)
	s.mux.HandleFunc("GET /xrpc/app.bsky.actor.getProfile", s.getProfile)
	s.mux.HandleFunc("GET /xrpc/app.bsky.actor.getProfiles", s.getProfiles)
	notImplemented := func(w http.ResponseWriter, r *http.Request) {
		xrpcError(w, http.StatusNotImplemented, "MethodNotImplemented", "Method Not Implemented")
	}
	s.mux.HandleFunc("GET /xrpc/", notImplemented)
	s.mux.HandleFunc("POST /xrpc/", notImplemented)
	s.mux.HandleFunc("GET /", s.web)
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	var in struct{ Identifier, Password string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Identifier == "" || in.Password == "" {
		xrpcError(w, http.StatusBadRequest, "InvalidRequest", `Input must have the property "identifier"`)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.login[0] == "" || in.Identifier != s.login[0] || in.Password != s.login[1] {
		xrpcError(w, http.StatusUnauthorized, "AuthenticationRequired", "Invalid identifier or password")
		return
	}
	s.seq++
	access := fmt.Sprintf("eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.fake-access-%d.sig", s.seq)
	s.tokens[access] = false
	writeJSON(w, map[string]any{"accessJwt": access, "refreshJwt": fmt.Sprintf("fake-refresh-%d", s.seq),
		"handle": in.Identifier, "did": "did:plc:" + digest("did", in.Identifier)[:24], "active": true})
}

// authorize checks the bearer token of a searchPosts request; it writes
// the error answer and returns false when the request may not search.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	expired, known := s.tokens[token]
	switch {
	case !ok && s.publicSearch:
		return true
	case !ok && s.forbiddenHTML:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>")
	case !ok:
		xrpcError(w, http.StatusUnauthorized, "AuthMissing", "Authentication Required")
	case !known:
		xrpcError(w, http.StatusUnauthorized, "InvalidToken", "Token could not be verified")
	case expired:
		xrpcError(w, http.StatusBadRequest, "ExpiredToken", "Token has expired")
	default:
		return true
	}
	return false
}

// searchPosts serves q (#tags and words), tag (ANDed), since/until on
// sortAt, sort=latest, limit (1-100, default 25) and an offset cursor.
func (s *Server) searchPosts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r) {
		return
	}
	q := r.URL.Query()
	limit, offset, err := searchParams(q.Get("q"), q.Get("limit"), q.Get("cursor"))
	if err != nil {
		xrpcError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	}
	hits := s.match(q.Get("q"), q["tag"], q.Get("since"), q.Get("until"))
	out := map[string]any{"hitsTotal": len(hits)}
	page := []jsonPost{}
	for _, p := range hits[min(offset, len(hits)):min(offset+limit, len(hits))] {
		page = append(page, s.renderPost(p))
	}
	out["posts"] = page
	if s.loop && len(page) > 0 {
		out["cursor"] = "1"
	} else if offset+limit < len(hits) {
		out["cursor"] = strconv.Itoa(offset + limit)
	}
	writeJSON(w, out)
}

func searchParams(q, limitS, cursor string) (limit, offset int, err error) {
	if q == "" {
		return 0, 0, fmt.Errorf(`Error: Params must have the property "q"`)
	}
	limit = 25
	if limitS != "" {
		if limit, err = strconv.Atoi(limitS); err != nil || limit < 1 || limit > 100 {
			return 0, 0, fmt.Errorf("Error: limit can not be greater than 100")
		}
	}
	if cursor != "" {
		if offset, err = strconv.Atoi(cursor); err != nil || offset < 0 {
			return 0, 0, fmt.Errorf("invalid cursor")
		}
	}
	return limit, offset, nil
}

// match returns the visible posts matching a query, latest first.
func (s *Server) match(q string, tags []string, since, until string) []*post {
	var hits []*post
	for _, p := range s.posts {
		at := sortAt(p)
		if !p.visible() || !p.matches(q, tags) || !after(at, since, true) || after(at, until, false) {
			continue
		}
		hits = append(hits, p)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := sortAt(hits[i]), sortAt(hits[j])
		if !a.Equal(b) {
			return a.After(b)
		}
		return hits[i].URI > hits[j].URI
	})
	return hits
}

// after reports whether t is at or after the bound (RFC 3339 or
// YYYY-MM-DD); an empty or unparsable bound is no bound.
func after(t time.Time, bound string, empty bool) bool {
	if bound == "" {
		return empty
	}
	b, err := time.Parse(time.RFC3339Nano, bound)
	if err != nil {
		if b, err = time.Parse("2006-01-02", bound); err != nil {
			return empty
		}
	}
	return !t.Before(b)
}

func sortAt(p *post) time.Time {
	if p.CreatedAt.Before(p.IndexedAt) {
		return p.CreatedAt
	}
	return p.IndexedAt
}

func (p *post) matches(q string, tags []string) bool {
	have := map[string]bool{}
	for _, f := range p.facets {
		have[strings.ToLower(f.tag)] = true
	}
	for _, t := range p.Tags {
		have[strings.ToLower(t)] = true
	}
	for _, t := range tags {
		if !have[strings.ToLower(t)] {
			return false
		}
	}
	text := strings.ToLower(p.Text)
	for _, word := range strings.Fields(strings.ToLower(q)) {
		if tag, ok := strings.CutPrefix(word, "#"); ok {
			if !have[tag] {
				return false
			}
		} else if !strings.Contains(text, word) {
			return false
		}
	}
	return true
}
