package evlog_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
)

func TestLoadOrCreateKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	signer, vkey, created, err := evlog.LoadOrCreateKey(dir, origin)
	if err != nil || !created {
		t.Fatalf("first LoadOrCreateKey: created %v, %v", created, err)
	}
	fi, err := os.Stat(filepath.Join(dir, evlog.KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", fi, err)
	}
	signer2, vkey2, created, err := evlog.LoadOrCreateKey(dir, origin)
	if err != nil || created || vkey2 != vkey || signer2.KeyHash() != signer.KeyHash() {
		t.Fatalf("second LoadOrCreateKey: %q created %v, %v", vkey2, created, err)
	}
	// The derived vkey verifies what the loaded signer signs.
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := note.Sign(&note.Note{Text: "x\n"}, signer2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Open(msg, note.VerifierList(v)); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := evlog.LoadOrCreateKey(dir, "other.example/log"); err == nil || !strings.Contains(err.Error(), origin) {
		t.Errorf("key for another origin: %v", err)
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), evlog.KeyFile), []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, evlog.KeyFile), []byte("PRIVATE+KEY+junk\n"), 0o600)
	if _, _, _, err := evlog.LoadOrCreateKey(bad, origin); err == nil {
		t.Error("malformed key file accepted")
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(evlog.KeyHash(vkey)) {
		t.Errorf("KeyHash = %q", evlog.KeyHash(vkey))
	}
}

func TestPublishKey(t *testing.T) {
	ctx := context.Background()
	s, _ := newLocal(t)
	k := newKey(t, origin)
	for range 2 { // publishing twice is fine
		if err := evlog.PublishKey(ctx, s, k.vkey); err != nil {
			t.Fatal(err)
		}
	}
	got, err := evlog.ReadPublishedKey(ctx, s, origin)
	if err != nil || got != k.vkey {
		t.Fatalf("ReadPublishedKey = %q, %v", got, err)
	}
	if _, err := s.Stat(ctx, archive.KeyName(origin)); err != nil {
		t.Fatal(err)
	}
	other := newKey(t, origin)
	if err := evlog.PublishKey(ctx, s, other.vkey); !errors.Is(err, archive.ErrCorrupt) {
		t.Errorf("publishing another key for the origin: %v", err)
	}
	if _, err := evlog.ReadPublishedKey(ctx, s, "nobody.example/log"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("missing key: %v", err)
	}
	if _, _, err := evlog.GenerateKey("bad name"); err == nil {
		t.Error("GenerateKey accepted a name with a space")
	}
}
