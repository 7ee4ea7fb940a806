package mastodonfake

import (
	"fmt"
	"html"
	"net/http"
	"strings"
)

// png1x1 is a valid 1x1 PNG image served for every avatar and media file.
var png1x1 = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

func servePNG(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=315576000, immutable")
	w.Write(png1x1)
}

// public serves what is not API: media and avatars (/system/…png, the
// missing.png placeholders), status pages (/@user/id) and profile pages
// (/@user).
func (s *Server) public(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	segs := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case strings.HasSuffix(p, ".png") && (strings.HasPrefix(p, "/system/") ||
		p == "/avatars/original/missing.png" || p == "/headers/original/missing.png"):
		servePNG(w, r)
	case len(segs) == 2 && strings.HasPrefix(segs[0], "@"):
		s.statusPage(w, segs[0][1:], segs[1])
	case len(segs) == 1 && strings.HasPrefix(segs[0], "@"):
		s.profilePage(w, segs[0][1:])
	default:
		notFoundPage(w)
	}
}

// statusPage serves a local status's public page, /@user/id: 404 when
// deleted or unknown, 410 when its account is suspended.
func (s *Server) statusPage(w http.ResponseWriter, user, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status(id)
	switch {
	case st == nil || !st.local || st.acct.Username != user || st.deleted:
		notFoundPage(w)
	case st.acct.suspended:
		page(w, http.StatusGone, "Gone", "<p>This account has been suspended.</p>")
	default:
		name := st.acct.DisplayName
		page(w, http.StatusOK, fmt.Sprintf("%s: %q - %s", html.EscapeString(name), html.EscapeString(st.text), s.Host()),
			`<div class="status__content">`+s.contentHTML(st.text)+`</div>`+
				`<link rel="alternate" type="application/activity+json" href="`+st.uri+`">`)
	}
}

// profilePage serves a local account's profile page, /@user.
func (s *Server) profilePage(w http.ResponseWriter, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.find(user, "")
	switch {
	case a == nil:
		notFoundPage(w)
	case a.suspended:
		page(w, http.StatusGone, "Gone", "<p>This account has been suspended.</p>")
	default:
		page(w, http.StatusOK, html.EscapeString(a.DisplayName)+" (@"+a.Username+"@"+s.Host()+")",
			"<p>"+html.EscapeString(a.Note)+"</p>")
	}
}

func notFoundPage(w http.ResponseWriter) {
	page(w, http.StatusNotFound, "The page you are looking for isn't here.", "<p>The page you are looking for isn't here.</p>")
}

func page(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head><body>%s</body></html>\n", title, body)
}
