package telegram

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/afterimage-archive/afterimage/crawler"
	"golang.org/x/net/html"
)

// pageKind says what a t.me answer turned out to be.
type pageKind int

const (
	kindUnknown   pageKind = iota // not a Telegram page we know
	kindPreview                   // /s/<channel> preview with its history
	kindEmbed                     // ?embed=1 single-message widget
	kindNoPreview                 // landing page of a channel without preview
	kindNoChannel                 // "Contact @name": a user or unknown name
	kindBlocked                   // "This channel can't be displayed ..."
)

// channelInfo is the preview header of a channel.
type channelInfo struct {
	Title       string
	Subscribers int64
	AvatarURL   string
	Description string
}

// message is one parsed channel message.
type message struct {
	Channel       string
	Number        int64
	Text          string
	Tags          []string // normalised hashtags found in Text
	Date          string   // RFC 3339 UTC, "" if absent
	Photos        []string
	Videos        []string
	Views         string
	Signature     string
	ForwardedFrom string
}

// page is a parsed t.me answer.
type page struct {
	Kind     pageKind
	Info     channelInfo
	Messages []message
	Before   int64  // data-before of the "more" link, 0 if none
	Error    string // embed error text, e.g. "Post not found"
	Notice   string // landing page text that decided Kind
}

var (
	hashtagRe = regexp.MustCompile(`[#＃]([\p{L}\p{M}\p{N}_\x{200c}]+)`)
	bgURLRe   = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)
)

// parsePage parses any t.me HTML answer: a channel preview, an embed page
// or a landing page.
func parsePage(body []byte) (*page, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parse telegram page: %w", err)
	}
	p := &page{}
	if e := doc.Find(".tgme_widget_message_error"); e.Length() > 0 {
		p.Kind, p.Error = kindEmbed, strings.TrimSpace(e.First().Text())
		return p, nil
	}
	history := doc.Find(".tgme_channel_history")
	if history.Length() > 0 || doc.Find(".tgme_channel_info").Length() > 0 {
		p.Kind = kindPreview
		p.Info = parseInfo(doc)
		p.Before = parseBefore(doc)
	} else if doc.Find(".tgme_widget_message[data-post]").Length() > 0 {
		p.Kind = kindEmbed
	} else {
		p.Kind, p.Notice = classifyLanding(doc)
		return p, nil
	}
	var perr error
	doc.Find(".tgme_widget_message[data-post]").Each(func(_ int, s *goquery.Selection) {
		if perr != nil || s.HasClass("service_message") {
			return
		}
		m, err := parseMessage(s)
		if err != nil {
			perr = err
			return
		}
		p.Messages = append(p.Messages, m)
	})
	return p, perr
}

// parseInfo reads the channel header of a preview page.
func parseInfo(doc *goquery.Document) channelInfo {
	var ci channelInfo
	info := doc.Find(".tgme_channel_info")
	ci.Title = strings.TrimSpace(info.Find(".tgme_channel_info_header_title").First().Text())
	if d := info.Find(".tgme_channel_info_description").First(); d.Length() > 0 {
		ci.Description = plainText(d.Nodes[0])
	}
	ci.AvatarURL, _ = info.Find(".tgme_page_photo_image img").First().Attr("src")
	info.Find(".tgme_channel_info_counter").Each(func(_ int, c *goquery.Selection) {
		typ := strings.ToLower(c.Find(".counter_type").Text())
		if strings.Contains(typ, "subscriber") || strings.Contains(typ, "member") {
			ci.Subscribers = parseCount(c.Find(".counter_value").Text())
		}
	})
	return ci
}

// parseBefore reads the "more" link of a preview page.
func parseBefore(doc *goquery.Document) int64 {
	if v, ok := doc.Find(".tme_messages_more[data-before]").First().Attr("data-before"); ok {
		n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n
	}
	return 0
}

// classifyLanding tells a channel landing page (no preview) from a user or
// unknown name and from a blocked channel.
func classifyLanding(doc *goquery.Document) (pageKind, string) {
	desc := strings.TrimSpace(doc.Find(".tgme_page_description").First().Text())
	low := strings.ToLower(desc)
	if strings.Contains(low, "can't be displayed") || strings.Contains(low, "can’t be displayed") {
		return kindBlocked, desc
	}
	extra := strings.ToLower(doc.Find(".tgme_page_extra").First().Text())
	if strings.Contains(extra, "subscriber") || strings.Contains(extra, "member") ||
		strings.Contains(strings.ToLower(doc.Find(".tgme_action_button_new").Text()), "preview channel") {
		return kindNoPreview, strings.TrimSpace(doc.Find(".tgme_page_title").First().Text())
	}
	title := strings.TrimSpace(doc.Find("title").First().Text())
	if strings.HasPrefix(title, "Telegram: Contact @") || doc.Find(".tgme_page").Length() > 0 {
		return kindNoChannel, title
	}
	return kindUnknown, title
}

// parseMessage reads one .tgme_widget_message element.
func parseMessage(s *goquery.Selection) (message, error) {
	post, _ := s.Attr("data-post")
	i := strings.LastIndex(post, "/")
	n, err := strconv.ParseInt(post[i+1:], 10, 64)
	if i <= 0 || err != nil || n <= 0 {
		return message{}, fmt.Errorf("parse telegram message: bad data-post %q", post)
	}
	m := message{Channel: post[:i], Number: n}
	bubble := s.Find(".tgme_widget_message_bubble").First()
	if text := bubble.ChildrenFiltered(".tgme_widget_message_text").First(); text.Length() > 0 {
		m.Text = plainText(text.Nodes[0])
	}
	m.Tags = hashtags(m.Text)
	if dt, ok := bubble.Find(".tgme_widget_message_date time").First().Attr("datetime"); ok {
		if t, err := time.Parse(time.RFC3339, dt); err == nil {
			m.Date = t.UTC().Format(time.RFC3339)
		}
	}
	media := bubble.Find(".tgme_widget_message_photo_wrap, video.tgme_widget_message_video").
		FilterFunction(func(_ int, e *goquery.Selection) bool {
			return e.Closest(".tgme_widget_message_reply").Length() == 0
		})
	media.Each(func(_ int, e *goquery.Selection) {
		if e.Is("video") {
			if src, ok := e.Attr("src"); ok && src != "" {
				m.Videos = append(m.Videos, src)
			}
		} else if u := backgroundURL(e.AttrOr("style", "")); u != "" {
			m.Photos = append(m.Photos, u)
		}
	})
	m.Views = strings.TrimSpace(bubble.Find(".tgme_widget_message_views").First().Text())
	m.Signature = strings.TrimSpace(bubble.Find(".tgme_widget_message_from_author").First().Text())
	m.ForwardedFrom = strings.TrimSpace(bubble.Find(".tgme_widget_message_forwarded_from_name").First().Text())
	return m, nil
}

// plainText renders an HTML subtree as text: entities decoded, <br> as a
// newline, tags dropped.
func plainText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// hashtags returns the normalised hashtags of text, each once.
func hashtags(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range hashtagRe.FindAllStringSubmatch(text, -1) {
		t := crawler.NormalizeTag(strings.TrimRight(m[1], "\u200c"))
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// backgroundURL extracts the url(...) of a CSS background-image.
func backgroundURL(style string) string {
	if m := bgURLRe.FindStringSubmatch(style); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// parseCount reads counters such as "12.3K", "1.2M" or "1 234".
func parseCount(s string) int64 {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1e3, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1e6, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "B"):
		mult, s = 1e9, strings.TrimSuffix(s, "B")
	}
	s = strings.ReplaceAll(s, ",", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= 0 && f < 1e15) {
		return 0
	}
	return int64(f*mult + 0.5)
}
