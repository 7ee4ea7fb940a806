package index

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// itemPage is how many items EachItem reads per query.
const itemPage = 500

// Items returns the items f selects, ordered by id. For large selections
// prefer EachItem, which holds one page in memory at a time.
func (ix *Index) Items(ctx context.Context, f Filter) ([]ItemView, error) {
	out := []ItemView{}
	err := ix.EachItem(ctx, f, func(v ItemView) error {
		out = append(out, v)
		return nil
	})
	return out, err
}

// EachItem calls fn for every item f selects, ordered by id, reading a
// page of items at a time; no query is open while fn runs, so fn may use
// the index. An error from fn stops the iteration and is returned.
func (ix *Index) EachItem(ctx context.Context, f Filter, fn func(ItemView) error) error {
	after := ""
	for {
		page, err := ix.itemPage(ctx, &f, after)
		if err != nil {
			return fmt.Errorf("list items: %w", err)
		}
		for _, v := range page {
			if err := fn(v); err != nil {
				return err
			}
		}
		if len(page) < itemPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

const itemColumns = `i.id, i.platform, i.kind, i.url, i.text, i.created_at, i.author, i.media,
	i.has_account, i.handle, i.display_name, i.account_created_at, i.followers, i.following,
	i.posts, i.avatar_url, i.default_avatar, i.state, i.state_since, i.first_seen,
	i.last_seen_alive, i.first_missing, i.confirmed_at, i.content_sha256,
	a.has_account, a.handle, a.display_name, a.account_created_at, a.followers, a.following,
	a.posts, a.avatar_url, a.default_avatar`

// itemPage reads up to itemPage items with ids after after, with their
// tags and captures.
func (ix *Index) itemPage(ctx context.Context, f *Filter, after string) ([]ItemView, error) {
	w := &where{}
	w.add("i.id > " + w.param(after))
	w.filter(f)
	q := `SELECT ` + itemColumns + ` FROM items i LEFT JOIN items a ON a.id = i.author` +
		w.sql() + ` ORDER BY i.id LIMIT ` + w.param(itemPage)
	rows, err := ix.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	var page []ItemView
	for rows.Next() {
		v, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		page = append(page, v)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := ix.attachLists(ctx, page); err != nil {
		return nil, err
	}
	return page, nil
}

// accountCols are the account columns of one items row.
type accountCols struct {
	has                                  sql.NullInt64
	handle, name, avatar                 sql.NullString
	created, followers, following, posts sql.NullInt64
	defaultAvatar                        sql.NullInt64
}

func (c *accountCols) targets() []any {
	return []any{&c.has, &c.handle, &c.name, &c.created, &c.followers, &c.following,
		&c.posts, &c.avatar, &c.defaultAvatar}
}

func (c *accountCols) view(id string) *AccountView {
	return &AccountView{ID: id, Handle: c.handle.String, DisplayName: c.name.String,
		CreatedAt: fromNanos(c.created), Followers: c.followers.Int64, Following: c.following.Int64,
		Posts: c.posts.Int64, AvatarURL: c.avatar.String, DefaultAvatar: c.defaultAvatar.Int64 == 1}
}

func scanItem(rows *sql.Rows) (ItemView, error) {
	var v ItemView
	var created, since, firstSeen, lastAlive, firstMissing, confirmed sql.NullInt64
	var author, media string
	var own, auth accountCols
	dest := []any{&v.ID, &v.Platform, &v.Kind, &v.URL, &v.Text, &created, &author, &media}
	dest = append(dest, own.targets()...)
	dest = append(dest, &v.State, &since, &firstSeen, &lastAlive, &firstMissing, &confirmed, &v.ContentSHA256)
	dest = append(dest, auth.targets()...)
	if err := rows.Scan(dest...); err != nil {
		return v, err
	}
	v.CreatedAt, v.StateSince, v.FirstSeen = fromNanos(created), fromNanos(since), fromNanos(firstSeen)
	v.LastSeenAlive, v.FirstMissing, v.ConfirmedAt = fromNanos(lastAlive), fromNanos(firstMissing), fromNanos(confirmed)
	if err := json.Unmarshal([]byte(media), &v.Media); err != nil {
		return v, fmt.Errorf("item %s: media: %w", v.ID, err)
	}
	if own.has.Int64 == 1 {
		v.Account = own.view(v.ID)
	}
	if author != "" {
		v.Author = auth.view(author)
	}
	v.Tags, v.Captures = []string{}, []string{}
	return v, nil
}

// attachLists fills the tags and captures of a page of items.
func (ix *Index) attachLists(ctx context.Context, page []ItemView) error {
	if len(page) == 0 {
		return nil
	}
	pos := make(map[string]int, len(page))
	w := &where{}
	ps := make([]string, len(page))
	for i, v := range page {
		pos[v.ID] = i
		ps[i] = w.param(v.ID)
	}
	in := "(" + strings.Join(ps, ", ") + ")"
	err := ix.eachPair(ctx, `SELECT item_id, tag FROM item_tags WHERE item_id IN `+in+` ORDER BY item_id, tag`,
		w.args, func(id, tag string) { page[pos[id]].Tags = append(page[pos[id]].Tags, tag) })
	if err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	err = ix.eachPair(ctx, `SELECT item_id, capture_id FROM item_captures WHERE item_id IN `+in+
		` ORDER BY item_id, at, capture_id`,
		w.args, func(id, c string) { page[pos[id]].Captures = append(page[pos[id]].Captures, c) })
	if err != nil {
		return fmt.Errorf("captures: %w", err)
	}
	return nil
}

// eachPair runs a query of two text columns and calls fn for each row.
func (ix *Index) eachPair(ctx context.Context, q string, args []any, fn func(a, b string)) error {
	rows, err := ix.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
	}
	return rows.Err()
}
