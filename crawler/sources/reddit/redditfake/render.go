package redditfake

import (
	"fmt"
	"strings"
)

// escape is what Reddit does to text without raw_json=1.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// listingLocked renders a Listing of posts.
func (s *Server) listingLocked(posts []*Post, after any, raw bool) map[string]any {
	children := []any{}
	for _, p := range posts {
		children = append(children, map[string]any{"kind": "t3", "data": s.postJSONLocked(p, raw)})
	}
	return map[string]any{"kind": "Listing", "data": map[string]any{"after": after, "before": nil, "dist": len(children),
		"modhash": nil, "geo_filter": "", "children": children}}
}

// postJSONLocked renders a t3, with deletion and removal markers.
func (s *Server) postJSONLocked(p *Post, raw bool) map[string]any {
	esc := func(t string) string {
		if raw {
			return t
		}
		return escape(t)
	}
	permalink := fmt.Sprintf("/r/%s/comments/%s/%s/", p.Subreddit, p.ID, slug(p.Title))
	u := s.URL() + permalink
	switch {
	case p.Image:
		u = s.MediaURL(p.ID)
	case p.Link != "":
		u = p.Link
	}
	d := map[string]any{"id": p.ID, "name": "t3_" + p.ID, "title": esc(p.Title), "selftext": esc(p.Selftext),
		"author": p.Author, "subreddit": p.Subreddit, "subreddit_id": "t5_2qh13", "subreddit_name_prefixed": "r/" + p.Subreddit,
		"created_utc": float64(p.Created.Unix()), "permalink": permalink, "url": esc(u), "score": 42, "num_comments": 7,
		"over_18": false, "removed_by_category": nil, "is_robot_indexable": true, "link_flair_text": nil,
		"is_self": !p.Image && p.Link == "", "is_video": false}
	if a := s.accounts[lower(p.Author)]; a != nil {
		d["author_fullname"] = "t2_" + a.ID
	}
	if s.gone[lower(p.Author)] {
		d["author"] = "[deleted]"
		delete(d, "author_fullname")
	}
	if p.Image {
		d["post_hint"] = "image"
		d["preview"] = map[string]any{"enabled": true, "images": []any{map[string]any{"id": p.ID,
			"source":      map[string]any{"url": esc(s.PreviewURL(p.ID)), "width": 640, "height": 480},
			"resolutions": []any{}}}}
	}
	if cat, ok := s.removed[p.ID]; ok {
		d["removed_by_category"], d["is_robot_indexable"] = cat, false
		if cat == "deleted" {
			d["author"], d["selftext"] = "[deleted]", "[deleted]"
			delete(d, "author_fullname")
		} else {
			d["selftext"] = "[removed]"
		}
	}
	return d
}

// accountJSON renders the about data of a user.
func (s *Server) accountJSON(a *Account, raw bool) map[string]any {
	icon := s.IconURL(a)
	if !raw {
		icon = escape(icon)
	}
	return map[string]any{"id": a.ID, "name": a.Name, "created": float64(a.Created.Unix()), "created_utc": float64(a.Created.Unix()),
		"link_karma": a.LinkKarma, "comment_karma": a.CommentKarma, "total_karma": a.LinkKarma + a.CommentKarma,
		"icon_img": icon, "has_verified_email": true, "verified": true, "is_mod": false, "is_employee": false,
		"subreddit": map[string]any{"display_name": "u_" + a.Name, "title": a.Title, "public_description": a.Description,
			"subscribers": a.Followers, "icon_img": icon}}
}

// MediaURL is the image URL of an image post.
func (s *Server) MediaURL(id string) string { return s.URL() + "/media/" + id + ".jpg" }

// PreviewURL is the preview URL of an image post (signed, with a query).
func (s *Server) PreviewURL(id string) string {
	return s.URL() + "/preview/" + id + ".jpg?width=640&format=pjpg&auto=webp&s=0123abcd"
}

// IconURL is the icon_img the fake gives a user.
func (s *Server) IconURL(a *Account) string {
	if !a.Icon {
		return s.URL() + "/static/avatars/defaults/v2/avatar_default_3.png"
	}
	return s.URL() + "/avatars/" + a.Name + ".png?width=256&height=256&crop=256:256,smart&s=feedbeef"
}

// slug is the title part of a permalink.
func slug(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
			b.WriteByte('_')
		}
		if b.Len() >= 50 {
			break
		}
	}
	return strings.Trim(b.String(), "_")
}
