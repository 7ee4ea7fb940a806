package mastodonfake

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Account is an account to seed with AddAccount. The fields after the
// blank line are filled in by the server.
type Account struct {
	Username      string // required, local to this instance
	DisplayName   string
	Note          string // plain text
	CreatedAt     time.Time
	Followers     int64
	Following     int64
	Statuses      int64
	DefaultAvatar bool // no avatar uploaded: avatar is .../avatars/original/missing.png

	ID     string
	URL    string // http://host/@username
	URI    string // http://host/users/username
	Avatar string
}

// Status is a status to seed with AddStatus. The fields after the blank
// line are filled in by the server.
type Status struct {
	Account     string // username of a local account; required
	Text        string // plain text; #words become hashtags
	SpoilerText string
	Language    string
	Media       int       // number of image attachments
	CreatedAt   time.Time // zero means the server clock
	ID          string    // optional fixed id (a decimal number)

	URI  string   // http://host/users/username/statuses/id
	URL  string   // http://host/@username/id
	Tags []string // lowercase hashtag names
}

type account struct {
	Account
	domain    string // "" for local accounts, else the origin host
	suspended bool
}

type status struct {
	id, uri, url   string
	acct           *account
	createdAt      time.Time
	editedAt       *time.Time
	text, spoiler  string
	lang           string
	tags, original []string // lowercase names; as written
	media          []mediaFile
	deleted, local bool
}

type mediaFile struct {
	id, url, remoteURL string
}

// AddAccount creates a local account and returns it with its id, URLs and
// avatar filled in. A repeated username panics.
func (s *Server) AddAccount(a Account) Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.find(a.Username, "") != nil {
		panic("mastodonfake: account " + a.Username + " exists")
	}
	s.seq++
	a.ID = strconv.FormatInt(100000+s.seq, 10)
	a.URL = s.URL() + "/@" + a.Username
	a.URI = s.URL() + "/users/" + a.Username
	a.Avatar = s.URL() + "/system/accounts/avatars/" + a.ID + "/original/avatar.png"
	if a.DefaultAvatar {
		a.Avatar = s.URL() + "/avatars/original/missing.png"
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	s.accounts = append(s.accounts, &account{Account: a})
	return a
}

// AddStatus posts a public status from a local account and returns it with
// its id, uri, url and tags filled in. An unknown account panics.
func (s *Server) AddStatus(st Status) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.find(st.Account, "")
	if acct == nil {
		panic("mastodonfake: no local account " + st.Account)
	}
	if st.CreatedAt.IsZero() {
		st.CreatedAt = s.now()
	}
	if st.ID == "" {
		st.ID = s.snowflake(st.CreatedAt, 0)
	}
	st.URI = acct.URI + "/statuses/" + st.ID
	st.URL = acct.URL + "/" + st.ID
	in := &status{id: st.ID, uri: st.URI, url: st.URL, acct: acct, createdAt: st.CreatedAt,
		text: st.Text, spoiler: st.SpoilerText, lang: st.Language, local: true}
	in.original, in.tags = hashtags(st.Text)
	for i := 0; i < st.Media; i++ {
		s.seq++
		mid := strconv.FormatInt(200000+s.seq, 10)
		in.media = append(in.media, mediaFile{id: mid,
			url: s.URL() + "/system/media_attachments/files/" + mid + "/original/" + strconv.Itoa(i) + ".png"})
	}
	s.addStatus(in)
	st.Tags = in.tags
	return st
}

// Federate copies the status id of the instance from onto s, as a remote
// status with a new local id, the same uri and url, a remote copy of its
// account and media cached on s (remote_url pointing at the origin). It
// returns the id on s.
func (s *Server) Federate(from *Server, id string) (string, error) {
	from.mu.Lock()
	src := from.status(id)
	if src == nil {
		from.mu.Unlock()
		return "", fmt.Errorf("mastodonfake: no status %s on %s", id, from.URL())
	}
	cp, acct := *src, *src.acct
	from.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	remote := s.find(acct.Username, from.Host())
	if remote == nil {
		s.seq++
		remote = &account{Account: acct.Account, domain: from.Host(), suspended: acct.suspended}
		remote.ID = strconv.FormatInt(100000+s.seq, 10)
		remote.Avatar = s.URL() + "/system/cache/accounts/avatars/" + remote.ID + "/original/avatar.png"
		if acct.DefaultAvatar {
			remote.Avatar = s.URL() + "/avatars/original/missing.png"
		}
		s.accounts = append(s.accounts, remote)
	}
	cp.id, cp.acct, cp.local = s.snowflake(cp.createdAt, 0x8000), remote, false
	cp.media = nil
	for i, m := range src.media {
		cp.media = append(cp.media, mediaFile{id: m.id, remoteURL: m.url,
			url: s.URL() + "/system/cache/media_attachments/files/" + m.id + "/original/" + strconv.Itoa(i) + ".png"})
	}
	s.addStatus(&cp)
	return cp.id, nil
}

// DeleteStatus deletes a status: its API answer becomes 404 {"error":
// "Record not found"} and its page 404. It reports whether id existed.
func (s *Server) DeleteStatus(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status(id)
	if st != nil {
		st.deleted = true
	}
	return st != nil
}

// EditStatus replaces a status's text (hashtags included) and sets its
// edited_at. It reports whether id existed.
func (s *Server) EditStatus(id, text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status(id)
	if st == nil {
		return false
	}
	t := s.now()
	st.text, st.editedAt = text, &t
	st.original, st.tags = hashtags(text)
	for _, tag := range st.tags {
		s.tags[tag] = true
	}
	return true
}

// SuspendAccount suspends an account (acct is a username, or user@host for
// a remote copy). Its statuses leave the timelines and answer 404
// {"error":"Not Found"}; the account answers "suspended": true (or 410).
// It reports whether the account existed.
func (s *Server) SuspendAccount(acct string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	user, domain, _ := strings.Cut(acct, "@")
	a := s.find(user, domain)
	if a != nil {
		a.suspended = true
	}
	return a != nil
}

func (s *Server) addStatus(st *status) {
	if s.byID[st.id] != nil {
		panic("mastodonfake: status id " + st.id + " exists")
	}
	s.byID[st.id] = st
	s.statuses = append(s.statuses, st)
	for _, t := range st.tags {
		s.tags[t] = true
	}
}

func (s *Server) find(user, domain string) *account {
	if domain == s.Host() {
		domain = ""
	}
	for _, a := range s.accounts {
		if a.Username == user && a.domain == domain {
			return a
		}
	}
	return nil
}

func (s *Server) status(id string) *status { return s.byID[id] }

// snowflake makes an id from a creation time as Mastodon does: the
// milliseconds shifted left 16 bits, plus a sequence in the low bits.
func (s *Server) snowflake(t time.Time, offset int64) string {
	s.seq++
	id := new(big.Int).Lsh(big.NewInt(t.UnixMilli()), 16)
	id.Add(id, big.NewInt((s.seq+offset)&0xffff))
	return id.String()
}

var hashtagRE = regexp.MustCompile(`(^|[^\p{L}\p{M}\p{N}_&/])#([\p{L}\p{M}\p{N}_]+)`)

// hashtags returns the hashtags of text as written and in Mastodon's
// normal form (NFKC, lower case), without repeats.
func hashtags(text string) (written, names []string) {
	seen := map[string]bool{}
	for _, m := range hashtagRE.FindAllStringSubmatch(text, -1) {
		n := normTag(m[2])
		if !seen[n] {
			seen[n] = true
			written, names = append(written, m[2]), append(names, n)
		}
	}
	return written, names
}

// normTag is Mastodon's tag normalisation: NFKC and lower case. Unlike
// afterimage it keeps Arabic and Persian letter variants apart.
func normTag(t string) string {
	return strings.ToLower(norm.NFKC.String(t))
}
