package telegramfake

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// serve routes one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	if s.injectLocked(w) {
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case parts[0] == "file" || parts[0] == "i":
		serveMedia(w, r.URL.Path)
	case parts[0] == "s" && len(parts) == 2:
		s.previewLocked(w, r, parts[1])
	case len(parts) == 1 && parts[0] != "":
		s.landingLocked(w, parts[0])
	case len(parts) == 2:
		n, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("embed") == "1" {
			s.embedLocked(w, parts[0], n)
		} else {
			s.postPageLocked(w, parts[0], n)
		}
	default:
		http.NotFound(w, r)
	}
}

// injectLocked plays a pending failure and reports whether it did.
func (s *Server) injectLocked(w http.ResponseWriter) bool {
	switch {
	case s.rateLimit > 0:
		s.rateLimit--
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, "Too Many Requests")
	case s.failN > 0:
		s.failN--
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(s.failStatus)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>", s.failStatus, http.StatusText(s.failStatus))
	case s.garbage > 0:
		s.garbage--
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><head><title>Just a moment...</title></head><body><div id=\"challenge\">checking your browser</div></body></html>")
	default:
		return false
	}
	return true
}

// previewLocked serves /s/<channel> with q, before and after.
func (s *Server) previewLocked(w http.ResponseWriter, r *http.Request, name string) {
	c := s.channels[strings.ToLower(name)]
	if c == nil || c.state != stateOK {
		http.Redirect(w, r, "/"+name, http.StatusFound)
		return
	}
	q := r.URL.Query()
	msgs := filter(c.visible(), q.Get("q"))
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	if s.loop {
		before, after = 0, 0
	}
	page := window(msgs, before, after, s.pageSize)
	more := int64(0)
	if len(page) > 0 && page[0].ID > msgs[0].ID {
		more = page[0].ID
	}
	writeHTML(w, s.renderPreview(c, page, more, q.Get("q")))
}

// filter keeps messages whose text contains the query (without '#'),
// ignoring case, the way a loose full-text search would. Like Telegram it
// does not fold Arabic and Persian letter variants.
func filter(msgs []*Message, q string) []*Message {
	want := strings.ToLower(strings.TrimLeft(q, "#"))
	if want == "" {
		return msgs
	}
	var out []*Message
	for _, m := range msgs {
		if strings.Contains(strings.ToLower(m.Text), want) {
			out = append(out, m)
		}
	}
	return out
}

// window picks one page of ascending msgs: the newest n before before,
// or the oldest n after after, or the newest n.
func window(msgs []*Message, before, after int64, n int) []*Message {
	if after > 0 {
		var out []*Message
		for _, m := range msgs {
			if m.ID > after && len(out) < n {
				out = append(out, m)
			}
		}
		return out
	}
	end := len(msgs)
	if before > 0 {
		end = 0
		for end < len(msgs) && msgs[end].ID < before {
			end++
		}
	}
	return msgs[max(0, end-n):end]
}

// landingLocked serves /<name>.
func (s *Server) landingLocked(w http.ResponseWriter, name string) {
	c := s.channels[strings.ToLower(name)]
	if c == nil || c.state == stateGone || c.state == statePrivate {
		writeHTML(w, renderContact(name))
		return
	}
	writeHTML(w, s.renderLanding(c))
}

// embedLocked serves /<channel>/<n>?embed=1.
func (s *Server) embedLocked(w http.ResponseWriter, name string, n int64) {
	c := s.channels[strings.ToLower(name)]
	switch {
	case c != nil && c.state == statePrivate:
		writeHTML(w, renderEmbedError(name, n, "Channel is private"))
	case c != nil && c.state == stateBlocked:
		writeHTML(w, s.renderLanding(c))
	case c == nil || c.state == stateGone || c.deleted[n] || c.messages[n] == nil:
		writeHTML(w, renderEmbedError(name, n, "Post not found"))
	default:
		writeHTML(w, s.renderEmbed(c, c.messages[n]))
	}
}

// postPageLocked serves /<channel>/<n>.
func (s *Server) postPageLocked(w http.ResponseWriter, name string, n int64) {
	c := s.channels[strings.ToLower(name)]
	if c == nil || c.state != stateOK && c.state != stateNoPreview {
		writeHTML(w, renderContact(name))
		return
	}
	text := ""
	if m := c.messages[n]; m != nil && !c.deleted[n] {
		text = m.Text
	}
	writeHTML(w, renderPostPage(c, n, text))
}

// serveMedia answers any /file/ or /i/ path with a small image or video.
func serveMedia(w http.ResponseWriter, path string) {
	if strings.HasSuffix(path, ".mp4") {
		w.Header().Set("Content-Type", "video/mp4")
		w.Write([]byte("\x00\x00\x00\x18ftypmp42fake video " + path))
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Write([]byte("\xff\xd8\xff\xe0fake jpeg " + path + "\xff\xd9"))
}

func writeHTML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, body)
}
