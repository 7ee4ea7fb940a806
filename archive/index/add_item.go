package index

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// item writes a listed item's metadata (kept when it is the latest),
// tags, capture link and, when implicit, its seen observation numbered seq.
func (a *adder) item(ctx context.Context, it *manifest.Item, seq int, implicit bool) error {
	seen := a.seenAt(it)
	created, err := parseTime(it.CreatedAt)
	if err != nil {
		return err
	}
	media, err := jsonList(it.Media)
	if err != nil {
		return err
	}
	acc := it.Account
	if acc == nil {
		acc = &manifest.Account{}
	}
	accCreated, err := parseTime(acc.CreatedAt)
	if err != nil {
		return err
	}
	err = a.exec(ctx, sqlItem, it.ID, it.Platform, it.Kind, it.URL, it.Text, nanos(created),
		it.Author, media, b2i(it.Account != nil), acc.Handle, acc.DisplayName, nanos(accCreated),
		acc.Followers, acc.Following, acc.Posts, acc.AvatarURL, b2i(acc.DefaultAvatar),
		seen.UnixNano(), a.id)
	if err != nil {
		return fmt.Errorf("upsert item: %w", err)
	}
	for _, tag := range it.Tags {
		if err := a.exec(ctx, sqlTag, it.ID, tag); err != nil {
			return fmt.Errorf("insert tag %q: %w", tag, err)
		}
	}
	records, err := jsonList(it.Records)
	if err != nil {
		return err
	}
	if err := a.exec(ctx, sqlItemCapture, it.ID, a.id, a.started.UnixNano(), records); err != nil {
		return fmt.Errorf("link capture: %w", err)
	}
	if !implicit {
		return nil
	}
	err = a.exec(ctx, sqlObservation, a.id, seq, it.ID, manifest.StatusSeen, seen.UnixNano(),
		0, "", "", records, 1)
	if err != nil {
		return fmt.Errorf("insert implicit observation: %w", err)
	}
	return nil
}

// observation writes one explicit observation numbered seq, creating a
// placeholder item when the item was never listed.
func (a *adder) observation(ctx context.Context, o *manifest.Observation, seq int) error {
	platform, _, err := manifest.SplitItemID(o.Item)
	if err != nil {
		return err
	}
	if err := a.exec(ctx, sqlPlaceholder, o.Item, platform); err != nil {
		return fmt.Errorf("insert item: %w", err)
	}
	if err := a.exec(ctx, sqlItemCapture, o.Item, a.id, a.started.UnixNano(), "[]"); err != nil {
		return fmt.Errorf("link capture: %w", err)
	}
	at, err := parseTime(o.At)
	if err != nil {
		return err
	}
	records, err := jsonList(o.Records)
	if err != nil {
		return err
	}
	err = a.exec(ctx, sqlObservation, a.id, seq, o.Item, o.Status, at.UnixNano(), o.HTTPStatus,
		o.ContentSHA256, o.Detail, records, 0)
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	return nil
}

// jsonList is the stored form of a list of strings.
func jsonList(s []string) (string, error) {
	if len(s) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(s)
	return string(b), err
}

// b2i stores a boolean as an INTEGER, which SQLite and PostgreSQL share.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
