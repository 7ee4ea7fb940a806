package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/s3"
	"github.com/spf13/cobra"
)

func newInitCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Write a commented default config and the log signing key",
		Long: `init writes a commented default config to --config (unless it exists), makes
the evidence log's signing key in the data directory (unless it exists),
publishes the public key into the store, and with S3 configured creates the
bucket with Object Lock. It prints the key's name and hash: publish them
somewhere else so that others can check your checkpoints.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runInit(cmd)
		},
	}
}

func (a *app) runInit(cmd *cobra.Command) error {
	ctx := cmd.Context()
	if _, err := os.Stat(a.configPath); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(a.configPath, []byte(defaultConfigText), 0o644); err != nil {
			return &usageError{fmt.Errorf("write config: %w", err)}
		}
		fmt.Fprintf(a.stdout, "wrote %s\n", a.configPath)
	} else {
		fmt.Fprintf(a.stdout, "kept existing %s\n", a.configPath)
	}
	c, err := a.config()
	if err != nil {
		return err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	if s, ok := st.(*s3.Store); ok {
		if err := s.Init(ctx); err != nil {
			return fmt.Errorf("create bucket: %w", err)
		}
		fmt.Fprintf(a.stdout, "bucket ready: %s\n", st.Describe())
	}
	dir, err := a.dataDir()
	if err != nil {
		return err
	}
	_, vkey, created, err := evlog.LoadOrCreateKey(dir, c.Log.Origin)
	if err != nil {
		return err
	}
	if err := evlog.PublishKey(ctx, st, vkey); err != nil {
		return err
	}
	verb := "existing"
	if created {
		verb = "new"
	}
	fmt.Fprintf(a.stdout, "%s log key: %s\n", verb, vkey)
	fmt.Fprintf(a.stdout, "key hash (sha256 of the key line): %s\n", evlog.KeyHash(vkey))
	fmt.Fprintf(a.stdout, "publish the key and its hash outside this archive so that checkpoints can be checked against it\n")
	return nil
}
