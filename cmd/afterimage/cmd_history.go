package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newHistoryCommand(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history ITEM",
		Short: "Every observation of an item, with the capture that holds its evidence",
		Long: `history prints every observation of an item: time, what was observed, the
state it left the item in, the HTTP status, the platform's words, and the
capture that holds the evidence (show it with 'afterimage show CAPTURE').`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runHistory(cmd.Context(), args[0], asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) runHistory(ctx context.Context, id string, asJSON bool) error {
	idx, err := a.readIndex(ctx)
	if err != nil {
		return err
	}
	obs, err := idx.History(ctx, id)
	if err != nil {
		return usagef("history %s: %v", id, err)
	}
	if asJSON {
		b, err := json.MarshalIndent(obs, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.stdout, "%s\n", b)
		return err
	}
	fmt.Fprintf(a.stdout, "%s\n", id)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "TIME\tOBSERVED\tSTATE\tHTTP\tDETAIL\tCAPTURE\n")
	for _, o := range obs {
		status := o.Status
		if o.Implicit {
			status += " (listed)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", o.At, status, o.State, o.HTTPStatus,
			strings.Join(strings.Fields(o.Detail), " "), o.Capture)
	}
	return tw.Flush()
}
