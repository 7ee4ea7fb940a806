package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/afterimage-archive/afterimage/archive/index"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/schedules"
	"github.com/spf13/cobra"
)

// itemStates are the states an item can be in.
var itemStates = []string{"alive", "missing", "deleted", "suspended", "withheld", "restored", "changed"}

type itemFlags struct {
	tags, platforms, states, kinds, targets []string
	since, until                            string
}

func (f *itemFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringSliceVar(&f.tags, "tag", nil, "hashtag (repeat or comma-separate)")
	cmd.Flags().StringSliceVar(&f.platforms, "platform", nil, "platform: web, mastodon, bluesky, telegram, x, reddit")
	cmd.Flags().StringSliceVar(&f.states, "state", nil, "state: "+strings.Join(itemStates, ", "))
	cmd.Flags().StringSliceVar(&f.kinds, "kind", nil, "kind: post, account, page")
	cmd.Flags().StringSliceVar(&f.targets, "target", nil, "config target name")
	cmd.Flags().StringVar(&f.since, "since", "", "items created (or first seen) at or after this time (RFC 3339 or YYYY-MM-DD)")
	cmd.Flags().StringVar(&f.until, "until", "", "items created (or first seen) before this time (RFC 3339 or YYYY-MM-DD)")
}

// filter checks the flag values and builds the index filter. Errors name
// the flag.
func (f *itemFlags) filter() (index.Filter, error) {
	var out index.Filter
	for _, p := range f.platforms {
		if p != "web" && !contains(schedules.KnownPlatforms, p) {
			return out, usagef("--platform %q: unknown platform (want web, %s)", p, strings.Join(schedules.KnownPlatforms, ", "))
		}
	}
	for _, s := range f.states {
		if !contains(itemStates, s) {
			return out, usagef("--state %q: unknown state (want %s)", s, strings.Join(itemStates, ", "))
		}
	}
	for _, k := range f.kinds {
		if !contains([]string{"post", "account", "page"}, k) {
			return out, usagef("--kind %q: unknown kind (want post, account or page)", k)
		}
	}
	var err error
	if out.Since, err = parseFlagTime("--since", f.since); err != nil {
		return out, err
	}
	if out.Until, err = parseFlagTime("--until", f.until); err != nil {
		return out, err
	}
	for _, t := range f.tags {
		out.Tags = append(out.Tags, crawler.NormalizeTag(t))
	}
	out.Platforms, out.States, out.Kinds, out.Targets = f.platforms, f.states, f.kinds, f.targets
	return out, nil
}

func parseFlagTime(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usagef("%s %q: not a time (want RFC 3339, e.g. 2026-11-29T10:00:00Z, or a date 2026-11-29)", flag, v)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func newItemsCommand(a *app) *cobra.Command {
	var f itemFlags
	var format string
	cmd := &cobra.Command{
		Use:   "items [--tag T] [--platform P] [--state S] [--format table|csv|json]",
		Short: "List archived posts, accounts and pages",
		Long: `items lists items from the index with their state. The JSON form is one
array of objects, the schema the export writes; times are RFC 3339 UTC.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			flt, err := f.filter()
			if err != nil {
				return err
			}
			if !contains([]string{"table", "csv", "json"}, format) {
				return usagef("--format %q: want table, csv or json", format)
			}
			return a.runItems(cmd.Context(), flt, format)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&format, "format", "table", "table, csv or json")
	return cmd
}

func (a *app) runItems(ctx context.Context, f index.Filter, format string) error {
	idx, err := a.readIndex(ctx)
	if err != nil {
		return err
	}
	var out itemWriter
	switch format {
	case "json":
		out = &jsonItems{w: a.stdout}
	case "csv":
		out = &csvItems{w: csv.NewWriter(a.stdout)}
	default:
		out = &tableItems{w: tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)}
	}
	if err := idx.EachItem(ctx, f, out.item); err != nil {
		return err
	}
	return out.close()
}

type itemWriter interface {
	item(index.ItemView) error
	close() error
}

type jsonItems struct {
	w io.Writer
	n int
}

func (j *jsonItems) item(v index.ItemView) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.n == 0 {
		sep = "[\n"
	}
	j.n++
	_, err = fmt.Fprintf(j.w, "%s%s", sep, b)
	return err
}

func (j *jsonItems) close() error {
	if j.n == 0 {
		_, err := fmt.Fprintln(j.w, "[]")
		return err
	}
	_, err := fmt.Fprintln(j.w, "\n]")
	return err
}

// itemColumns are the CSV columns, the JSON fields flattened.
var itemColumns = []string{"id", "platform", "kind", "url", "tags", "text", "created_at", "state", "state_since",
	"first_seen", "last_seen_alive", "first_missing", "confirmed_at", "captures",
	"author_id", "author_handle", "author_display_name", "author_created_at", "author_followers",
	"author_following", "author_posts", "author_avatar_url", "author_default_avatar"}

type csvItems struct {
	w      *csv.Writer
	header bool
}

func (c *csvItems) item(v index.ItemView) error {
	if !c.header {
		c.header = true
		if err := c.w.Write(itemColumns); err != nil {
			return err
		}
	}
	return c.w.Write(itemRow(v))
}

func itemRow(v index.ItemView) []string {
	row := []string{v.ID, v.Platform, v.Kind, v.URL, strings.Join(v.Tags, " "), v.Text, v.CreatedAt.String(),
		v.State, v.StateSince.String(), v.FirstSeen.String(), v.LastSeenAlive.String(), v.FirstMissing.String(),
		v.ConfirmedAt.String(), strings.Join(v.Captures, " ")}
	acc := v.Author
	if acc == nil {
		acc = v.Account
	}
	if acc == nil {
		return append(row, make([]string, 9)...)
	}
	return append(row, acc.ID, acc.Handle, acc.DisplayName, acc.CreatedAt.String(), strconv.FormatInt(acc.Followers, 10),
		strconv.FormatInt(acc.Following, 10), strconv.FormatInt(acc.Posts, 10), acc.AvatarURL, strconv.FormatBool(acc.DefaultAvatar))
}

func (c *csvItems) close() error {
	if !c.header {
		c.w.Write(itemColumns)
	}
	c.w.Flush()
	return c.w.Error()
}

type tableItems struct {
	w *tabwriter.Writer
	n int
}

func (t *tableItems) item(v index.ItemView) error {
	if t.n == 0 {
		fmt.Fprintf(t.w, "ID\tKIND\tSTATE\tSINCE\tFIRST SEEN\tTEXT\n")
	}
	t.n++
	text := v.Text
	if r := []rune(text); len(r) > 60 {
		text = string(r[:59]) + "…"
	}
	_, err := fmt.Fprintf(t.w, "%s\t%s\t%s\t%s\t%s\t%s\n", v.ID, v.Kind, v.State, v.StateSince, v.FirstSeen,
		strings.Join(strings.Fields(text), " "))
	return err
}

func (t *tableItems) close() error {
	if t.n == 0 {
		fmt.Fprintln(t.w, "no items")
	}
	return t.w.Flush()
}
