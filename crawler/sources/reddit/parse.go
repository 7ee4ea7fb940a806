package reddit

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
)

// link is a t3 object.
type link struct {
	ID                string  `json:"id"`
	Name              string  `json:"name"`
	Title             string  `json:"title"`
	Selftext          string  `json:"selftext"`
	Author            string  `json:"author"`
	AuthorFullname    string  `json:"author_fullname"`
	Subreddit         string  `json:"subreddit"`
	Permalink         string  `json:"permalink"`
	URL               string  `json:"url"`
	CreatedUTC        float64 `json:"created_utc"`
	RemovedByCategory *string `json:"removed_by_category"`
	IsSelf            bool    `json:"is_self"`
	PostHint          string  `json:"post_hint"`
	Preview           *struct {
		Images []struct {
			Source struct {
				URL string `json:"url"`
			} `json:"source"`
		} `json:"images"`
	} `json:"preview"`
	Media *struct {
		RedditVideo *struct {
			FallbackURL string `json:"fallback_url"`
		} `json:"reddit_video"`
	} `json:"media"`
}

// listing is a Listing of t3 things.
type listing struct {
	Kind string `json:"kind"`
	Data struct {
		After    *string `json:"after"`
		Children []struct {
			Kind string `json:"kind"`
			Data link   `json:"data"`
		} `json:"children"`
	} `json:"data"`
}

// about is a /user/<name>/about answer.
type about struct {
	Kind string `json:"kind"`
	Data struct {
		ID           string  `json:"id"`
		Name         string  `json:"name"`
		CreatedUTC   float64 `json:"created_utc"`
		LinkKarma    int64   `json:"link_karma"`
		CommentKarma int64   `json:"comment_karma"`
		TotalKarma   int64   `json:"total_karma"`
		IconImg      string  `json:"icon_img"`
		IsSuspended  bool    `json:"is_suspended"`
		Subreddit    *struct {
			Title             string `json:"title"`
			PublicDescription string `json:"public_description"`
			Subscribers       int64  `json:"subscribers"`
		} `json:"subreddit"`
	} `json:"data"`
}

// parseListing decodes a search or /api/info answer, keeping t3 things
// and checking their ids.
func parseListing(body []byte) (*listing, error) {
	var l listing
	if err := json.Unmarshal(body, &l); err != nil {
		return nil, err
	}
	if l.Kind != "Listing" {
		return nil, fmt.Errorf("kind %q, want Listing", l.Kind)
	}
	for _, c := range l.Data.Children {
		if c.Kind != "t3" || !validID(c.Data.ID) || c.Data.Name != "t3_"+c.Data.ID {
			return nil, fmt.Errorf("child %s %q (%q) is not a link", c.Kind, c.Data.ID, c.Data.Name)
		}
	}
	return &l, nil
}

// parseAbout decodes a /user/<name>/about answer.
func parseAbout(body []byte) (*about, error) {
	var a about
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, err
	}
	if a.Kind != "t2" || a.Data.Name == "" {
		return nil, fmt.Errorf("kind %q name %q, want a t2 account", a.Kind, a.Data.Name)
	}
	return &a, nil
}

var (
	hashtagRe = regexp.MustCompile(`[#＃]([\p{L}\p{M}\p{N}_\x{200c}]+)`)
	wordRe    = regexp.MustCompile(`[\p{L}\p{M}\p{N}_\x{200c}]+`)
	imageExt  = regexp.MustCompile(`(?i)\.(jpe?g|png|gif|webp)$`)
)

// carries reports whether title or selftext contain tag as a word.
func (l *link) carries(tag string) bool {
	for _, w := range wordRe.FindAllString(l.Title+"\n"+l.Selftext, -1) {
		if crawler.NormalizeTag(strings.TrimRight(w, "\u200c")) == tag {
			return true
		}
	}
	return false
}

// tags returns tag and the normalised #hashtags of the text, sorted.
func (l *link) tags(tag string) []string {
	set := map[string]bool{tag: true}
	for _, m := range hashtagRe.FindAllStringSubmatch(l.Title+"\n"+l.Selftext, -1) {
		if t := crawler.NormalizeTag(strings.TrimRight(m[1], "\u200c")); t != "" {
			set[t] = true
		}
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// text is the plain text of a post: title, and selftext if any.
func (l *link) text() string {
	if l.Selftext == "" {
		return l.Title
	}
	return l.Title + "\n\n" + l.Selftext
}

// media lists the post's image, previews and video, each once.
func (l *link) media() []string {
	out := []string{}
	seen := map[string]bool{}
	add := func(u string) {
		u = html.UnescapeString(u)
		if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https") && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	if l.PostHint == "image" || imageExt.MatchString(strings.SplitN(l.URL, "?", 2)[0]) {
		add(l.URL)
	}
	if l.Preview != nil {
		for _, im := range l.Preview.Images {
			add(im.Source.URL)
		}
	}
	if l.Media != nil && l.Media.RedditVideo != nil {
		add(l.Media.RedditVideo.FallbackURL)
	}
	return out
}

// hash is the content hash of a post.
func (l *link) hash() string { return crawler.HashLines(l.Title, l.Selftext, l.URL) }

// removal classifies removal markers: status "" when the post is live.
func (l *link) removal() (status, detail string) {
	cat := ""
	if l.RemovedByCategory != nil {
		cat = *l.RemovedByCategory
	}
	switch {
	case cat == "deleted" || l.Selftext == "[deleted]":
		return "missing", "[deleted]"
	case cat == "copyright_takedown" || cat == "legal_operations" || cat == "content_takedown":
		return "withheld", "[removed] removed_by_category=" + cat
	case cat != "":
		return "missing", "[removed] removed_by_category=" + cat
	case l.Selftext == "[removed]":
		return "missing", "[removed]"
	}
	return "", ""
}

// stripQuery drops the query of a URL (signed avatar links).
func stripQuery(u string) string { return strings.SplitN(u, "?", 2)[0] }
