package mastodonfake

import (
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

func (s *Server) routes() {
	s.mux.HandleFunc("GET /api/v1/timelines/tag/{tag}", s.timeline)
	s.mux.HandleFunc("GET /api/v1/statuses/{id}", s.getStatus)
	s.mux.HandleFunc("GET /api/v1/accounts/lookup", s.lookup)
	s.mux.HandleFunc("GET /api/v1/accounts/{id}", s.getAccount)
	s.mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "Record not found")
	})
	s.mux.HandleFunc("GET /", s.public)
}

// timeline serves GET /api/v1/timelines/tag/:tag: newest first, max_id,
// since_id and min_id bounds, limit (default 20, max 40) and a Link header
// on non-empty pages.
func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tag := normTag(r.PathValue("tag"))
	limit := 20
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n != 0 {
		limit = min(abs(n), 40)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.tags[tag] && s.unknownTag404 {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	var list []*status
	for _, st := range s.statuses {
		if st.deleted || st.acct.suspended || !contains(st.tags, tag) || !inBounds(st.id, q) {
			continue
		}
		list = append(list, st)
	}
	sort.Slice(list, func(i, j int) bool { return idLess(list[j].id, list[i].id) })
	if q.Get("min_id") != "" && len(list) > limit {
		list = list[len(list)-limit:]
	} else if len(list) > limit {
		list = list[:limit]
	}
	out := make([]jsonStatus, 0, len(list))
	for _, st := range list {
		out = append(out, s.renderStatus(st))
	}
	if len(list) > 0 {
		w.Header().Set("Link", s.link(r, list[len(list)-1].id, list[0].id))
	}
	writeJSON(w, http.StatusOK, out)
}

// link builds the Link header of a timeline page.
func (s *Server) link(r *http.Request, oldest, newest string) string {
	base := s.URL() + r.URL.Path
	if s.loop {
		self := s.URL() + r.URL.RequestURI()
		return "<" + self + `>; rel="next", <` + self + `>; rel="prev"`
	}
	keep := url.Values{}
	for _, k := range []string{"limit", "local", "only_media"} {
		if v := r.URL.Query().Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	next, prev := cloneValues(keep), cloneValues(keep)
	next.Set("max_id", oldest)
	prev.Set("min_id", newest)
	return "<" + base + "?" + next.Encode() + `>; rel="next", <` + base + "?" + prev.Encode() + `>; rel="prev"`
}

func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status(r.PathValue("id"))
	switch {
	case st == nil || st.deleted:
		writeError(w, http.StatusNotFound, "Record not found")
	case st.acct.suspended && s.docsNotFound:
		writeError(w, http.StatusNotFound, "Record not found")
	case st.acct.suspended:
		writeError(w, http.StatusNotFound, "Not Found")
	default:
		writeJSON(w, http.StatusOK, s.renderStatus(st))
	}
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		if a.ID == r.PathValue("id") {
			s.writeAccount(w, a)
			return
		}
	}
	writeError(w, http.StatusNotFound, "Record not found")
}

// lookup serves GET /api/v1/accounts/lookup?acct=user[@domain].
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	user, domain, _ := strings.Cut(strings.TrimPrefix(r.URL.Query().Get("acct"), "@"), "@")
	a := s.find(user, domain)
	if a == nil {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	s.writeAccount(w, a)
}

func (s *Server) writeAccount(w http.ResponseWriter, a *account) {
	if a.suspended && s.legacySuspension {
		writeError(w, http.StatusGone, "Gone")
		return
	}
	writeJSON(w, http.StatusOK, s.renderAccount(a))
}

func inBounds(id string, q url.Values) bool {
	if m := q.Get("max_id"); m != "" && !idLess(id, m) {
		return false
	}
	if m := q.Get("since_id"); m != "" && !idLess(m, id) {
		return false
	}
	if m := q.Get("min_id"); m != "" && !idLess(m, id) {
		return false
	}
	return true
}

// idLess compares decimal ids as big integers.
func idLess(a, b string) bool {
	x, okx := new(big.Int).SetString(a, 10)
	y, oky := new(big.Int).SetString(b, 10)
	if !okx || !oky {
		return a < b
	}
	return x.Cmp(y) < 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
