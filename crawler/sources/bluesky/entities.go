package bluesky

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
)

// postView is the part of app.bsky.feed.defs#postView afterimage reads.
type postView struct {
	URI       string      `json:"uri"`
	CID       string      `json:"cid"`
	Author    profile     `json:"author"`
	Record    postRecord  `json:"record"`
	Embed     *embedView  `json:"embed"`
	IndexedAt string      `json:"indexedAt"`
	Labels    []labelView `json:"labels"`
}

type postRecord struct {
	Type      string   `json:"$type"`
	Text      string   `json:"text"`
	CreatedAt string   `json:"createdAt"`
	Langs     []string `json:"langs"`
	Tags      []string `json:"tags"`
	Facets    []facet  `json:"facets"`
}

type facet struct {
	Features []struct {
		Type string `json:"$type"`
		Tag  string `json:"tag"`
	} `json:"features"`
}

// embedView covers images#view, recordWithMedia#view (images under media)
// and the rest, whose images are empty.
type embedView struct {
	Type   string      `json:"$type"`
	Images []imageView `json:"images"`
	Media  *embedView  `json:"media"`
}

type imageView struct {
	Thumb    string `json:"thumb"`
	Fullsize string `json:"fullsize"`
	Alt      string `json:"alt"`
}

type labelView struct {
	Val string `json:"val"`
}

// profile is profileViewBasic or profileViewDetailed; the counts and the
// description are only in the detailed view.
type profile struct {
	DID         string `json:"did"`
	Handle      string `json:"handle"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	Avatar      string `json:"avatar"`
	CreatedAt   string `json:"createdAt"`
	Followers   int64  `json:"followersCount"`
	Follows     int64  `json:"followsCount"`
	Posts       int64  `json:"postsCount"`
}

// xrpcErr is the body of an XRPC error answer.
type xrpcErr struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

type searchPage struct {
	Cursor    string     `json:"cursor"`
	HitsTotal int        `json:"hitsTotal"`
	Posts     []postView `json:"posts"`
}

// parseSearch parses a searchPosts answer.
func parseSearch(body []byte) (searchPage, error) {
	var p searchPage
	if err := json.Unmarshal(body, &p); err != nil {
		return p, fmt.Errorf("searchPosts: %w", err)
	}
	return p, checkPosts(p.Posts)
}

// parsePosts parses a getPosts answer.
func parsePosts(body []byte) ([]postView, error) {
	var p struct {
		Posts []postView `json:"posts"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("getPosts: %w", err)
	}
	return p.Posts, checkPosts(p.Posts)
}

func checkPosts(posts []postView) error {
	for i, p := range posts {
		if !strings.HasPrefix(p.URI, "at://") || p.Author.DID == "" {
			return fmt.Errorf("post %d: no at:// uri or author did", i)
		}
	}
	return nil
}

// parseProfiles parses a getProfiles answer.
func parseProfiles(body []byte) ([]profile, error) {
	var p struct {
		Profiles []profile `json:"profiles"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("getProfiles: %w", err)
	}
	for i, pr := range p.Profiles {
		if pr.DID == "" {
			return nil, fmt.Errorf("profile %d: no did", i)
		}
	}
	return p.Profiles, nil
}

// parseProfile parses a getProfile answer.
func parseProfile(body []byte) (profile, error) {
	var p profile
	if err := json.Unmarshal(body, &p); err != nil {
		return p, fmt.Errorf("getProfile: %w", err)
	}
	if p.DID == "" {
		return p, fmt.Errorf("getProfile: no did")
	}
	return p, nil
}

// parseThread parses a getPostThread answer; post is nil when the thread
// root is a notFoundPost or blockedPost, whose $type is returned.
func parseThread(body []byte) (*postView, string, error) {
	var t struct {
		Thread struct {
			Type string    `json:"$type"`
			Post *postView `json:"post"`
		} `json:"thread"`
	}
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, "", fmt.Errorf("getPostThread: %w", err)
	}
	if t.Thread.Post != nil && checkPosts([]postView{*t.Thread.Post}) != nil {
		return nil, "", fmt.Errorf("getPostThread: post without at:// uri or author did")
	}
	return t.Thread.Post, t.Thread.Type, nil
}

// parseError returns the error name and message of an XRPC error body.
func parseError(body []byte) xrpcErr {
	var e xrpcErr
	_ = json.Unmarshal(body, &e)
	return e
}

// tags returns a post's facet tags and record tags, normalised, without
// repeats.
func (p postView) tags() []string {
	out := []string{}
	add := func(t string) {
		if n := crawler.NormalizeTag(t); n != "" && !crawler.HasTag(out, n) {
			out = append(out, n)
		}
	}
	for _, f := range p.Record.Facets {
		for _, ft := range f.Features {
			if ft.Type == "app.bsky.richtext.facet#tag" {
				add(ft.Tag)
			}
		}
	}
	for _, t := range p.Record.Tags {
		add(t)
	}
	return out
}

// images returns the fullsize URLs of a post's embedded images.
func (p postView) images() []string {
	out := []string{}
	for e := p.Embed; e != nil; e = e.Media {
		for _, im := range e.Images {
			if im.Fullsize != "" {
				out = append(out, im.Fullsize)
			}
		}
	}
	return out
}

// sortAt is the time search orders by: the earlier of the record's
// createdAt and indexedAt. ok is false when neither parses.
func (p postView) sortAt() (time.Time, bool) {
	c, errC := time.Parse(time.RFC3339Nano, p.Record.CreatedAt)
	i, errI := time.Parse(time.RFC3339Nano, p.IndexedAt)
	switch {
	case errC == nil && errI == nil && c.Before(i):
		return c.UTC(), true
	case errI == nil:
		return i.UTC(), true
	case errC == nil:
		return c.UTC(), true
	}
	return time.Time{}, false
}

// rkey is the record key, the last segment of the at:// URI.
func (p postView) rkey() string {
	return p.URI[strings.LastIndexByte(p.URI, '/')+1:]
}

// postHash is the content hash of a post (see the package comment).
func postHash(p postView) string {
	return crawler.HashParts(append([]string{p.Record.Text}, p.images()...))
}

// profileHash is the content hash of an account (see the package comment).
func profileHash(p profile) string {
	return crawler.HashParts([]string{p.Handle, p.DisplayName, p.Description, p.Avatar})
}

// utc returns an RFC 3339 time in UTC, or "" when s is not one.
func utc(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
