package mastodon

import (
	"encoding/json"
	"fmt"
	"time"
)

// status is the part of a Mastodon Status entity afterimage reads.
type status struct {
	ID          string    `json:"id"`
	URI         string    `json:"uri"`
	URL         string    `json:"url"`
	CreatedAt   string    `json:"created_at"`
	EditedAt    string    `json:"edited_at"`
	Account     account   `json:"account"`
	Content     string    `json:"content"`
	SpoilerText string    `json:"spoiler_text"`
	Visibility  string    `json:"visibility"`
	Language    string    `json:"language"`
	Media       []media   `json:"media_attachments"`
	Tags        []tagName `json:"tags"`
}

// media is one media attachment of a status.
type media struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	URL        string `json:"url"`
	PreviewURL string `json:"preview_url"`
	RemoteURL  string `json:"remote_url"`
}

// tagName is one hashtag of a status.
type tagName struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// account is the part of a Mastodon Account entity afterimage reads.
type account struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	Acct        string `json:"acct"`
	URL         string `json:"url"`
	URI         string `json:"uri"`
	DisplayName string `json:"display_name"`
	Note        string `json:"note"`
	Avatar      string `json:"avatar"`
	CreatedAt   string `json:"created_at"`
	Followers   int64  `json:"followers_count"`
	Following   int64  `json:"following_count"`
	Statuses    int64  `json:"statuses_count"`
	// Suspended is present (and true) only for suspended accounts.
	Suspended bool `json:"suspended"`
}

// apiErr is the body of a Mastodon error answer.
type apiErr struct {
	Error string `json:"error"`
}

// parseStatuses parses a timeline page: a JSON array of statuses, each
// with an id and a uri.
func parseStatuses(body []byte) ([]status, error) {
	var sts []status
	if err := json.Unmarshal(body, &sts); err != nil {
		return nil, fmt.Errorf("status array: %w", err)
	}
	for i, st := range sts {
		if err := st.check(); err != nil {
			return nil, fmt.Errorf("status %d: %w", i, err)
		}
	}
	return sts, nil
}

// parseStatus parses one status object.
func parseStatus(body []byte) (status, error) {
	var st status
	if err := json.Unmarshal(body, &st); err != nil {
		return st, fmt.Errorf("status: %w", err)
	}
	return st, st.check()
}

func (st status) check() error {
	if st.ID == "" || st.URI == "" {
		return fmt.Errorf("status without id or uri")
	}
	if !validID(st.ID) {
		return fmt.Errorf("status id %q is not an id", st.ID)
	}
	return nil
}

// validID reports whether id is a non-empty run of ASCII letters and digits
// (Mastodon ids are decimal; other servers use base62 flake ids).
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}

// parseAccount parses one account object; it must have an id.
func parseAccount(body []byte) (account, error) {
	var a account
	if err := json.Unmarshal(body, &a); err != nil {
		return a, fmt.Errorf("account: %w", err)
	}
	if a.ID == "" {
		return a, fmt.Errorf("account without id")
	}
	return a, nil
}

// parseError returns the "error" text of a Mastodon error body, or "".
func parseError(body []byte) string {
	var e apiErr
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error
}

// utc returns an RFC 3339 time in UTC, or "" when s is not one.
func utc(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// idLess reports whether status id a is older than b: ids are compared as
// big integers, by length and then lexically, never as plain strings.
func idLess(a, b string) bool {
	a, b = trimZeros(a), trimZeros(b)
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}
