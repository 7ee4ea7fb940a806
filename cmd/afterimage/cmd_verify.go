package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/export"
	"github.com/afterimage-archive/afterimage/archive/spool"
	"github.com/afterimage-archive/afterimage/archive/verify"
	"github.com/spf13/cobra"
	"golang.org/x/mod/sumdb/note"
)

func newVerifyCommand(a *app) *cobra.Command {
	var keyFlag string
	cmd := &cobra.Command{
		Use:   "verify [BUNDLE]",
		Short: "Check every object, manifest, log leaf and checkpoint (or an exported bundle)",
		Long: `verify re-hashes every object in the store, checks every manifest against
its WARC records and digests, every manifest against its evidence-log leaf,
every checkpoint signature and the consistency of successive checkpoints,
and lists every problem found. With BUNDLE (a directory or .zip made by
export), it checks the bundle offline instead: checksums, WARC record
digests, manifests against their records, inclusion proofs against the
checkpoint, the checkpoint signature, timestamps and the WACZ signature.

Exit status: 0 all sound, 1 problems found, 2 could not run.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				return a.runVerifyBundle(cmd.Context(), args[0], keyFlag)
			}
			return a.runVerify(cmd.Context(), keyFlag)
		},
	}
	cmd.Flags().StringVar(&keyFlag, "key", "", "verifier key line of the log (default: the key in the data directory)")
	return cmd
}

func (a *app) runVerify(ctx context.Context, keyFlag string) error {
	c, err := a.config()
	if err != nil {
		return err
	}
	logErr, err := a.ingestBeforeVerify(ctx)
	if err != nil {
		return err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	vkey, err := a.verifierKey(ctx, keyFlag)
	if err != nil {
		return err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return usagef("log key %q: %v", vkey, err)
	}
	dir, err := a.dataDir()
	if err != nil {
		return err
	}
	known, err := evlog.LoadKnown(dir)
	if err != nil {
		return err
	}
	roots, err := a.allTSARoots()
	if err != nil {
		return err
	}
	prog := newProgress(a.stderr, "verify")
	n := 0
	stats, err := verify.Run(ctx, st, verify.Options{Origin: c.Log.Origin, Verifier: v, VKey: vkey,
		TSARoots: roots, Known: known, Progress: prog.bytes}, func(p verify.Problem) {
		prog.clear()
		n++
		fmt.Fprintf(a.stdout, "PROBLEM %s: %s\n", p.Key, p.What)
	})
	prog.clear()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "checked %s: %d objects, %d WARC files (%d records, %s), %d manifests, %d log leaves, %d checkpoints\n",
		st.Describe(), stats.Objects, stats.WARCs, stats.Records, humanBytes(stats.Bytes), stats.Manifests, stats.Leaves, stats.Checkpoints)
	if n > 0 {
		fmt.Fprintf(a.stdout, "%d problems found\n", n)
		return errReported
	}
	if logErr != nil {
		return logErr // the writer refused the log but the audit found nothing
	}
	fmt.Fprintln(a.stdout, "all sound")
	return nil
}

// ingestBeforeVerify stores what an interrupted run left in the spool, so
// that verify sees the archive as the next writer would. When another
// process holds the log lock, the spool is that process's business. When
// the stored log is damaged (a forged or edited checkpoint, missing or
// corrupt log objects), nothing is appended to it: logErr says why, and
// verify goes on to name the damaged objects.
func (a *app) ingestBeforeVerify(ctx context.Context) (logErr, err error) {
	dir, err := a.dataDir()
	if err != nil {
		return nil, err
	}
	sp, err := spool.Open(filepath.Join(dir, "spool"), a.now)
	if err != nil {
		return nil, err
	}
	if pending, err := sp.Pending(); err == nil && len(pending) == 0 {
		return nil, nil // nothing left behind: no need to open the log for writing
	}
	w, err := a.openWriterNoWait(ctx)
	if errors.Is(err, evlog.ErrLocked) {
		fmt.Fprintln(a.stderr, "verify: another afterimage holds the log lock; its spool is left alone")
		return nil, nil
	}
	if damagedLog(err) {
		fmt.Fprintf(a.stderr, "verify: the spool is left alone: %v\n", err)
		return err, nil
	}
	if err != nil {
		return nil, err
	}
	w.close()
	return nil, nil
}

// damagedLog reports errors of opening the log that mean the stored
// evidence is damaged rather than that verify cannot run.
func damagedLog(err error) bool {
	return errors.Is(err, evlog.ErrSignature) || errors.Is(err, evlog.ErrInconsistent) ||
		errors.Is(err, archive.ErrCorrupt) || errors.Is(err, archive.ErrNotFound)
}

// verifierKey returns the log's verifier key: the flag, else the key in the
// data directory, else the copy published in the store (with a warning:
// a key read from the archive under test proves less).
func (a *app) verifierKey(ctx context.Context, flag string) (string, error) {
	if flag != "" {
		return strings.TrimSpace(flag), nil
	}
	c, _ := a.config()
	dir, err := a.dataDir()
	if err != nil {
		return "", err
	}
	if vkey, ok, err := a.existingKey(dir); ok || err != nil {
		return vkey, err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return "", err
	}
	vkey, err := evlog.ReadPublishedKey(ctx, st, c.Log.Origin)
	if err != nil {
		return "", usagef("no log key in %s and none published in the store (%v); pass --key", dir, err)
	}
	fmt.Fprintf(a.stderr, "verify: using the key published in the store (%s); pass --key to check against a key you obtained elsewhere\n", vkey)
	return vkey, nil
}

// runVerifyBundle checks an exported bundle offline. Without --key the
// bundle's own key is used, and the output says so.
func (a *app) runVerifyBundle(ctx context.Context, path, keyFlag string) error {
	if _, err := os.Stat(path); err != nil {
		return usagef("bundle %s: %v", path, err)
	}
	roots, err := a.bundleTSARoots()
	if err != nil {
		return err
	}
	n := 0
	checked, err := export.VerifyBundle(ctx, path, export.VerifyOptions{VKey: strings.TrimSpace(keyFlag), TSARoots: roots},
		func(p export.Problem) {
			n++
			fmt.Fprintf(a.stdout, "PROBLEM %s: %s\n", p.File, p.What)
		})
	if err != nil {
		return &usageError{fmt.Errorf("verify bundle %s: %w", path, err)}
	}
	fmt.Fprintf(a.stdout, "checked bundle %s: %d files, %d manifests, %d proofs against checkpoint %d of %s, %d WARC records, %d timestamps\n",
		path, checked.Files, checked.Manifests, checked.Proofs, checked.Checkpoint, checked.Origin, checked.Records, checked.Tokens)
	if checked.KeyFromBundle {
		fmt.Fprintln(a.stdout, "note: checked against the key inside the bundle; pass --key with the key the archive published elsewhere to tie it to its owner")
	}
	if checked.WACZSigned {
		fmt.Fprintln(a.stdout, "WACZ signature valid")
	}
	if n > 0 {
		fmt.Fprintf(a.stdout, "%d problems found\n", n)
		return errReported
	}
	fmt.Fprintln(a.stdout, "all sound")
	return nil
}

// bundleTSARoots are the TSA roots of the config, if a config file exists;
// a bundle is often checked where no config is.
func (a *app) bundleTSARoots() (*x509.CertPool, error) {
	if _, err := os.Stat(a.configPath); err != nil {
		return nil, nil
	}
	return a.allTSARoots()
}
