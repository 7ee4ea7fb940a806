package blueskyfake

import (
	"fmt"
	"html"
	"net/http"
	"strings"
)

// jpeg1x1 is a small valid JPEG served for every avatar and image.
var jpeg1x1 = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" +
	"\xff\xdb\x00C\x00\x03\x02\x02\x02\x02\x02\x03\x02\x02\x02\x03\x03\x03\x03\x04\x06\x04\x04\x04\x04\x04\x08\x06\x06\x05\x06\t\x08\n\n\t\x08\t\t\n\x0c\x0f\x0c\n\x0b\x0e\x0b\t\t\r\x11\r\x0e\x0f\x10\x10\x11\x10\n\x0c\x12\x13\x12\x10\x13\x0f\x10\x10\x10" +
	"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00" +
	"\xff\xc4\x00\x14\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x09" +
	"\xff\xc4\x00\x14\x10\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\xff\xda\x00\x08\x01\x01\x00\x00?\x00\x2a\x9f\xff\xd9")

// web serves the CDN (/img/…@jpeg) and the web app's pages. Like bsky.app,
// every page answers 200 (a client-side app); a post or profile that
// exists gets its text in the page's meta tags.
func (s *Server) web(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	segs := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case strings.HasPrefix(p, "/img/") && strings.HasSuffix(p, "@jpeg"):
		w.Header().Set("Content-Type", "image/jpeg")
		w.Header().Set("Cache-Control", "public, max-age=604800")
		w.Write(jpeg1x1)
	case len(segs) == 4 && segs[0] == "profile" && segs[2] == "post":
		s.postPage(w, segs[1], segs[3])
	case len(segs) == 2 && segs[0] == "profile":
		s.profilePage(w, segs[1])
	default:
		page(w, "Bluesky", "")
	}
}

func (s *Server) postPage(w http.ResponseWriter, actor, rkey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.find(actor)
	if a == nil {
		page(w, "Bluesky", "")
		return
	}
	p := s.byURI["at://"+a.DID+"/app.bsky.feed.post/"+rkey]
	if p == nil || !p.visible() {
		page(w, "Bluesky", "")
		return
	}
	page(w, html.EscapeString(a.DisplayName)+" (@"+a.Handle+")", p.Text)
}

func (s *Server) profilePage(w http.ResponseWriter, actor string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.find(actor)
	if a == nil || a.gone() {
		page(w, "Bluesky", "")
		return
	}
	page(w, html.EscapeString(a.DisplayName)+" (@"+a.Handle+")", a.Description)
}

func page(w http.ResponseWriter, title, description string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	meta := ""
	if description != "" {
		meta = `<meta property="og:description" content="` + html.EscapeString(description) + `">`
	}
	fmt.Fprintf(w, "<!doctype html>\n<html><head><meta charset=\"UTF-8\"><title>%s</title>%s</head><body><div id=\"root\"></div><noscript>This is a heavily interactive web application, and JavaScript is required.</noscript></body></html>\n",
		title, meta)
}
