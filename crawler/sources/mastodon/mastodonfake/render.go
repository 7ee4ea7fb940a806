package mastodonfake

import (
	"html"
	"net/url"
	"strings"
	"time"
)

// jsonAccount is Mastodon's Account entity.
type jsonAccount struct {
	ID             string     `json:"id"`
	Username       string     `json:"username"`
	Acct           string     `json:"acct"`
	DisplayName    string     `json:"display_name"`
	Locked         bool       `json:"locked"`
	Bot            bool       `json:"bot"`
	Discoverable   bool       `json:"discoverable"`
	Group          bool       `json:"group"`
	CreatedAt      string     `json:"created_at"`
	Note           string     `json:"note"`
	URL            string     `json:"url"`
	URI            string     `json:"uri"`
	Avatar         string     `json:"avatar"`
	AvatarStatic   string     `json:"avatar_static"`
	Header         string     `json:"header"`
	HeaderStatic   string     `json:"header_static"`
	FollowersCount int64      `json:"followers_count"`
	FollowingCount int64      `json:"following_count"`
	StatusesCount  int64      `json:"statuses_count"`
	LastStatusAt   *string    `json:"last_status_at"`
	Suspended      bool       `json:"suspended,omitempty"`
	Emojis         []struct{} `json:"emojis"`
	Fields         []struct{} `json:"fields"`
}

// jsonStatus is Mastodon's Status entity.
type jsonStatus struct {
	ID                 string       `json:"id"`
	CreatedAt          string       `json:"created_at"`
	InReplyToID        *string      `json:"in_reply_to_id"`
	InReplyToAccountID *string      `json:"in_reply_to_account_id"`
	Sensitive          bool         `json:"sensitive"`
	SpoilerText        string       `json:"spoiler_text"`
	Visibility         string       `json:"visibility"`
	Language           *string      `json:"language"`
	URI                string       `json:"uri"`
	URL                string       `json:"url"`
	RepliesCount       int          `json:"replies_count"`
	ReblogsCount       int          `json:"reblogs_count"`
	FavouritesCount    int          `json:"favourites_count"`
	EditedAt           *string      `json:"edited_at"`
	Content            string       `json:"content"`
	Reblog             *struct{}    `json:"reblog"`
	Account            jsonAccount  `json:"account"`
	MediaAttachments   []jsonMedia  `json:"media_attachments"`
	Mentions           []struct{}   `json:"mentions"`
	Tags               []jsonTag    `json:"tags"`
	Emojis             []struct{}   `json:"emojis"`
	Card               *struct{}    `json:"card"`
	Poll               *struct{}    `json:"poll"`
	Application        *jsonAppName `json:"application,omitempty"`
}

type jsonMedia struct {
	ID          string  `json:"id"`
	Type        string  `json:"type"`
	URL         string  `json:"url"`
	PreviewURL  string  `json:"preview_url"`
	RemoteURL   *string `json:"remote_url"`
	Description *string `json:"description"`
	Blurhash    string  `json:"blurhash"`
}

type jsonTag struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type jsonAppName struct {
	Name    string  `json:"name"`
	Website *string `json:"website"`
}

const msFormat = "2006-01-02T15:04:05.000Z"

func (s *Server) renderAccount(a *account) jsonAccount {
	acct := a.Username
	if a.domain != "" {
		acct += "@" + a.domain
	}
	j := jsonAccount{ID: a.ID, Username: a.Username, Acct: acct, DisplayName: a.DisplayName,
		Discoverable: true, CreatedAt: a.CreatedAt.UTC().Truncate(24 * time.Hour).Format(msFormat),
		Note: "<p>" + html.EscapeString(a.Note) + "</p>", URL: a.URL, URI: a.URI,
		Avatar: a.Avatar, AvatarStatic: a.Avatar, Header: s.URL() + "/headers/original/missing.png",
		FollowersCount: a.Followers, FollowingCount: a.Following, StatusesCount: a.Statuses,
		Emojis: []struct{}{}, Fields: []struct{}{}}
	j.HeaderStatic = j.Header
	if a.suspended {
		j.Suspended = true
		j.DisplayName, j.Note = "", ""
		j.Avatar = s.URL() + "/avatars/original/missing.png"
		j.AvatarStatic = j.Avatar
		j.FollowersCount, j.FollowingCount, j.StatusesCount = 0, 0, 0
	}
	return j
}

func (s *Server) renderStatus(st *status) jsonStatus {
	j := jsonStatus{ID: st.id, CreatedAt: st.createdAt.UTC().Format(msFormat),
		Sensitive: st.spoiler != "", SpoilerText: st.spoiler, Visibility: "public",
		URI: st.uri, URL: st.url, Content: s.contentHTML(st.text),
		Account: s.renderAccount(st.acct), MediaAttachments: []jsonMedia{},
		Mentions: []struct{}{}, Tags: []jsonTag{}, Emojis: []struct{}{}}
	if st.lang != "" {
		j.Language = &st.lang
	}
	if st.editedAt != nil {
		e := st.editedAt.UTC().Format(msFormat)
		j.EditedAt = &e
	}
	for _, m := range st.media {
		jm := jsonMedia{ID: m.id, Type: "image", URL: m.url, PreviewURL: strings.Replace(m.url, "/original/", "/small/", 1),
			Blurhash: "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH"}
		if m.remoteURL != "" {
			r := m.remoteURL
			jm.RemoteURL = &r
		}
		j.MediaAttachments = append(j.MediaAttachments, jm)
	}
	for _, t := range st.tags {
		j.Tags = append(j.Tags, jsonTag{Name: t, URL: s.URL() + "/tags/" + url.PathEscape(t)})
	}
	if st.local {
		j.Application = &jsonAppName{Name: "Web"}
	}
	return j
}

// contentHTML renders plain text as Mastodon's sanitized status HTML:
// paragraphs, <br />, escaped entities and hashtag links.
func (s *Server) contentHTML(text string) string {
	var b strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		b.WriteString("<p>")
		last := 0
		for _, m := range hashtagRE.FindAllStringSubmatchIndex(para, -1) {
			b.WriteString(escapeLines(para[last:m[3]]))
			tag := para[m[4]:m[5]]
			b.WriteString(`<a href="` + s.URL() + "/tags/" + url.PathEscape(normTag(tag)) +
				`" class="mention hashtag" rel="tag">#<span>` + html.EscapeString(tag) + `</span></a>`)
			last = m[5]
		}
		b.WriteString(escapeLines(para[last:]))
		b.WriteString("</p>")
	}
	return b.String()
}

func escapeLines(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br />")
}
