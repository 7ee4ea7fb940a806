package xfake

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
)

var hashtagRe = regexp.MustCompile(`#[\p{L}\p{M}\p{N}_]+`)

// searchLocked serves /2/tweets/search/recent.
func (s *Server) searchLocked(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n := 10
	if v := q.Get("max_results"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 10 || n > 100 {
			invalid(w, "max_results", "The `max_results` query parameter value ["+v+"] is not between 10 and 100")
			return
		}
	}
	query := q.Get("query")
	if query == "" {
		invalid(w, "query", "The `query` query parameter can not be empty")
		return
	}
	until := decodeToken(q.Get("next_token") + q.Get("pagination_token"))
	if s.loop {
		until = ""
	}
	var hits []*Post
	for _, p := range s.visiblePostsLocked() {
		if matches(p, query) && (q.Get("since_id") == "" || newer(p.ID, q.Get("since_id"))) && (until == "" || newer(until, p.ID)) {
			hits = append(hits, p)
		}
	}
	page := hits[:min(n, len(hits))]
	s.postsRead += len(page)
	meta := map[string]any{"result_count": len(page)}
	if len(page) > 0 {
		meta["newest_id"], meta["oldest_id"] = page[0].ID, page[len(page)-1].ID
	}
	if len(hits) > len(page) {
		meta["next_token"] = encodeToken(page[len(page)-1].ID)
		if s.loop {
			meta["next_token"] = encodeToken("loop")
		}
	}
	body := map[string]any{"meta": meta}
	if len(page) > 0 {
		body["data"], body["includes"] = s.postsJSONLocked(page)
	}
	writeJSON(w, http.StatusOK, body)
}

// visiblePostsLocked returns the posts search can see, newest first.
func (s *Server) visiblePostsLocked() []*Post {
	var out []*Post
	for id, p := range s.posts {
		a := p.AuthorID
		if s.deletedPosts[id] || s.suspended[a] || s.deletedUsers[a] || s.users[a] != nil && s.users[a].Protected {
			continue
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return newer(out[i].ID, out[j].ID) })
	return out
}

// matches applies a search query: one of its OR groups must match.
// In a group every #tag must be a hashtag of the post (case-insensitive,
// no other folding), every plain word must occur in its text; operators
// such as -is:retweet are ignored.
func matches(p *Post, query string) bool {
	tags := map[string]bool{}
	for _, t := range hashtagRe.FindAllString(p.Text, -1) {
		tags[strings.ToLower(t[1:])] = true
	}
	for _, group := range strings.Split(query, " OR ") {
		if matchesGroup(p, group, tags) {
			return true
		}
	}
	return false
}

func matchesGroup(p *Post, group string, tags map[string]bool) bool {
	for _, w := range strings.Fields(group) {
		switch {
		case strings.HasPrefix(w, "#"):
			if !tags[strings.ToLower(w[1:])] {
				return false
			}
		case strings.HasPrefix(w, "-") || strings.Contains(w, ":"):
		default:
			if !strings.Contains(crawler.NormalizeTag(p.Text), crawler.NormalizeTag(w)) {
				return false
			}
		}
	}
	return true
}

// lookupPostsLocked serves /2/tweets?ids=.
func (s *Server) lookupPostsLocked(w http.ResponseWriter, r *http.Request) {
	ids, ok := idsParam(w, r)
	if !ok {
		return
	}
	var found []*Post
	var errs []any
	for _, id := range ids {
		p := s.posts[id]
		switch {
		case p == nil || s.deletedPosts[id]:
			errs = append(errs, notFound("tweet", id, "Could not find tweet with ids: ["+id+"]."))
		case s.suspended[p.AuthorID] || s.deletedUsers[p.AuthorID] || s.users[p.AuthorID] != nil && s.users[p.AuthorID].Protected:
			errs = append(errs, map[string]any{"value": id, "resource_id": id, "resource_type": "tweet", "parameter": "ids",
				"title": "Authorization Error", "section": "data",
				"detail": "Sorry, you are not authorized to see the Tweet with ids: [" + id + "].",
				"type":   "https://api.twitter.com/2/problems/not-authorized-for-resource"})
		default:
			found = append(found, p)
		}
	}
	body := map[string]any{}
	if len(found) > 0 {
		body["data"], body["includes"] = s.postsJSONLocked(found)
	}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	writeJSON(w, http.StatusOK, body)
}

// lookupUsersLocked serves /2/users?ids=.
func (s *Server) lookupUsersLocked(w http.ResponseWriter, r *http.Request) {
	ids, ok := idsParam(w, r)
	if !ok {
		return
	}
	var data, errs []any
	for _, id := range ids {
		u := s.users[id]
		switch {
		case u == nil || s.deletedUsers[id]:
			errs = append(errs, notFound("user", id, "Could not find user with ids: ["+id+"]."))
		case s.suspended[id]:
			errs = append(errs, map[string]any{"parameter": "ids", "resource_id": id, "value": id, "title": "Forbidden",
				"detail": "User has been suspended: [" + id + "].", "resource_type": "user",
				"type": "https://api.twitter.com/2/problems/resource-not-found"})
		default:
			data = append(data, s.userJSONLocked(u))
		}
	}
	body := map[string]any{}
	if len(data) > 0 {
		body["data"] = data
	}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	writeJSON(w, http.StatusOK, body)
}

// idsParam reads ids= (1 to 100 numeric ids) or answers 400.
func idsParam(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	v := r.URL.Query().Get("ids")
	ids := strings.Split(v, ",")
	if v == "" || len(ids) > 100 {
		invalid(w, "ids", "The number of values in the `ids` query parameter list ["+strconv.Itoa(len(ids))+"] is not between 1 and 100")
		return nil, false
	}
	for _, id := range ids {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			invalid(w, "ids", "The `ids` query parameter value ["+id+"] does not match ^[0-9]{1,19}$")
			return nil, false
		}
	}
	return ids, true
}

func notFound(kind, id, detail string) map[string]any {
	return map[string]any{"value": id, "detail": detail, "title": "Not Found Error", "resource_type": kind,
		"parameter": "ids", "resource_id": id, "type": "https://api.twitter.com/2/problems/resource-not-found"}
}

// newer compares snowflake ids: length first, then lexical order.
func newer(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

func encodeToken(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("until:" + id))
}

func decodeToken(t string) string {
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil {
		return ""
	}
	id, _ := strings.CutPrefix(string(b), "until:")
	return id
}
