package telegramfake

import (
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"
)

// Channel is a public channel to serve.
type Channel struct {
	Name        string // username, without "@"
	Title       string
	Description string
	Subscribers int64
	Photo       bool // the channel has a photo; without one Telegram shows a letter
}

// Message is one channel message to serve.
type Message struct {
	Channel string
	ID      int64
	// Text is the message's plain text; the fake escapes it, links its
	// hashtags as Telegram does and turns newlines into <br/>.
	Text          string
	Date          time.Time
	Photos        int  // number of photos (more than one renders a group)
	Video         bool // a video is attached
	Views         string
	Signature     string
	ForwardedFrom string
	// ReplyText, when set, renders a reply quote above the message.
	ReplyText string
}

// channelState is what t.me does with a channel name.
type channelState int

const (
	stateOK        channelState = iota
	stateNoPreview              // landing page only
	stateGone                   // "Contact @name", no channel
	statePrivate                // embed "Channel is private", /s gone
	stateBlocked                // "This channel can't be displayed ..."
)

type channel struct {
	Channel
	state    channelState
	notice   string
	messages map[int64]*Message
	deleted  map[int64]bool
}

// Server is a fake t.me. Its methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server

	mu         sync.Mutex
	channels   map[string]*channel // by lower-case name
	pageSize   int
	rateLimit  int
	failN      int
	failStatus int
	garbage    int
	loop       bool
	requests   []string
}

// New starts a fake t.me on 127.0.0.1. Close it when done.
func New() *Server {
	s := &Server{channels: map[string]*channel{}, pageSize: 20}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// URL is the base URL to configure as the source's BaseURL.
func (s *Server) URL() string { return s.srv.URL }

// AddChannel adds or replaces a channel (keeping its messages).
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channelLocked(c.Name).Channel = c
}

// AddMessage adds or replaces a message; its channel is created if needed.
func (s *Server) AddMessage(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channelLocked(m.Channel)
	m.Channel = c.Name
	c.messages[m.ID] = &m
	delete(c.deleted, m.ID)
}

func (s *Server) channelLocked(name string) *channel {
	key := strings.ToLower(name)
	c := s.channels[key]
	if c == nil {
		c = &channel{Channel: Channel{Name: name, Title: name}, messages: map[int64]*Message{}, deleted: map[int64]bool{}}
		s.channels[key] = c
	}
	return c
}

// DeleteMessage deletes a message: it leaves the listing and its embed
// page says "Post not found".
func (s *Server) DeleteMessage(channel string, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channelLocked(channel).deleted[id] = true
}

// DisablePreview makes /s/<channel> redirect to the landing page, which
// still shows the channel and its subscribers.
func (s *Server) DisablePreview(channel string) { s.setState(channel, stateNoPreview, "") }

// RemoveChannel makes the name no channel: the landing page is
// "Telegram: Contact @name" and embeds say "Post not found".
func (s *Server) RemoveChannel(channel string) { s.setState(channel, stateGone, "") }

// MakePrivate turns the channel private: embeds say "Channel is private"
// and the name no longer resolves to a channel.
func (s *Server) MakePrivate(channel string) { s.setState(channel, statePrivate, "") }

// BlockChannel makes Telegram refuse to display the channel with notice,
// e.g. "This channel can't be displayed because it violated local laws."
func (s *Server) BlockChannel(channel, notice string) { s.setState(channel, stateBlocked, notice) }

// Restore undoes DisablePreview, RemoveChannel, MakePrivate and
// BlockChannel.
func (s *Server) Restore(channel string) { s.setState(channel, stateOK, "") }

func (s *Server) setState(name string, st channelState, notice string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channelLocked(name)
	c.state, c.notice = st, notice
}

// SetPageSize sets how many messages a preview page holds (default 20).
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = max(n, 1)
}

// RateLimit answers the next n requests with 429 and Retry-After.
func (s *Server) RateLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = n
}

// Fail answers the next n requests with status (e.g. 502).
func (s *Server) Fail(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// Garbage answers the next n requests with 200 and a page that is not
// Telegram's.
func (s *Server) Garbage(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.garbage = n
}

// LoopPaging makes preview pages ignore before= and repeat the same
// "more" link, a pagination loop.
func (s *Server) LoopPaging(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loop = on
}

// Requests returns "METHOD path?query" of every request served so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// visible returns the channel's live messages, ascending by id.
func (c *channel) visible() []*Message {
	var out []*Message
	for id, m := range c.messages {
		if !c.deleted[id] {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
