package mastodon

import (
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
	"golang.org/x/net/html"
)

// htmlText returns the plain text of a status or note: tags dropped,
// entities decoded, <br> as a line break and paragraphs separated by a
// blank line.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); string(name) == "br" {
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "p" {
				b.WriteString("\n\n")
			}
		}
	}
}

// originMedia returns the media URLs of st as its origin server publishes
// them: remote_url when the status is a copy from another server, else url.
func originMedia(st status) []string {
	var out []string
	for _, m := range st.Media {
		u := m.RemoteURL
		if u == "" {
			u = m.URL
		}
		if u != "" {
			out = append(out, u)
		}
	}
	return out
}

// postHash is the content hash of a status (see the package comment).
func postHash(st status) string {
	parts := append([]string{st.SpoilerText, htmlText(st.Content)}, originMedia(st)...)
	return crawler.HashParts(parts)
}

// accountHash is the content hash of an account (see the package comment).
func accountHash(a account, localHost string) string {
	return crawler.HashParts([]string{fullHandle(a, localHost), a.DisplayName, htmlText(a.Note),
		boolString(defaultAvatar(a.Avatar))})
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// defaultAvatar reports whether avatar is Mastodon's placeholder image.
func defaultAvatar(avatar string) bool {
	if avatar == "" {
		return true
	}
	if i := strings.IndexAny(avatar, "?#"); i >= 0 {
		avatar = avatar[:i]
	}
	return strings.HasSuffix(avatar, "/avatars/original/missing.png")
}

// fullHandle returns user@domain for a; local accounts (acct without a
// domain) get localHost, the host of the server that answered.
func fullHandle(a account, localHost string) string {
	if a.Acct == "" {
		return ""
	}
	if strings.Contains(a.Acct, "@") {
		return a.Acct
	}
	return a.Acct + "@" + localHost
}
