package xfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// serve routes one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	if !strings.HasPrefix(r.URL.Path, "/2/") {
		s.serveWeb(w, r)
		return
	}
	limit := 450
	if r.URL.Path != "/2/tweets/search/recent" {
		limit = 3500
	}
	reset := strconv.FormatInt(s.now.Add(15*time.Minute).Unix(), 10)
	w.Header().Set("x-rate-limit-limit", strconv.Itoa(limit))
	w.Header().Set("x-rate-limit-reset", reset)
	w.Header().Set("x-rate-limit-remaining", strconv.Itoa(limit-1))
	if s.injectLocked(w) {
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+BearerToken {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})
		return
	}
	switch r.URL.Path {
	case "/2/tweets/search/recent":
		s.searchLocked(w, r)
	case "/2/tweets":
		s.lookupPostsLocked(w, r)
	case "/2/users":
		s.lookupUsersLocked(w, r)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"title": "Not Found", "type": "about:blank", "status": 404, "detail": "Not Found"})
	}
}

// injectLocked plays a pending failure and reports whether it did.
func (s *Server) injectLocked(w http.ResponseWriter) bool {
	switch {
	case s.usageCapped:
		w.Header().Set("x-rate-limit-remaining", "0")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"title": "UsageCapExceeded", "detail": "Usage cap exceeded: Monthly product cap",
			"type": "https://api.twitter.com/2/problems/usage-capped", "period": "Monthly", "scope": "Product"})
	case s.rateLimit > 0:
		s.rateLimit--
		w.Header().Set("x-rate-limit-remaining", "0")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"errors": []any{map[string]any{"code": 88, "message": "Rate limit exceeded"}}})
	case s.failN > 0:
		s.failN--
		text := http.StatusText(s.failStatus)
		writeJSON(w, s.failStatus, map[string]any{"title": text, "detail": text, "type": "about:blank", "status": s.failStatus})
	case s.malformed > 0:
		s.malformed--
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		fmt.Fprint(w, `{"data":[{"id":"1","text":"cut off`)
	default:
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// invalid answers 400 like the API's invalid-request problem.
func invalid(w http.ResponseWriter, param, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"errors": []any{map[string]any{"parameters": map[string]any{param: []string{}}, "message": msg}},
		"title":  "Invalid Request", "detail": "One or more parameters to your request was invalid.",
		"type": "https://api.twitter.com/2/problems/invalid-request"})
}

// serveWeb serves public pages, media and profile images.
func (s *Server) serveWeb(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/media/") || strings.HasPrefix(p, "/profile_images/") ||
		strings.HasPrefix(p, "/sticky/") || strings.HasPrefix(p, "/ext_tw_video_thumb/"):
		ct := "image/jpeg"
		if strings.HasSuffix(p, ".png") {
			ct = "image/png"
		}
		w.Header().Set("Content-Type", ct)
		w.Write([]byte("fake image " + p))
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>X</title></head><body><noscript>JavaScript is not available.</noscript><div id="react-root" data-path="%s"></div></body></html>`,
			strings.ReplaceAll(p, `"`, ""))
	}
}
