package schedules

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/archive/spool"
	"github.com/afterimage-archive/afterimage/archive/warc"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/netguard"
	"github.com/afterimage-archive/afterimage/crawler/recorder"
)

// Store turns a sealed capture into stored evidence (the spool ingester,
// wired in cmd with the store, the log and the index).
type Store interface {
	IngestCapture(ctx context.Context, c *spool.Capture) (spool.Result, error)
}

// Env is what a capture needs from its surroundings.
type Env struct {
	Config   *Config
	Spool    *spool.Spool
	Store    Store
	Software string // "afterimage <version>"
	Now      func() time.Time
	// TLS, if set, is the TLS configuration for fetches (tests trust their
	// servers' certificates with it).
	TLS *tls.Config
}

// Session is one capture in progress: a spooled WARC, the recording
// transport writing into it, and the fetcher sources use.
type Session struct {
	Capture   *spool.Capture
	Fetcher   *crawler.CollyFetcher
	transport *recorder.Transport
	env       *Env
}

// Begin starts a capture for command (capture, collect, recheck) and
// target ("" for ad hoc captures).
func (e *Env) Begin(command, target string) (*Session, error) {
	n := e.Config.Network
	host, _ := os.Hostname()
	mc := manifest.Context{Software: e.Software, Command: command, Target: target,
		ConfigSHA256: e.Config.Hash(), UserAgent: n.UserAgent, Robots: n.Robots,
		BodyCap: int64(n.MaxBody), Timeout: n.Timeout.Std().String(), Hostname: host}
	info := warc.Warcinfo{Software: e.Software, Hostname: host, UserAgent: n.UserAgent, Robots: n.Robots,
		BodyCap: int64(n.MaxBody), Timeout: n.Timeout.Std().String(), ConfigSHA256: e.Config.Hash(),
		Description: command, IsPartOf: target}
	c, err := e.Spool.Begin(mc, info)
	if err != nil {
		return nil, err
	}
	s := &Session{Capture: c, env: e}
	if err := s.wire(); err != nil {
		c.Seal()
		return nil, err
	}
	return s, nil
}

func (s *Session) wire() error {
	n := s.env.Config.Network
	var policy netguard.Policy
	if n.AllowPrivateAddresses {
		policy.Allow = []netguard.Class{netguard.Loopback, netguard.Private, netguard.LinkLocal, netguard.SharedCGNAT}
	}
	tr, err := recorder.New(recorder.Config{
		Writer: s.Capture.WARC(), Policy: policy, BodyCap: int64(n.MaxBody),
		Timeout: n.Timeout.Std(), ResponseHeaderTimeout: n.Timeout.Std(), TLSConfig: s.env.TLS,
		SpoolDir: s.Capture.Dir(), Now: s.env.Now, OnExchange: s.exchange,
	})
	if err != nil {
		return err
	}
	s.transport = tr
	s.Fetcher = crawler.NewFetcher(crawler.Options{Transport: tr, UserAgent: n.UserAgent,
		BodyCap: int64(n.MaxBody), Timeout: n.Timeout.Std(), Retries: n.Retries, Robots: n.Robots,
		Parallelism: n.Parallelism, Delay: n.Delay.Std(), MaxWait: n.MaxRetryWait.Std(), Now: s.env.Now})
	return nil
}

// exchange lists an exchange's records in the capture, or its failure.
func (s *Session) exchange(x recorder.Exchange) {
	c := s.Capture
	if x.Request.ID != "" {
		c.AddRecord(spool.RecordFromWritten(x.Request, 0, "", x.Response.ID, x.Start, x.End))
	}
	if x.Response.ID != "" {
		c.AddRecord(spool.RecordFromWritten(x.Response, x.Status, x.ContentType, x.Request.ID, x.Start, x.End))
	}
	if x.Err != nil && x.Response.ID == "" {
		c.Fail(x.URL, x.Err)
	}
	host := x.URL
	if u, err := url.Parse(x.URL); err == nil {
		host = u.Host
	}
	for _, r := range x.Redactions {
		c.Redacted(fmt.Sprintf("%s to %s", r, host))
	}
}

// Finish seals the capture and stores it.
func (s *Session) Finish(ctx context.Context) (spool.Result, error) {
	s.transport.CloseIdleConnections()
	if err := s.Capture.Seal(); err != nil {
		return spool.Result{}, err
	}
	return s.env.Store.IngestCapture(ctx, s.Capture)
}
