package xfake

import (
	"fmt"
	"strings"

	"unicode/utf8"
)

const apiTime = "2006-01-02T15:04:05.000Z"

// escapeText escapes a post text as the API does.
var escapeText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// postsJSONLocked renders posts with their includes (authors, media).
func (s *Server) postsJSONLocked(posts []*Post) ([]any, map[string]any) {
	var data, users, media []any
	seenUser := map[string]bool{}
	for _, p := range posts {
		data = append(data, s.postJSONLocked(p))
		if u := s.users[p.AuthorID]; u != nil && !seenUser[u.ID] {
			seenUser[u.ID] = true
			users = append(users, s.userJSONLocked(u))
		}
		for i := 1; i <= p.Photos; i++ {
			media = append(media, map[string]any{"media_key": photoKey(p.ID, i), "type": "photo", "url": s.PhotoURL(p.ID, i)})
		}
		if p.Video {
			media = append(media, map[string]any{"media_key": videoKey(p.ID), "type": "video", "preview_image_url": s.VideoPreviewURL(p.ID)})
		}
	}
	inc := map[string]any{}
	if len(users) > 0 {
		inc["users"] = users
	}
	if len(media) > 0 {
		inc["media"] = media
	}
	return data, inc
}

// postJSONLocked renders one post object.
func (s *Server) postJSONLocked(p *Post) map[string]any {
	repost, edits := "retweet_count", "edit_history_tweet_ids"
	if s.newSpelling {
		repost, edits = "repost_count", "edit_history_post_ids"
	}
	var tags []any
	for _, loc := range hashtagRe.FindAllStringIndex(p.Text, -1) {
		start := utf8.RuneCountInString(p.Text[:loc[0]])
		tags = append(tags, map[string]any{"start": start, "end": start + utf8.RuneCountInString(p.Text[loc[0]:loc[1]]), "tag": p.Text[loc[0]+1 : loc[1]]})
	}
	o := map[string]any{
		"id": p.ID, "text": escapeText(p.Text), "author_id": p.AuthorID, "created_at": p.CreatedAt.UTC().Format(apiTime),
		"lang": "en", "conversation_id": p.ID, edits: []string{p.ID},
		"public_metrics": map[string]any{repost: 1, "reply_count": 0, "like_count": 2, "quote_count": 0, "bookmark_count": 0, "impression_count": 10},
	}
	if len(tags) > 0 {
		o["entities"] = map[string]any{"hashtags": tags}
	}
	var keys []string
	for i := 1; i <= p.Photos; i++ {
		keys = append(keys, photoKey(p.ID, i))
	}
	if p.Video {
		keys = append(keys, videoKey(p.ID))
	}
	if len(keys) > 0 {
		o["attachments"] = map[string]any{"media_keys": keys}
	}
	if c, ok := s.withheldPosts[p.ID]; ok {
		o["withheld"] = map[string]any{"copyright": false, "country_codes": c, "scope": "tweet"}
	}
	return o
}

// userJSONLocked renders one user object.
func (s *Server) userJSONLocked(u *User) map[string]any {
	count := "tweet_count"
	if s.newSpelling {
		count = "post_count"
	}
	o := map[string]any{
		"id": u.ID, "username": u.Username, "name": u.Name, "description": escapeText(u.Description),
		"created_at": u.CreatedAt.UTC().Format(apiTime), "profile_image_url": s.ProfileImageURL(u),
		"protected": u.Protected, "verified": false,
		"public_metrics": map[string]any{"followers_count": u.Followers, "following_count": u.Following,
			count: u.Posts, "listed_count": 0, "like_count": 0, "media_count": 0},
	}
	if c, ok := s.withheldUsers[u.ID]; ok {
		o["withheld"] = map[string]any{"country_codes": c}
	}
	return o
}

func photoKey(id string, i int) string { return fmt.Sprintf("3_%s%d", id, i) }
func videoKey(id string) string        { return "7_" + id }

// PhotoURL is the URL of photo i (from 1) of post id.
func (s *Server) PhotoURL(id string, i int) string {
	return s.URL() + "/media/" + photoKey(id, i) + ".jpg"
}

// VideoPreviewURL is the preview image URL of the video of post id.
func (s *Server) VideoPreviewURL(id string) string {
	return s.URL() + "/ext_tw_video_thumb/" + videoKey(id) + "/pu/img/preview.jpg"
}

// ProfileImageURL is the profile image the fake gives u.
func (s *Server) ProfileImageURL(u *User) string {
	if !u.Avatar {
		return s.URL() + "/sticky/default_profile_images/default_profile_normal.png"
	}
	return s.URL() + "/profile_images/" + u.ID + "/avatar_normal.jpg"
}
