package redditfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

func lower(s string) string { return strings.ToLower(s) }

// serve routes one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	p := r.URL.Path
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case p == "/api/v1/access_token":
		s.tokenLocked(w, r)
	case p == "/search" || p == "/api/info" || len(parts) == 3 && parts[0] == "r" && parts[2] == "search" ||
		len(parts) == 3 && parts[0] == "user" && parts[2] == "about":
		if s.injectLocked(w) || !s.authorizedLocked(w, r) {
			return
		}
		s.apiLocked(w, r, parts)
	default:
		s.webLocked(w, p)
	}
}

// tokenLocked serves the app-only token endpoint.
func (s *Server) tokenLocked(w http.ResponseWriter, r *http.Request) {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(ClientID+":"+ClientSecret))
	if r.Method != http.MethodPost || r.Header.Get("Authorization") != want {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Unauthorized", "error": 401})
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusOK, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	s.issued++
	tok := fmt.Sprintf("fake-reddit-token-%d", s.issued)
	s.tokens[tok] = true
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 86400, "scope": "*"})
}

// authorizedLocked answers the 2026 block page without a token and 401
// for an unknown one.
func (s *Server) authorizedLocked(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<!doctype html><html><head><title>Blocked</title></head><body><h1>whoa there, pardner!</h1><p>Your request has been blocked due to a network policy.</p></body></html>`)
		return false
	}
	tok, _ := strings.CutPrefix(auth, "Bearer ")
	if !s.tokens[tok] {
		w.Header().Set("WWW-Authenticate", `Bearer realm="reddit", error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Unauthorized", "error": 401})
		return false
	}
	return true
}

// injectLocked plays a pending failure and reports whether it did.
func (s *Server) injectLocked(w http.ResponseWriter) bool {
	switch {
	case s.rateLimit > 0:
		s.rateLimit--
		w.Header().Set("X-Ratelimit-Used", "100")
		w.Header().Set("X-Ratelimit-Remaining", "0.0")
		w.Header().Set("X-Ratelimit-Reset", "412")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "Too Many Requests", "error": 429})
	case s.failN > 0:
		s.failN--
		writeJSON(w, s.failStatus, map[string]any{"message": http.StatusText(s.failStatus), "error": s.failStatus})
	case s.malformed > 0:
		s.malformed--
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		fmt.Fprint(w, `{"kind": "Listing", "data": {"after": null, "children": [{"kind": "t3", "data": {"id": `)
	default:
		w.Header().Set("X-Ratelimit-Used", "1")
		w.Header().Set("X-Ratelimit-Remaining", "99.0")
		w.Header().Set("X-Ratelimit-Reset", "412")
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	w.Write(b)
}

// webLocked serves public pages, media and avatars.
func (s *Server) webLocked(w http.ResponseWriter, p string) {
	switch {
	case strings.HasPrefix(p, "/media/") || strings.HasPrefix(p, "/preview/") || strings.HasPrefix(p, "/avatars/") ||
		strings.HasPrefix(p, "/static/"):
		ct := "image/jpeg"
		if strings.HasSuffix(p, ".png") {
			ct = "image/png"
		}
		w.Header().Set("Content-Type", ct)
		w.Write([]byte("fake image " + p))
	case strings.HasPrefix(p, "/r/") || strings.HasPrefix(p, "/user/") || strings.HasPrefix(p, "/comments/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>reddit</title></head><body><shreddit-app data-path="%s"></shreddit-app></body></html>`,
			strings.ReplaceAll(p, `"`, ""))
	default:
		http.NotFound(w, nil)
	}
}
