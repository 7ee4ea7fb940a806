package blueskyfake

import (
	"time"
)

const msFormat = "2006-01-02T15:04:05.000Z"

type jsonProfile struct {
	DID            string     `json:"did"`
	Handle         string     `json:"handle"`
	DisplayName    string     `json:"displayName,omitempty"`
	Description    string     `json:"description,omitempty"`
	Avatar         string     `json:"avatar,omitempty"`
	FollowersCount *int64     `json:"followersCount,omitempty"`
	FollowsCount   *int64     `json:"followsCount,omitempty"`
	PostsCount     *int64     `json:"postsCount,omitempty"`
	Associated     struct{}   `json:"associated"`
	IndexedAt      string     `json:"indexedAt,omitempty"`
	CreatedAt      string     `json:"createdAt"`
	Viewer         struct{}   `json:"viewer"`
	Labels         []struct{} `json:"labels"`
}

type jsonPost struct {
	URI           string      `json:"uri"`
	CID           string      `json:"cid"`
	Author        jsonProfile `json:"author"`
	Record        jsonRecord  `json:"record"`
	Embed         *jsonEmbed  `json:"embed,omitempty"`
	ReplyCount    int         `json:"replyCount"`
	RepostCount   int         `json:"repostCount"`
	LikeCount     int         `json:"likeCount"`
	QuoteCount    int         `json:"quoteCount"`
	BookmarkCount int         `json:"bookmarkCount"`
	IndexedAt     string      `json:"indexedAt"`
	Viewer        struct{}    `json:"viewer"`
	Labels        []struct{}  `json:"labels"`
}

type jsonRecord struct {
	Type      string      `json:"$type"`
	CreatedAt string      `json:"createdAt"`
	Embed     *jsonEmbed  `json:"embed,omitempty"`
	Facets    []jsonFacet `json:"facets,omitempty"`
	Langs     []string    `json:"langs,omitempty"`
	Tags      []string    `json:"tags,omitempty"`
	Text      string      `json:"text"`
}

type jsonFacet struct {
	Type  string `json:"$type"`
	Index struct {
		ByteStart int `json:"byteStart"`
		ByteEnd   int `json:"byteEnd"`
	} `json:"index"`
	Features []jsonFeature `json:"features"`
}

type jsonFeature struct {
	Type string `json:"$type"`
	Tag  string `json:"tag"`
}

type jsonEmbed struct {
	Type   string      `json:"$type"`
	Images []jsonImage `json:"images"`
}

type jsonImage struct {
	Thumb       string `json:"thumb,omitempty"`
	Fullsize    string `json:"fullsize,omitempty"`
	Alt         string `json:"alt"`
	AspectRatio struct {
		Width  int `json:"width"`
		Height int `json:"height"`
	} `json:"aspectRatio"`
	Image *struct {
		Type string `json:"$type"`
		Ref  struct {
			Link string `json:"$link"`
		} `json:"ref"`
		MimeType string `json:"mimeType"`
		Size     int    `json:"size"`
	} `json:"image,omitempty"`
}

// renderProfile renders a profile view; detailed adds the counts and the
// description (profileViewDetailed), else it is profileViewBasic.
func (s *Server) renderProfile(a *account, detailed bool) jsonProfile {
	j := jsonProfile{DID: a.DID, Handle: a.Handle, DisplayName: a.DisplayName, Avatar: a.Avatar,
		CreatedAt: a.CreatedAt.UTC().Format(msFormat), Labels: []struct{}{}}
	if detailed {
		j.Description = a.Description
		j.FollowersCount, j.FollowsCount, j.PostsCount = &a.Followers, &a.Follows, &a.Posts
		j.IndexedAt = a.CreatedAt.Add(time.Minute).UTC().Format(msFormat)
	}
	return j
}

func (s *Server) renderPost(p *post) jsonPost {
	rec := jsonRecord{Type: "app.bsky.feed.post", CreatedAt: p.CreatedAt.UTC().Format(msFormat),
		Langs: p.Langs, Tags: p.Tags, Text: p.Text}
	for _, f := range p.facets {
		jf := jsonFacet{Type: "app.bsky.richtext.facet",
			Features: []jsonFeature{{Type: "app.bsky.richtext.facet#tag", Tag: f.tag}}}
		jf.Index.ByteStart, jf.Index.ByteEnd = f.start, f.end
		rec.Facets = append(rec.Facets, jf)
	}
	j := jsonPost{URI: p.URI, CID: p.CID, Author: s.renderProfile(p.author, false), Record: rec,
		IndexedAt: p.IndexedAt.UTC().Format(msFormat), Labels: []struct{}{}}
	if len(p.images) > 0 {
		view := &jsonEmbed{Type: "app.bsky.embed.images#view"}
		raw := &jsonEmbed{Type: "app.bsky.embed.images"}
		for _, cid := range p.images {
			im := jsonImage{Thumb: s.URL() + "/img/feed_thumbnail/plain/" + p.author.DID + "/" + cid + "@jpeg",
				Fullsize: s.URL() + "/img/feed_fullsize/plain/" + p.author.DID + "/" + cid + "@jpeg"}
			im.AspectRatio.Width, im.AspectRatio.Height = 1, 1
			view.Images = append(view.Images, im)
			blob := jsonImage{}
			blob.AspectRatio = im.AspectRatio
			blob.Image = &struct {
				Type string `json:"$type"`
				Ref  struct {
					Link string `json:"$link"`
				} `json:"ref"`
				MimeType string `json:"mimeType"`
				Size     int    `json:"size"`
			}{Type: "blob", MimeType: "image/jpeg", Size: len(jpeg1x1)}
			blob.Image.Ref.Link = cid
			raw.Images = append(raw.Images, blob)
		}
		j.Embed, j.Record.Embed = view, raw
	}
	return j
}
