package main

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/spf13/cobra"
	"golang.org/x/mod/sumdb/note"
)

func newReindexCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the SQLite index from the store alone",
		Long: `reindex empties the index and rebuilds it from the manifests in the store,
in evidence-log order. The index is a cache; the store is the record.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runReindex(cmd.Context()) },
	}
}

func (a *app) runReindex(ctx context.Context) error {
	w, err := a.openWriter(ctx)
	if err != nil {
		return err
	}
	defer w.close()
	idx, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	if err := idx.Reset(ctx); err != nil {
		return err
	}
	v, err := note.NewVerifier(w.vkey)
	if err != nil {
		return err
	}
	l, err := evlog.Open(ctx, w.store, w.log.Origin(), v)
	if err != nil {
		return err
	}
	prog := newProgress(a.stderr, "reindex")
	for i := int64(0); i < l.Size(); i++ {
		sum, err := l.LeafSHA256(ctx, i)
		if err != nil {
			return fmt.Errorf("log leaf %d: %w", i, err)
		}
		id := hex.EncodeToString(sum[:])
		_, m, err := a.readManifest(ctx, w.store, id)
		if err != nil {
			return fmt.Errorf("log leaf %d: %w", i, err)
		}
		if err := idx.AddCapture(ctx, id, i, m); err != nil {
			return fmt.Errorf("index capture %s: %w", id, err)
		}
		prog.count("%d of %d captures", i+1, l.Size())
	}
	prog.clear()
	fmt.Fprintf(a.stdout, "reindexed %d captures from %s\n", l.Size(), w.store.Describe())
	return nil
}
