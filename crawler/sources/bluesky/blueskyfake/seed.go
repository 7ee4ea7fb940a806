package blueskyfake

import (
	"crypto/sha256"
	"encoding/base32"
	"regexp"
	"strings"
	"time"
)

// Profile is an account to seed with AddProfile. The fields after the
// blank line are filled in by the server.
type Profile struct {
	Handle        string // required, e.g. "alice.bsky.social"
	DisplayName   string
	Description   string
	CreatedAt     time.Time
	Followers     int64
	Follows       int64
	Posts         int64
	DefaultAvatar bool // no avatar set: the avatar field is omitted

	DID    string // did:plc:… derived from the handle
	Avatar string // CDN URL on this server, "" with DefaultAvatar
}

// Post is a post to seed with AddPost. The fields after the blank line
// are filled in by the server.
type Post struct {
	Author    string   // handle or DID of a seeded profile; required
	Text      string   // #words become tag facets (UTF-8 byte offsets)
	Tags      []string // record.tags: extra hashtags not in the text
	Images    int      // number of embedded images
	Langs     []string
	CreatedAt time.Time // record createdAt (client-declared); zero is the clock
	IndexedAt time.Time // AppView indexing time; zero is CreatedAt

	URI  string // at://did/app.bsky.feed.post/rkey
	CID  string
	RKey string
}

type account struct {
	Profile
	takendown, deactivated, deleted bool
}

type post struct {
	Post
	author  *account
	facets  []facetTag
	images  []string // blob cids
	deleted bool
}

type facetTag struct {
	start, end int
	tag        string
}

var b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func digest(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return b32.EncodeToString(h[:])
}

// AddProfile creates an account and returns it with its DID and avatar
// filled in. A repeated handle panics.
func (s *Server) AddProfile(p Profile) Profile {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.find(p.Handle) != nil {
		panic("blueskyfake: handle " + p.Handle + " exists")
	}
	p.DID = "did:plc:" + digest("did", p.Handle)[:24]
	if !p.DefaultAvatar {
		p.Avatar = s.URL() + "/img/avatar/plain/" + p.DID + "/bafkrei" + digest("avatar", p.DID)[:52] + "@jpeg"
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = time.Date(2023, 5, 1, 12, 0, 0, 0, time.UTC)
	}
	s.profiles = append(s.profiles, &account{Profile: p})
	return p
}

// AddPost publishes a post and returns it with its URI, CID and record
// key filled in. An unknown author panics.
func (s *Server) AddPost(p Post) Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.find(p.Author)
	if a == nil {
		panic("blueskyfake: no profile " + p.Author)
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = s.now()
	}
	if p.IndexedAt.IsZero() {
		p.IndexedAt = p.CreatedAt
	}
	s.seq++
	p.RKey = tid(p.CreatedAt, s.seq)
	p.URI = "at://" + a.DID + "/app.bsky.feed.post/" + p.RKey
	p.CID = "bafyrei" + digest("post", p.URI, p.Text)[:52]
	in := &post{Post: p, author: a, facets: facets(p.Text)}
	for i := 0; i < p.Images; i++ {
		in.images = append(in.images, "bafkrei"+digest("image", p.URI, string(rune('a'+i)))[:52])
	}
	s.posts = append(s.posts, in)
	s.byURI[p.URI] = in
	return p
}

// DeletePost deletes a post (by at:// URI): getPosts leaves it out and
// getPostThread answers 400 NotFound. It reports whether it existed.
func (s *Server) DeletePost(uri string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.byURI[uri]
	if p != nil {
		p.deleted = true
	}
	return p != nil
}

// TakedownAccount takes an account down (by handle or DID): getProfile
// answers 400 AccountTakedown and its posts disappear. It reports whether
// the account existed.
func (s *Server) TakedownAccount(actor string) bool {
	return s.mark(actor, func(a *account) { a.takendown = true })
}

// DeactivateAccount deactivates an account as its owner can: getProfile
// answers 400 AccountDeactivated and its posts disappear.
func (s *Server) DeactivateAccount(actor string) bool {
	return s.mark(actor, func(a *account) { a.deactivated = true })
}

// DeleteAccount deletes an account: getProfile answers 400 InvalidRequest
// "Profile not found" and its posts disappear.
func (s *Server) DeleteAccount(actor string) bool {
	return s.mark(actor, func(a *account) { a.deleted = true })
}

func (s *Server) mark(actor string, f func(*account)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.find(actor)
	if a != nil {
		f(a)
	}
	return a != nil
}

func (s *Server) find(actor string) *account {
	for _, a := range s.profiles {
		if a.Handle == actor || a.DID == actor {
			return a
		}
	}
	return nil
}

func (a *account) gone() bool { return a.takendown || a.deactivated || a.deleted }

func (p *post) visible() bool { return !p.deleted && !p.author.gone() }

var hashtagRE = regexp.MustCompile(`(^|[^\p{L}\p{M}\p{N}_&/])#([\p{L}\p{M}\p{N}_]+)`)

// facets finds the hashtags of text with their UTF-8 byte ranges (the
// '#' included), as clients write tag facets.
func facets(text string) []facetTag {
	var out []facetTag
	for _, m := range hashtagRE.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, facetTag{start: m[4] - 1, end: m[5], tag: text[m[4]:m[5]]})
	}
	return out
}

// tid makes a record key: 13 characters of sortable base32 of the
// microseconds since the epoch shifted left 10 bits, plus a clock id.
func tid(t time.Time, seq int64) string {
	const alphabet = "234567abcdefghijklmnopqrstuvwxyz"
	v := uint64(t.UnixMicro())<<10 | uint64(seq&0x3ff)
	out := make([]byte, 13)
	for i := 12; i >= 0; i-- {
		out[i] = alphabet[v&31]
		v >>= 5
	}
	return string(out)
}
