package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Table files of a bundle.
const (
	ItemsCSV        = "items.csv"
	ItemsJSONL      = "items.jsonl"
	AccountsCSV     = "accounts.csv"
	ObservationsCSV = "observations.csv"
	RecordsCSV      = "records.csv"
)

// ItemRow is one line of items.jsonl: the fields of `afterimage items
// --format json`, with the removal interval and the evidence capture ids.
// Times are RFC 3339 UTC, "" when unknown.
type ItemRow struct {
	ID            string      `json:"id"`
	Platform      string      `json:"platform"`
	Kind          string      `json:"kind"`
	URL           string      `json:"url"`
	Tags          []string    `json:"tags"`
	Text          string      `json:"text"`
	CreatedAt     string      `json:"created_at"`
	State         string      `json:"state"`
	StateSince    string      `json:"state_since"`
	FirstSeen     string      `json:"first_seen"`
	LastSeenAlive string      `json:"last_seen_alive"`
	FirstMissing  string      `json:"first_missing"`
	ConfirmedAt   string      `json:"confirmed_at"`
	Captures      []string    `json:"captures"`
	Author        *AccountRow `json:"author,omitempty"`
	Account       *AccountRow `json:"account,omitempty"`
}

// AccountRow is an account's metadata as items.jsonl writes it.
type AccountRow struct {
	ID            string `json:"id"`
	Handle        string `json:"handle"`
	DisplayName   string `json:"display_name"`
	CreatedAt     string `json:"created_at"`
	Followers     int64  `json:"followers"`
	Following     int64  `json:"following"`
	Posts         int64  `json:"posts"`
	AvatarURL     string `json:"avatar_url"`
	DefaultAvatar bool   `json:"default_avatar"`
}

// rfc3339 formats t as RFC 3339 UTC with nanoseconds, "" for zero.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func accountRow(a *Account) *AccountRow {
	if a == nil {
		return nil
	}
	return &AccountRow{ID: a.ID, Handle: a.Handle, DisplayName: a.DisplayName, CreatedAt: rfc3339(a.CreatedAt),
		Followers: a.Followers, Following: a.Following, Posts: a.Posts, AvatarURL: a.AvatarURL, DefaultAvatar: a.DefaultAvatar}
}

// itemRow converts an item for items.jsonl.
func itemRow(it *Item) ItemRow {
	tags, caps := it.Tags, itemCaptures(it)
	if tags == nil {
		tags = []string{}
	}
	return ItemRow{ID: it.ID, Platform: it.Platform, Kind: it.Kind, URL: it.URL, Tags: tags, Text: it.Text,
		CreatedAt: rfc3339(it.CreatedAt), State: it.State, StateSince: rfc3339(it.StateSince),
		FirstSeen: rfc3339(it.FirstSeen), LastSeenAlive: rfc3339(it.LastSeenAlive),
		FirstMissing: rfc3339(it.FirstMissing), ConfirmedAt: rfc3339(it.ConfirmedAt),
		Captures: caps, Author: accountRow(it.Author), Account: accountRow(it.Account)}
}

// writeItemsJSONL writes one JSON object per item and line.
func writeItemsJSONL(w io.Writer, items []Item) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range items {
		if err := enc.Encode(itemRow(&items[i])); err != nil {
			return fmt.Errorf("export: %s: %w", ItemsJSONL, err)
		}
	}
	return bw.Flush()
}

// writeCSV writes a header and rows; cells are written verbatim (no
// spreadsheet escaping: the tables are evidence).
func writeCSV(w io.Writer, name string, header []string, rows func(emit func([]string) error) error) error {
	cw := csv.NewWriter(w)
	err := cw.Write(header)
	if err == nil {
		err = rows(cw.Write)
	}
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("export: %s: %w", name, err)
	}
	return nil
}

func writeItemsCSV(w io.Writer, items []Item) error {
	header := []string{"id", "platform", "kind", "url", "tags", "text", "created_at", "state", "state_since",
		"first_seen", "last_seen_alive", "first_missing", "confirmed_at", "author_id", "author_handle", "captures"}
	return writeCSV(w, ItemsCSV, header, func(emit func([]string) error) error {
		for i := range items {
			r := itemRow(&items[i])
			var aid, ah string
			if r.Author != nil {
				aid, ah = r.Author.ID, r.Author.Handle
			}
			if err := emit([]string{r.ID, r.Platform, r.Kind, r.URL, strings.Join(r.Tags, " "), r.Text, r.CreatedAt,
				r.State, r.StateSince, r.FirstSeen, r.LastSeenAlive, r.FirstMissing, r.ConfirmedAt, aid, ah,
				strings.Join(r.Captures, " ")}); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeObservationsCSV(w io.Writer, items []Item) error {
	header := []string{"item_id", "at", "status", "state_after", "http_status", "detail", "capture", "content_sha256", "records"}
	return writeCSV(w, ObservationsCSV, header, func(emit func([]string) error) error {
		for _, it := range items {
			for _, o := range it.Observations {
				if err := emit([]string{it.ID, rfc3339(o.At), o.Status, o.State, strconv.Itoa(o.HTTPStatus), o.Detail,
					o.Capture, o.ContentSHA256, strings.Join(o.Records, " ")}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func writeRecordsCSV(w io.Writer, p *plan) error {
	header := []string{"capture", "record_id", "type", "target_uri", "status", "sha256", "block_digest", "payload_digest",
		"stored_warc", "stored_offset", "length", "wacz_file", "wacz_offset", "items"}
	return writeCSV(w, RecordsCSV, header, func(emit func([]string) error) error {
		for _, wp := range p.warcs {
			for _, m := range wp.members {
				r := m.rec
				if err := emit([]string{m.c.id, r.ID, r.Type, r.TargetURI, strconv.Itoa(r.Status), r.SHA256, r.BlockDigest,
					r.PayloadDigest, wp.key, strconv.FormatInt(r.Offset, 10), strconv.FormatInt(r.Length, 10),
					"archive/" + m.file, strconv.FormatInt(m.offset, 10), strings.Join(m.items, " ")}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
