package blueskyfake

import (
	"fmt"
	"net/http"
)

// getPosts serves up to 25 uris; deleted posts and posts of accounts that
// are gone are left out.
func (s *Server) getPosts(w http.ResponseWriter, r *http.Request) {
	uris := r.URL.Query()["uris"]
	if len(uris) == 0 || len(uris) > 25 {
		xrpcError(w, http.StatusBadRequest, "InvalidRequest", fmt.Sprintf("Error: uris must not have more than 25 elements (got %d)", len(uris)))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []jsonPost{}
	for _, u := range uris {
		if p := s.byURI[u]; p != nil && p.visible() {
			out = append(out, s.renderPost(p))
		}
	}
	writeJSON(w, map[string]any{"posts": out})
}

// getPostThread serves the thread of one post, without replies or parents.
func (s *Server) getPostThread(w http.ResponseWriter, r *http.Request) {
	uri := r.URL.Query().Get("uri")
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.byURI[uri]
	if p == nil || !p.visible() {
		xrpcError(w, http.StatusBadRequest, "NotFound", "Post not found: "+uri)
		return
	}
	writeJSON(w, map[string]any{"thread": map[string]any{
		"$type": "app.bsky.feed.defs#threadViewPost", "post": s.renderPost(p), "replies": []any{}}})
}

// getProfile serves one profile or the error of an account that is gone.
func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	actor := r.URL.Query().Get("actor")
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.find(actor)
	switch {
	case actor == "":
		xrpcError(w, http.StatusBadRequest, "InvalidRequest", `Error: Params must have the property "actor"`)
	case a == nil || a.deleted:
		xrpcError(w, http.StatusBadRequest, "InvalidRequest", "Profile not found")
	case a.takendown:
		xrpcError(w, http.StatusBadRequest, "AccountTakedown", "Account has been suspended")
	case a.deactivated:
		xrpcError(w, http.StatusBadRequest, "AccountDeactivated", "Account is deactivated")
	default:
		writeJSON(w, s.renderProfile(a, true))
	}
}

// getProfiles serves up to 25 profiles; accounts that are gone are left
// out.
func (s *Server) getProfiles(w http.ResponseWriter, r *http.Request) {
	actors := r.URL.Query()["actors"]
	if len(actors) == 0 || len(actors) > 25 {
		xrpcError(w, http.StatusBadRequest, "InvalidRequest", fmt.Sprintf("Error: actors must not have more than 25 elements (got %d)", len(actors)))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []jsonProfile{}
	for _, actor := range actors {
		if a := s.find(actor); a != nil && !a.gone() {
			out = append(out, s.renderProfile(a, true))
		}
	}
	writeJSON(w, map[string]any{"profiles": out})
}
