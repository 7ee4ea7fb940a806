package redditfake

import (
	"net/http"
	"sort"
	"strings"
)

// apiLocked serves the authorised API paths.
func (s *Server) apiLocked(w http.ResponseWriter, r *http.Request, parts []string) {
	raw := r.URL.Query().Get("raw_json") == "1"
	switch {
	case parts[0] == "search" || parts[0] == "r":
		sub := ""
		if parts[0] == "r" && r.URL.Query().Get("restrict_sr") != "" {
			sub = parts[1]
		}
		s.searchLocked(w, r, sub, raw)
	case parts[0] == "api":
		s.infoLocked(w, r, raw)
	default:
		s.aboutLocked(w, parts[1], raw)
	}
}

// searchLocked serves a search, newest first, with after paging.
func (s *Server) searchLocked(w http.ResponseWriter, r *http.Request, sub string, raw bool) {
	q := r.URL.Query()
	var hits []*Post
	for _, p := range s.posts {
		if _, gone := s.removed[p.ID]; gone || sub != "" && !strings.EqualFold(sub, p.Subreddit) || !matches(p, q.Get("q")) {
			continue
		}
		hits = append(hits, p)
	}
	sort.Slice(hits, func(i, j int) bool {
		if !hits[i].Created.Equal(hits[j].Created) {
			return hits[i].Created.After(hits[j].Created)
		}
		return newer(hits[i].ID, hits[j].ID)
	})
	start := 0
	if after := q.Get("after"); after != "" && !s.loop {
		start = len(hits)
		for i, p := range hits {
			if "t3_"+p.ID == after {
				start = i + 1
			}
		}
	}
	n := min(s.pageSize, 100)
	page := hits[start:min(start+n, len(hits))]
	var after any
	if start+len(page) < len(hits) {
		after = "t3_" + page[len(page)-1].ID
	}
	writeJSON(w, http.StatusOK, s.listingLocked(page, after, raw))
}

// matches applies a query: one OR group must have all its words (without
// '#', case-insensitive, no other folding) in title or selftext.
func matches(p *Post, q string) bool {
	text := strings.ToLower(p.Title + " " + p.Selftext)
	for _, group := range strings.Split(q, " OR ") {
		ok := len(strings.Fields(group)) > 0
		for _, w := range strings.Fields(group) {
			ok = ok && strings.Contains(text, strings.ToLower(strings.TrimLeft(w, "#")))
		}
		if ok {
			return true
		}
	}
	return false
}

// infoLocked serves /api/info?id=t3_a,t3_b.
func (s *Server) infoLocked(w http.ResponseWriter, r *http.Request, raw bool) {
	ids := strings.Split(r.URL.Query().Get("id"), ",")
	if len(ids) > 100 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Bad Request", "error": 400})
		return
	}
	var found []*Post
	for _, id := range ids {
		if p := s.posts[strings.TrimPrefix(id, "t3_")]; p != nil && strings.HasPrefix(id, "t3_") {
			found = append(found, p)
		}
	}
	writeJSON(w, http.StatusOK, s.listingLocked(found, nil, raw))
}

// aboutLocked serves /user/<name>/about.
func (s *Server) aboutLocked(w http.ResponseWriter, name string, raw bool) {
	a := s.accounts[lower(name)]
	switch {
	case a == nil || s.gone[lower(name)]:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found", "error": 404})
	case s.suspended[lower(name)]:
		writeJSON(w, http.StatusOK, map[string]any{"kind": "t2", "data": map[string]any{"name": a.Name, "is_suspended": true,
			"is_blocked": false, "awardee_karma": 0, "awarder_karma": 0, "total_karma": a.LinkKarma + a.CommentKarma}})
	default:
		writeJSON(w, http.StatusOK, map[string]any{"kind": "t2", "data": s.accountJSON(a, raw)})
	}
}

// newer compares base-36 ids.
func newer(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}
