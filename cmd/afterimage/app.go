package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/index"
	"github.com/afterimage-archive/afterimage/archive/local"
	"github.com/afterimage-archive/afterimage/archive/s3"
	"github.com/afterimage-archive/afterimage/schedules"
)

func realNow() time.Time { return time.Now().UTC() }

// app holds what the commands share: where to write, the config, and the
// opened store, index and log, each opened on first use.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	configPath     string
	// shutdownGrace is how long running jobs may finish after SIGTERM (0:
	// the daemon's default).
	shutdownGrace time.Duration
	// tls, if set, configures fetches (tests trust their servers with it).
	tls *tls.Config
	// lockWait, if set, replaces the const lockWait (tests shorten it).
	lockWait time.Duration

	cfg   *schedules.Config
	store archive.Store
	idx   *index.Index
}

func (a *app) close() {
	if a.idx != nil {
		a.idx.Close()
	}
}

// config loads the config file, or the embedded default when the default
// path does not exist.
func (a *app) config() (*schedules.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	c, err := schedules.Load(a.configPath)
	if errors.Is(err, schedules.ErrNoConfig) {
		if a.configPath != "./afterimage.yaml" {
			return nil, usagef("config file %s does not exist", a.configPath)
		}
		c = schedules.DefaultConfig()
		err = nil
	}
	if err != nil {
		return nil, &usageError{err}
	}
	a.cfg = c
	return c, nil
}

// dataDir returns the data directory, creating it.
func (a *app) dataDir() (string, error) {
	c, err := a.config()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return "", &usageError{fmt.Errorf("data directory: %w", err)}
	}
	return c.DataDir, nil
}

// openStore opens the configured store.
func (a *app) openStore(ctx context.Context) (archive.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	switch c.Storage.Type {
	case "s3":
		st := c.Storage
		ak, sk := a.getenv(schedules.EnvS3AccessKey), a.getenv(schedules.EnvS3SecretKey)
		if ak == "" || sk == "" {
			return nil, usagef("storage.type is s3: set %s and %s", schedules.EnvS3AccessKey, schedules.EnvS3SecretKey)
		}
		s, err := s3.New(ctx, s3.Config{Endpoint: st.Endpoint, Bucket: st.Bucket, Region: st.Region,
			Insecure: st.Insecure, AccessKey: ak, SecretKey: sk,
			Lock: s3.LockConfig{Mode: st.ObjectLock.Mode, Days: st.ObjectLock.Days, LegalHold: st.ObjectLock.LegalHold}})
		if err != nil {
			return nil, &usageError{fmt.Errorf("open s3 store: %w", err)}
		}
		a.store = s
	default:
		s, err := local.New(c.StorePath())
		if err != nil {
			return nil, &usageError{fmt.Errorf("open local store: %w", err)}
		}
		a.store = s
	}
	return a.store, nil
}

// openIndex opens the SQLite index in the data directory.
func (a *app) openIndex(ctx context.Context) (*index.Index, error) {
	if a.idx != nil {
		return a.idx, nil
	}
	dir, err := a.dataDir()
	if err != nil {
		return nil, err
	}
	idx, err := index.Open(ctx, filepath.Join(dir, "index.sqlite"), index.Options{ConfirmAfter: a.cfg.Recheck.ConfirmAfter.Std()})
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	a.idx = idx
	return idx, nil
}
