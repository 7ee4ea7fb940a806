package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
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
	if err := a.syncIndex(ctx, idx, w.store, w.log); err != nil {
		return err
	}
	l := w.log
	fmt.Fprintf(a.stdout, "reindexed %d captures from %s\n", l.Size(), w.store.Describe())
	return nil
}
