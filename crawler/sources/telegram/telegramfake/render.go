package telegramfake

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

var hashtagRe = regexp.MustCompile(`#[\p{L}\p{M}\p{N}_]+`)

const head = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>`

// renderPreview renders /s/<channel>: header, "more" link, messages.
func (s *Server) renderPreview(c *channel, page []*Message, more int64, q string) string {
	var b strings.Builder
	fmt.Fprintf(&b, head, html.EscapeString(c.Title)+" – Telegram")
	b.WriteString(`<div class="tgme_channel_info"><div class="tgme_channel_info_header">`)
	b.WriteString(s.photo(c, "tgme_page_photo_image"))
	fmt.Fprintf(&b, `<div class="tgme_channel_info_header_title"><span dir="auto">%s</span></div>`, html.EscapeString(c.Title))
	fmt.Fprintf(&b, `<div class="tgme_channel_info_header_username"><a href="%s/%s">@%s</a></div></div>`, s.URL(), c.Name, c.Name)
	fmt.Fprintf(&b, `<div class="tgme_channel_info_description">%s</div>`, richText(c.Description))
	fmt.Fprintf(&b, `<div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter"><span class="counter_value">%s</span> <span class="counter_type">subscribers</span></div>`, shortCount(c.Subscribers))
	fmt.Fprintf(&b, `<div class="tgme_channel_info_counter"><span class="counter_value">%d</span> <span class="counter_type">photos</span></div></div></div>`, len(c.messages))
	b.WriteString(`<section class="tgme_channel_history js-message_history">`)
	if more > 0 {
		qs := "before=" + strconv.FormatInt(more, 10)
		if q != "" {
			qs = "q=" + url.QueryEscape(q) + "&amp;" + qs
		}
		fmt.Fprintf(&b, `<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/%s?%s" class="tme_messages_more js-messages_more" data-before="%d"></a></div>`, c.Name, qs, more)
	}
	if len(page) == 0 {
		b.WriteString(`<div class="tme_no_messages_found">No posts found</div>`)
	}
	for _, m := range page {
		b.WriteString(`<div class="tgme_widget_message_wrap js-widget_message_wrap">`)
		b.WriteString(s.renderMessage(c, m))
		b.WriteString(`</div>`)
	}
	b.WriteString(`</section></body></html>`)
	return b.String()
}

// renderMessage renders one .tgme_widget_message.
func (s *Server) renderMessage(c *channel, m *Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="%s/%d">`, c.Name, m.ID)
	fmt.Fprintf(&b, `<div class="tgme_widget_message_user"><a href="%s/%s">%s</a></div>`, s.URL(), c.Name, s.photo(c, "tgme_widget_message_user_photo"))
	b.WriteString(`<div class="tgme_widget_message_bubble"><i class="tgme_widget_message_bubble_tail"></i>`)
	fmt.Fprintf(&b, `<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="%s/%s"><span dir="auto">%s</span></a></div>`, s.URL(), c.Name, html.EscapeString(c.Title))
	if m.ForwardedFrom != "" {
		fmt.Fprintf(&b, `<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from <a class="tgme_widget_message_forwarded_from_name" href="%s/x"><span dir="auto">%s</span></a></div>`, s.URL(), html.EscapeString(m.ForwardedFrom))
	}
	if m.ReplyText != "" {
		fmt.Fprintf(&b, `<a class="tgme_widget_message_reply" href="%s/%s/1"><div class="tgme_widget_message_reply_thumb" style="background-image:url('%s/file/reply_thumb.jpg')"></div><div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name">%s</span></div><div class="tgme_widget_message_text js-message_reply_text" dir="auto">%s</div></a>`,
			s.URL(), c.Name, s.URL(), html.EscapeString(c.Title), html.EscapeString(m.ReplyText))
	}
	b.WriteString(s.renderMedia(c, m))
	fmt.Fprintf(&b, `<div class="tgme_widget_message_text js-message_text" dir="auto">%s</div>`, richText(m.Text))
	b.WriteString(`<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">`)
	fmt.Fprintf(&b, `<span class="tgme_widget_message_views">%s</span>`, html.EscapeString(m.Views))
	if m.Signature != "" {
		fmt.Fprintf(&b, `<span class="tgme_widget_message_from_author" dir="auto">%s</span>`, html.EscapeString(m.Signature))
	}
	fmt.Fprintf(&b, `<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="%s/%s/%d"><time datetime="%s" class="time">%s</time></a></span>`,
		s.URL(), c.Name, m.ID, m.Date.UTC().Format("2006-01-02T15:04:05+00:00"), m.Date.UTC().Format("15:04"))
	b.WriteString(`</div></div></div></div>`)
	return b.String()
}

// renderMedia renders photos (grouped when several) and a video.
func (s *Server) renderMedia(c *channel, m *Message) string {
	var b strings.Builder
	photo := func(i int, extra string) {
		fmt.Fprintf(&b, `<a class="tgme_widget_message_photo_wrap %s" href="%s/%s/%d?single" style="width:800px;background-image:url('%s')"><div class="tgme_widget_message_photo" style="padding-top:56.25%%"></div></a>`,
			extra, s.URL(), c.Name, m.ID, s.PhotoURL(c.Name, m.ID, i))
	}
	if m.Photos == 1 {
		photo(1, "")
	} else if m.Photos > 1 {
		b.WriteString(`<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap"><div class="tgme_widget_message_grouped js-message_grouped">`)
		for i := 1; i <= m.Photos; i++ {
			photo(i, "grouped_media_wrap blured js-message_photo")
		}
		b.WriteString(`</div></div>`)
	}
	if m.Video {
		fmt.Fprintf(&b, `<a class="tgme_widget_message_video_player js-message_video_player" href="%s/%s/%d"><i class="tgme_widget_message_video_thumb" style="background-image:url('%s/file/%s_%d_thumb.jpg')"></i><div class="tgme_widget_message_video_wrap"><video src="%s" class="tgme_widget_message_video js-message_video" width="100%%" height="100%%"></video></div></a>`,
			s.URL(), c.Name, m.ID, s.URL(), c.Name, m.ID, s.VideoURL(c.Name, m.ID))
	}
	return b.String()
}

// PhotoURL is the URL the fake gives photo i (from 1) of a message.
func (s *Server) PhotoURL(channel string, id int64, i int) string {
	return fmt.Sprintf("%s/file/%s_%d_%d.jpg", s.URL(), channel, id, i)
}

// VideoURL is the URL the fake gives the video of a message.
func (s *Server) VideoURL(channel string, id int64) string {
	return fmt.Sprintf("%s/file/%s_%d.mp4", s.URL(), channel, id)
}

// AvatarURL is the URL of a channel's photo.
func (s *Server) AvatarURL(channel string) string {
	return fmt.Sprintf("%s/i/userpic/320/%s.jpg", s.URL(), channel)
}

// photo renders the channel photo, or Telegram's letter placeholder.
func (s *Server) photo(c *channel, class string) string {
	if !c.Photo {
		letter := []rune(c.Title + "?")[0]
		return fmt.Sprintf(`<i class="%s bgcolor1" data-content="%s"></i>`, class, html.EscapeString(string(letter)))
	}
	return fmt.Sprintf(`<i class="%s"><img src="%s"></i>`, class, s.AvatarURL(c.Name))
}

// renderEmbed renders the ?embed=1 widget of one message.
func (s *Server) renderEmbed(c *channel, m *Message) string {
	return fmt.Sprintf(head, "Telegram Widget") + `<div class="tgme_widget_message_wrap js-widget_message_wrap date_visible">` +
		s.renderMessage(c, m) + `</div></body></html>`
}

// renderEmbedError renders the widget's error, e.g. "Post not found".
func renderEmbedError(name string, n int64, text string) string {
	return fmt.Sprintf(head, "Telegram Widget") +
		fmt.Sprintf(`<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="%s/%d"><div class="tgme_widget_message_bubble"><div class="tgme_widget_message_error">%s</div></div></div></div></body></html>`,
			html.EscapeString(name), n, html.EscapeString(text))
}

// renderLanding renders t.me/<channel> for an existing channel.
func (s *Server) renderLanding(c *channel) string {
	var b strings.Builder
	fmt.Fprintf(&b, head, "Telegram: Contact @"+html.EscapeString(c.Name))
	b.WriteString(`<div class="tgme_page_wrap"><div class="tgme_page">`)
	fmt.Fprintf(&b, `<div class="tgme_page_photo">%s</div>`, s.photo(c, "tgme_page_photo_image"))
	fmt.Fprintf(&b, `<div class="tgme_page_title"><span dir="auto">%s</span></div>`, html.EscapeString(c.Title))
	fmt.Fprintf(&b, `<div class="tgme_page_extra">%s subscribers</div>`, spacedCount(c.Subscribers))
	desc := richText(c.Description)
	if c.state == stateBlocked {
		desc = html.EscapeString(c.notice)
	}
	fmt.Fprintf(&b, `<div class="tgme_page_description">%s</div>`, desc)
	fmt.Fprintf(&b, `<div class="tgme_page_action"><a class="tgme_action_button_new shine" href="tg://resolve?domain=%s">View in Telegram</a></div>`, c.Name)
	b.WriteString(`</div></div></body></html>`)
	return b.String()
}

// renderContact renders t.me/<name> for a name that is no channel.
func renderContact(name string) string {
	n := html.EscapeString(name)
	return fmt.Sprintf(head, "Telegram: Contact @"+n) +
		`<div class="tgme_page_wrap"><div class="tgme_page"><div class="tgme_page_photo"></div>` +
		fmt.Sprintf(`<div class="tgme_page_description">If you have <strong>Telegram</strong>, you can contact <a class="tgme_username_link" href="tg://resolve?domain=%s">@%s</a> right away.</div>`, n, n) +
		`</div></div></body></html>`
}

// renderPostPage renders t.me/<channel>/<n>.
func renderPostPage(c *channel, n int64, text string) string {
	return fmt.Sprintf(head, "Telegram: View @"+html.EscapeString(c.Name)) +
		fmt.Sprintf(`<meta property="og:title" content="%s"><meta property="og:description" content="%s">`, html.EscapeString(c.Title), html.EscapeString(text)) +
		fmt.Sprintf(`<div class="tgme_page_wrap"><div class="tgme_page tgme_page_post"><div class="tgme_page_widget"><script async src="/js/telegram-widget.js?22" data-telegram-post="%s/%d"></script></div></div></div></body></html>`, html.EscapeString(c.Name), n)
}

// richText escapes text as Telegram does, links hashtags and keeps line
// breaks.
func richText(text string) string {
	var b strings.Builder
	last := 0
	for _, loc := range hashtagRe.FindAllStringIndex(text, -1) {
		b.WriteString(html.EscapeString(text[last:loc[0]]))
		tag := text[loc[0]:loc[1]]
		fmt.Fprintf(&b, `<a href="?q=%s">%s</a>`, url.QueryEscape(tag), html.EscapeString(tag))
		last = loc[1]
	}
	b.WriteString(html.EscapeString(text[last:]))
	return strings.ReplaceAll(b.String(), "\n", "<br/>")
}

// shortCount formats a counter as the preview header does: 950, 12.3K, 1.2M.
func shortCount(n int64) string {
	trim := func(f float64, suffix string) string {
		return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0") + suffix
	}
	switch {
	case n >= 1_000_000:
		return trim(float64(n)/1e6, "M")
	case n >= 1_000:
		return trim(float64(n)/1e3, "K")
	}
	return strconv.FormatInt(n, 10)
}

// spacedCount formats a counter as the landing page does: "12 345".
func spacedCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
