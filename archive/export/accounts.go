package export

import (
	"io"
	"sort"
	"strconv"

	"github.com/afterimage-archive/afterimage/archive/export/signals"
)

// accountInfo is one account behind the exported items.
type accountInfo struct {
	Account
	meta bool // profile metadata is known
}

// collectAccounts gathers the authors of the exported posts and the
// exported account items, once each, sorted by id. An account item's
// own metadata and state win over an author's copy.
func collectAccounts(items []Item) []accountInfo {
	byID := map[string]*accountInfo{}
	get := func(id string) *accountInfo {
		if byID[id] == nil {
			byID[id] = &accountInfo{Account: Account{ID: id}}
		}
		return byID[id]
	}
	for _, it := range items {
		if it.Author != nil && it.Author.ID != "" {
			a := get(it.Author.ID)
			if !a.meta {
				a.Account, a.meta = *it.Author, true
			} else if a.State == "" {
				a.State = it.Author.State
			}
		}
	}
	for _, it := range items {
		if it.Kind != "account" {
			continue
		}
		a := get(it.ID)
		if it.Account != nil {
			a.Account, a.meta = *it.Account, true
			a.ID = it.ID
		}
		a.State = it.State
	}
	out := make([]accountInfo, 0, len(byID))
	for _, a := range byID {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// signalInputs converts the exported items and their accounts for the
// signals package.
func signalInputs(items []Item, accs []accountInfo) ([]signals.Post, []signals.Account) {
	posts := make([]signals.Post, len(items))
	for i, it := range items {
		p := signals.Post{ID: it.ID, Platform: it.Platform, Kind: it.Kind, Text: it.Text, CreatedAt: it.CreatedAt,
			State: it.State, FirstSeen: it.FirstSeen, LastSeenAlive: it.LastSeenAlive,
			FirstMissing: it.FirstMissing, ConfirmedAt: it.ConfirmedAt}
		if it.Author != nil {
			p.Author = it.Author.ID
		}
		posts[i] = p
	}
	out := make([]signals.Account, len(accs))
	for i, a := range accs {
		out[i] = signals.Account{ID: a.ID, Handle: a.Handle, CreatedAt: a.CreatedAt, Followers: a.Followers,
			HasMetadata: a.meta, DefaultAvatar: a.DefaultAvatar, State: a.State}
	}
	return posts, out
}

func writeAccountsCSV(w io.Writer, accs []accountInfo, sig signals.Signals) error {
	header := []string{"id", "handle", "display_name", "created_at", "followers", "following", "posts", "avatar_url",
		"default_avatar", "state", "in_densest_window", "low_followers", "in_identical_text_cluster", "flagged"}
	b := strconv.FormatBool
	return writeCSV(w, AccountsCSV, header, func(emit func([]string) error) error {
		for _, a := range accs {
			f := signals.AccountFlags(signals.Account{ID: a.ID, CreatedAt: a.CreatedAt, Followers: a.Followers,
				HasMetadata: a.meta, DefaultAvatar: a.DefaultAvatar}, sig.Creation, sig.CoText)
			row := []string{a.ID, a.Handle, a.DisplayName, rfc3339(a.CreatedAt), "", "", "", a.AvatarURL, "", a.State,
				b(f.InWindow), b(f.LowFollowers), b(f.InCluster), b(f.Flagged())}
			if a.meta {
				row[4], row[5], row[6] = strconv.FormatInt(a.Followers, 10), strconv.FormatInt(a.Following, 10), strconv.FormatInt(a.Posts, 10)
				row[8] = b(a.DefaultAvatar)
			}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
}
