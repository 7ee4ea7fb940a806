package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/spf13/cobra"
)

func newShowCommand(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show CAPTURE",
		Short: "Show what a capture holds",
		Long: `show prints a capture's context, WARC files, records, items and
observations. CAPTURE is a capture id (the manifest's SHA-256) or a unique
prefix of one. --json prints the manifest exactly as stored.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runShow(cmd.Context(), args[0], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the stored manifest bytes")
	return cmd
}

// resolveCapture finds the one manifest whose id starts with prefix.
func resolveCapture(ctx context.Context, st archive.Store, prefix string) (string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if len(prefix) < 4 || strings.Trim(prefix, "0123456789abcdef") != "" {
		return "", usagef("capture %q: give at least 4 hex digits of a capture id", prefix)
	}
	var found []string
	err := st.List(ctx, archive.PrefixManifests+prefix, func(i archive.Info) error {
		found = append(found, strings.TrimSuffix(strings.TrimPrefix(i.Key, archive.PrefixManifests), ".json"))
		return nil
	})
	if err != nil {
		return "", err
	}
	switch len(found) {
	case 0:
		return "", usagef("no capture with id %s…", prefix)
	case 1:
		return found[0], nil
	default:
		return "", usagef("capture prefix %s is ambiguous: %s", prefix, strings.Join(found, ", "))
	}
}

func (a *app) readManifest(ctx context.Context, st archive.Store, id string) ([]byte, *manifest.Manifest, error) {
	sum, err := archive.ParseHex(id)
	if err != nil {
		return nil, nil, err
	}
	rc, err := st.Open(ctx, archive.ManifestKey(sum))
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, nil, fmt.Errorf("read manifest %s: %w", id, err)
	}
	if manifest.ID(b) != id {
		return nil, nil, fmt.Errorf("manifest %s: stored bytes do not hash to its id; run verify", id)
	}
	m, err := manifest.Parse(b)
	if err != nil {
		return nil, nil, fmt.Errorf("manifest %s: %w", id, err)
	}
	return b, m, nil
}

func (a *app) runShow(ctx context.Context, prefix string, asJSON bool) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	id, err := resolveCapture(ctx, st, prefix)
	if err != nil {
		return err
	}
	b, m, err := a.readManifest(ctx, st, id)
	if err != nil {
		return err
	}
	if asJSON {
		_, err := a.stdout.Write(append(b, '\n'))
		return err
	}
	printManifest(a.stdout, id, m)
	return nil
}

func printManifest(out io.Writer, id string, m *manifest.Manifest) {
	c := m.Context
	fmt.Fprintf(out, "capture   %s\n", id)
	fmt.Fprintf(out, "command   %s %s\n", c.Command, c.Target)
	fmt.Fprintf(out, "time      %s – %s\n", m.Started, m.Finished)
	fmt.Fprintf(out, "software  %s (config %s)\n", c.Software, c.ConfigSHA256)
	fmt.Fprintf(out, "fetching  user agent %q, robots %s, body cap %d bytes, timeout %s\n", c.UserAgent, c.Robots, c.BodyCap, c.Timeout)
	for _, r := range c.Redactions {
		fmt.Fprintf(out, "redacted  %s\n", r)
	}
	for _, w := range m.WARCs {
		fmt.Fprintf(out, "warc      %s (%d bytes, version %q)\n", w.Key, w.Size, w.VersionID)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\nTYPE\tSTATUS\tOFFSET\tLENGTH\tTARGET\tNOTE\n")
	for _, r := range m.Records {
		note := ""
		if r.Truncated != "" {
			note = "truncated: " + r.Truncated
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\n", r.Type, r.Status, r.Offset, r.Length, r.TargetURI, note)
	}
	tw.Flush()
	for _, f := range m.Failures {
		fmt.Fprintf(out, "failed    %s: %s\n", f.URL, f.Error)
	}
	if len(m.Items) > 0 {
		fmt.Fprintf(out, "\n%d items:\n", len(m.Items))
		for _, it := range m.Items {
			fmt.Fprintf(out, "  %s %s %s\n", it.Kind, it.ID, it.URL)
		}
	}
	if len(m.Observations) > 0 {
		fmt.Fprintf(out, "\n%d observations:\n", len(m.Observations))
		for _, o := range m.Observations {
			fmt.Fprintf(out, "  %s %s %s (HTTP %d) %s\n", o.At, o.Status, o.Item, o.HTTPStatus, o.Detail)
		}
	}
	if m.Export != nil {
		e, _ := json.Marshal(m.Export)
		fmt.Fprintf(out, "\nexport: %s\n", e)
	}
}
