package s3_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/s3"
	"github.com/afterimage-archive/afterimage/archive/s3/s3test"
	"github.com/afterimage-archive/afterimage/archive/storetest"
)

// config returns a configuration for a new bucket on srv.
func config(srv s3test.Server, lock s3.LockConfig) s3.Config {
	return s3.Config{
		Endpoint: srv.Endpoint, Bucket: srv.Bucket(), Region: srv.Region, Insecure: true,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, Lock: lock,
	}
}

// open creates and initialises a store for cfg.
func open(t testing.TB, cfg s3.Config) *s3.Store {
	t.Helper()
	s, err := s3.New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := s.Init(t.Context()); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return s
}

// rawClient talks to srv directly, bypassing the store, as an adversary or
// an administrator would.
func rawClient(t testing.TB, srv s3test.Server) *minio.Client {
	t.Helper()
	c, err := minio.New(srv.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(srv.AccessKey, srv.SecretKey, ""), Region: srv.Region})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func put(t testing.TB, s archive.Store, key string, data []byte) archive.Info {
	t.Helper()
	info, err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), sha256.Sum256(data))
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
	return info
}

func TestConformance(t *testing.T) {
	srv := s3test.Start(t)
	for _, tc := range []struct {
		name string
		lock s3.LockConfig
	}{
		{"Unlocked", s3.LockConfig{}},
		{"Compliance", s3.LockConfig{Mode: s3.ModeCompliance, Days: 1, LegalHold: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) archive.Store { return open(t, config(srv, tc.lock)) })
		})
	}
}

// TestServerRefusesWrongChecksum shows the refusal comes from the server:
// Put does not hash, so only the server's BadDigest can stop these bytes.
func TestServerRefusesWrongChecksum(t *testing.T) {
	srv := s3test.Start(t)
	s := open(t, config(srv, s3.LockConfig{Mode: s3.ModeCompliance, Days: 1}))
	data := []byte("the bytes that travel")
	_, err := s.Put(t.Context(), "warc/x.warc.gz", bytes.NewReader(data), int64(len(data)), sha256.Sum256([]byte("the bytes we claimed")))
	if !errors.Is(err, archive.ErrCorrupt) {
		t.Fatalf("Put with wrong sum = %v, want ErrCorrupt", err)
	}
	var er minio.ErrorResponse
	if !errors.As(err, &er) || er.Code != "BadDigest" {
		t.Errorf("Put error %v does not carry the server's BadDigest", err)
	}
	if _, err := s.Stat(t.Context(), "warc/x.warc.gz"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("Stat after refused put = %v, want ErrNotFound", err)
	}
}

// TestLockVisible checks retention and legal hold reach the server and come
// back through Stat, with retention counted from the injected clock.
func TestLockVisible(t *testing.T) {
	srv := s3test.Start(t)
	now := time.Now().UTC().Truncate(time.Second).Add(3 * time.Hour)
	cfg := config(srv, s3.LockConfig{Mode: s3.ModeCompliance, Days: 2, LegalHold: true})
	cfg.Now = func() time.Time { return now }
	s := open(t, cfg)
	data := []byte("locked evidence")
	sum := sha256.Sum256(data)
	info := put(t, s, archive.ManifestKey(sum), data)
	st, err := s.Stat(t.Context(), archive.ManifestKey(sum))
	if err != nil {
		t.Fatal(err)
	}
	wantUntil := now.Add(48 * time.Hour)
	for name, in := range map[string]archive.Info{"Put": info, "Stat": st} {
		if in.LockMode != "COMPLIANCE" || !in.RetainUntil.Equal(wantUntil) || !in.LegalHold {
			t.Errorf("%s: lock = %q until %v, hold %v; want COMPLIANCE until %v, hold true", name, in.LockMode, in.RetainUntil, in.LegalHold, wantUntil)
		}
		if in.VersionID == "" {
			t.Errorf("%s: no version ID", name)
		}
	}
	if st.VersionID != info.VersionID {
		t.Errorf("Stat version %q, Put returned %q", st.VersionID, info.VersionID)
	}
	if want := archive.ManifestKey(sum)[len("manifests/") : len("manifests/")+64]; st.SHA256 != want {
		t.Errorf("Stat SHA256 = %q, want the server's record %s", st.SHA256, want)
	}
}

// TestLockedVersionNotDeletable deletes the locked version through the S3
// API, without bypass, as a hostile or careless user with the keys would.
func TestLockedVersionNotDeletable(t *testing.T) {
	srv := s3test.Start(t)
	raw := rawClient(t, srv)
	for _, mode := range []string{s3.ModeCompliance, s3.ModeGovernance} {
		t.Run(mode, func(t *testing.T) {
			cfg := config(srv, s3.LockConfig{Mode: mode, Days: 1})
			s := open(t, cfg)
			data := []byte("do not delete: " + mode)
			info := put(t, s, "log/checkpoints/1", data)
			err := raw.RemoveObject(t.Context(), cfg.Bucket, "log/checkpoints/1", minio.RemoveObjectOptions{VersionID: info.VersionID})
			if err == nil {
				t.Fatalf("deleting locked version %s succeeded", info.VersionID)
			}
			rc, err := s.Open(t.Context(), "log/checkpoints/1")
			if err != nil {
				t.Fatalf("Open after refused delete: %v", err)
			}
			defer rc.Close()
			if got, _ := io.ReadAll(rc); !bytes.Equal(got, data) {
				t.Errorf("after refused delete content = %q, want %q", got, data)
			}
		})
	}
}

// TestNoNewVersion checks a refused overwrite leaves no second version in
// the versioned bucket, not merely the old one as current.
func TestNoNewVersion(t *testing.T) {
	srv := s3test.Start(t)
	cfg := config(srv, s3.LockConfig{Mode: s3.ModeGovernance, Days: 1})
	s := open(t, cfg)
	first := put(t, s, "keys/signer.vkey", []byte("key one"))
	other := []byte("key two")
	_, err := s.Put(t.Context(), "keys/signer.vkey", bytes.NewReader(other), int64(len(other)), sha256.Sum256(other))
	if !errors.Is(err, archive.ErrExists) {
		t.Fatalf("overwrite = %v, want ErrExists", err)
	}
	var versions []string
	for oi := range rawClient(t, srv).ListObjects(t.Context(), cfg.Bucket, minio.ListObjectsOptions{WithVersions: true, Recursive: true}) {
		if oi.Err != nil {
			t.Fatal(oi.Err)
		}
		versions = append(versions, oi.Key+"@"+oi.VersionID)
	}
	if want := "keys/signer.vkey@" + first.VersionID; len(versions) != 1 || versions[0] != want {
		t.Errorf("versions = %q, want only %s", versions, want)
	}
}

func TestInitExistingBucket(t *testing.T) {
	srv := s3test.Start(t)
	cfg := config(srv, s3.LockConfig{Mode: s3.ModeCompliance, Days: 1})
	s := open(t, cfg)
	put(t, s, "log/a", []byte("a"))
	if err := open(t, cfg).Init(t.Context()); err != nil {
		t.Errorf("Init on existing locked bucket: %v", err)
	}

	plain := config(srv, s3.LockConfig{})
	open(t, plain)
	locked := plain
	locked.Lock = s3.LockConfig{Mode: s3.ModeGovernance, Days: 1}
	s, err := s3.New(t.Context(), locked)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init(t.Context()); err == nil || !strings.Contains(err.Error(), "Object Lock") {
		t.Errorf("Init with locking on a bucket without Object Lock = %v, want an error about Object Lock", err)
	}
}

func TestConfig(t *testing.T) {
	good := s3.Config{Endpoint: "127.0.0.1:9", Bucket: "b"}
	if s, err := s3.New(t.Context(), good); err != nil || s.Describe() != "s3://b@127.0.0.1:9" {
		t.Errorf("New(%+v) = %v, %v; want s3://b@127.0.0.1:9", good, s, err)
	}
	for _, cfg := range []s3.Config{
		{Endpoint: "http://127.0.0.1:9", Bucket: "b"},
		{Endpoint: "127.0.0.1:9"},
		{Endpoint: "127.0.0.1:9", Bucket: "b", Lock: s3.LockConfig{Mode: "COMPLIANT", Days: 1}},
		{Endpoint: "127.0.0.1:9", Bucket: "b", Lock: s3.LockConfig{Mode: s3.ModeCompliance}},
		{Endpoint: "127.0.0.1:9", Bucket: "b", Lock: s3.LockConfig{Days: 3}},
	} {
		if _, err := s3.New(t.Context(), cfg); err == nil {
			t.Errorf("New(%+v) succeeded, want a configuration error", cfg)
		}
	}
}

// BenchmarkPut measures a 1 MiB locked Put to versitygw on 127.0.0.1,
// including the HEAD that reads back version and lock state.
func BenchmarkPut(b *testing.B) {
	srv := s3test.Start(b)
	s := open(b, config(srv, s3.LockConfig{Mode: s3.ModeCompliance, Days: 1}))
	data := bytes.Repeat([]byte("evidence"), 1<<17)
	sum := sha256.Sum256(data)
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		i++
		key := fmt.Sprintf("warc/%d.warc.gz", i)
		if _, err := s.Put(b.Context(), key, bytes.NewReader(data), int64(len(data)), sum); err != nil {
			b.Fatal(err)
		}
	}
}
