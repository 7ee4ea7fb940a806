package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/export"
	"github.com/afterimage-archive/afterimage/archive/index"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func newExportCommand(a *app) *cobra.Command {
	var f itemFlags
	var ids []string
	var out, title string
	var full bool
	cmd := &cobra.Command{
		Use:   "export [--tag T] [--platform P] [--state S] [--since T] [--until T] [--items ID,...] --out PATH",
		Short: "Write a case bundle: evidence WACZ, tables, report, proofs, checksums",
		Long: `export writes a bundle for a report (a directory, or a .zip when PATH ends
so): evidence.wacz holding exactly the WARC records that back the selected
items (--full: the whole WARC files), items.csv/jsonl, accounts.csv,
observations.csv, report.html with the coordination signals, proofs/ with
the manifests, inclusion proofs, checkpoint and public key, SHA256SUMS and
VERIFY.md. Anyone can check it offline with 'sha256sum -c SHA256SUMS' or
'afterimage verify BUNDLE'. The export is itself an event in the evidence
log. An export that selects nothing writes nothing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			flt, err := f.filter()
			if err != nil {
				return err
			}
			if out == "" {
				return usagef("--out PATH is required")
			}
			flt.IDs = ids
			return a.runExport(cmd.Context(), flt, exportRequest{out: out, full: full, title: title,
				filter: describeFilter(cmd)})
		},
	}
	f.add(cmd)
	cmd.Flags().StringSliceVar(&ids, "items", nil, "item ids to export (comma-separated)")
	cmd.Flags().StringVar(&out, "out", "", "bundle directory, or a file ending in .zip")
	cmd.Flags().BoolVar(&full, "full", false, "include the whole original WARC files")
	cmd.Flags().StringVar(&title, "title", "", "report title")
	return cmd
}

type exportRequest struct {
	out, title, filter string
	full               bool
}

// describeFilter records the selection flags as given.
func describeFilter(cmd *cobra.Command) string {
	var parts []string
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		switch fl.Name {
		case "out", "config", "title", "full":
		default:
			parts = append(parts, "--"+fl.Name+"="+fl.Value.String())
		}
	})
	return strings.Join(parts, " ")
}

func (a *app) runExport(ctx context.Context, f index.Filter, req exportRequest) error {
	w, err := a.openWriter(ctx)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.syncIndex(ctx); err != nil {
		return err
	}
	idx, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	items, err := exportItems(ctx, idx, f)
	if err != nil {
		return err
	}
	started := a.now()
	res, err := export.Export(ctx, export.Options{Store: w.store, Log: w.log, VKey: w.vkey, Items: items,
		Full: req.full, Out: req.out, Filter: req.filter, Now: a.now, Software: "afterimage " + version, Title: req.title})
	if errors.Is(err, export.ErrNothingSelected) {
		return &problemsError{"nothing to export: the selection matches no item with evidence; nothing was written"}
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	id, logIndex, err := a.logExport(ctx, w, res, started)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "bundle    %s (%d files, %d WARC records, %s of WARC)\n", res.Path, res.Files, res.Records, humanBytes(res.WARCBytes))
	fmt.Fprintf(a.stdout, "items     %d, from %d captures\n", len(res.Event.Items), len(res.Event.Captures))
	fmt.Fprintf(a.stdout, "sums      SHA256SUMS %s\n", res.Event.SHA256)
	fmt.Fprintf(a.stdout, "proofs    against checkpoint %d\n", res.Checkpoint.Size)
	fmt.Fprintf(a.stdout, "logged    export event %s as leaf %d\n", id, logIndex)
	return nil
}

// logExport records the export as an event of the evidence log: a
// manifest of kind export, stored and appended like a capture's.
func (a *app) logExport(ctx context.Context, w *writer, res export.Result, started time.Time) (string, int64, error) {
	c := a.cfg
	mc := manifest.Context{Software: "afterimage " + version, Command: "export", ConfigSHA256: c.Hash(),
		UserAgent: c.Network.UserAgent, Robots: c.Network.Robots, BodyCap: int64(c.Network.MaxBody),
		Timeout: c.Network.Timeout.Std().String()}
	m, b, err := export.EventManifest(res.Event, mc, started, a.now())
	if err != nil {
		return "", 0, err
	}
	sum := sha256.Sum256(b)
	if _, err := w.store.Put(ctx, archive.ManifestKey(sum), bytes.NewReader(b), int64(len(b)), sum); err != nil && !errors.Is(err, archive.ErrExists) {
		return "", 0, fmt.Errorf("store export event: %w", err)
	}
	idx, cp, err := w.log.Append(ctx, w.signer, b)
	if err != nil {
		return "", 0, fmt.Errorf("log export event: %w", err)
	}
	if err := w.afterAppend(ctx, cp); err != nil {
		return "", 0, err
	}
	id := hex.EncodeToString(sum[:])
	if ix, err := a.openIndex(ctx); err == nil {
		if err := ix.AddCapture(ctx, id, idx[0], m); err != nil {
			fmt.Fprintf(a.stderr, "warning: export event not indexed (the next command catches up): %v\n", err)
		}
	}
	return id, idx[0], nil
}

// exportItems reads the selected items from the index with their state
// histories and their authors' states.
func exportItems(ctx context.Context, idx *index.Index, f index.Filter) ([]export.Item, error) {
	var views []index.ItemView
	if err := idx.EachItem(ctx, f, func(v index.ItemView) error {
		views = append(views, v)
		return nil
	}); err != nil {
		return nil, err
	}
	authorState, err := accountStates(ctx, idx, views)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(views))
	for i, v := range views {
		ids[i] = v.ID
	}
	histories, err := idx.Histories(ctx, ids)
	if err != nil {
		return nil, err
	}
	items := make([]export.Item, 0, len(views))
	for _, v := range views {
		hist := histories[v.ID]
		it := export.Item{ID: v.ID, Platform: v.Platform, Kind: v.Kind, URL: v.URL, Tags: v.Tags, Text: v.Text,
			CreatedAt: v.CreatedAt.Time, State: v.State, StateSince: v.StateSince.Time, FirstSeen: v.FirstSeen.Time,
			LastSeenAlive: v.LastSeenAlive.Time, FirstMissing: v.FirstMissing.Time, ConfirmedAt: v.ConfirmedAt.Time,
			Captures: v.Captures, Author: exportAccount(v.Author, authorState), Account: exportAccount(v.Account, authorState)}
		if it.Account != nil {
			it.Account.State = v.State
		}
		for _, o := range hist {
			it.Observations = append(it.Observations, export.Observation{At: o.At.Time, Status: o.Status, State: o.State,
				HTTPStatus: o.HTTPStatus, Detail: o.Detail, Capture: o.Capture, ContentSHA256: o.ContentSHA256, Records: o.Records})
		}
		items = append(items, it)
	}
	return items, nil
}

// accountStates returns the states of the authors of the posts.
func accountStates(ctx context.Context, idx *index.Index, views []index.ItemView) (map[string]string, error) {
	var ids []string
	for _, v := range views {
		if v.Author != nil {
			ids = append(ids, v.Author.ID)
		}
	}
	states := map[string]string{}
	for start := 0; start < len(ids); start += 500 {
		accs, err := idx.Items(ctx, index.Filter{IDs: ids[start:min(start+500, len(ids))]})
		if err != nil {
			return nil, err
		}
		for _, acc := range accs {
			states[acc.ID] = acc.State
		}
	}
	return states, nil
}

func exportAccount(a *index.AccountView, states map[string]string) *export.Account {
	if a == nil {
		return nil
	}
	return &export.Account{ID: a.ID, Handle: a.Handle, DisplayName: a.DisplayName, CreatedAt: a.CreatedAt.Time,
		Followers: a.Followers, Following: a.Following, Posts: a.Posts, AvatarURL: a.AvatarURL,
		DefaultAvatar: a.DefaultAvatar, State: states[a.ID]}
}
