package evlog_test

import (
	"context"
	"crypto/x509"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/tsa"
	"github.com/afterimage-archive/afterimage/archive/tsa/tsatest"
)

func TestTimestampCheckpoints(t *testing.T) {
	ctx := context.Background()
	s, root := newLocal(t)
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	cp := appendN(t, l, s, k, 0, 3)

	goodURL, goodRoots, _ := tsatest.Start(t)
	badURL, badRoots, _ := tsatest.Start(t, tsatest.WrongNonce())
	c := &tsa.Client{}
	auths := []tsa.Authority{{URL: goodURL, Roots: goodRoots}, {URL: badURL, Roots: badRoots}, {URL: goodURL, Roots: goodRoots}}
	toks, err := l.Timestamp(ctx, c, auths, cp)
	if err == nil || !strings.Contains(err.Error(), badURL) || !errors.Is(err, tsa.ErrNonce) {
		t.Fatalf("Timestamp error = %v, want one naming %s", err, badURL)
	}
	if len(toks) != 2 {
		t.Fatalf("%d tokens stored, want 2", len(toks))
	}
	// The checkpoint is untouched and the tokens sit beside it.
	if l2, err := evlog.Open(ctx, s, origin, k.verifier); err != nil || l2.Size() != 3 {
		t.Fatalf("Open after a failed TSA: %v", err)
	}
	ders, err := l.Tokens(ctx, 3)
	if err != nil || len(ders) != 2 {
		t.Fatalf("Tokens = %d, %v", len(ders), err)
	}
	for _, der := range ders {
		if _, err := tsa.Verify(der, cp.Note, goodRoots); err != nil {
			t.Error(err)
		}
	}
	for _, key := range []string{"log/checkpoints/3.tsr.0", "log/checkpoints/3.tsr.1"} {
		if _, err := s.Stat(ctx, key); err != nil {
			t.Error(err)
		}
	}
	// A later stamp takes the next number.
	if _, err := l.Timestamp(ctx, c, auths[:1], cp); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stat(ctx, "log/checkpoints/3.tsr.2"); err != nil {
		t.Error(err)
	}

	// Audit re-verifies the tokens with the given roots.
	keys, _, sum := audit(t, s, k, evlog.AuditOptions{CheckTokens: true, TSARoots: goodRoots})
	if len(keys) != 0 || sum.Tokens != 3 {
		t.Fatalf("audit: problems %v, %d tokens", keys, sum.Tokens)
	}
	keys, _, _ = audit(t, s, k, evlog.AuditOptions{CheckTokens: true, TSARoots: x509.NewCertPool()})
	if len(keys) != 3 {
		t.Errorf("audit with untrusted roots: %v", keys)
	}
	// A token whose checkpoint was replaced no longer matches.
	replaceObject(t, root, "log/checkpoints/3", append(signed(t, k, 3, cp.Root), '\n'))
	keys, _, _ = audit(t, s, k, evlog.AuditOptions{CheckTokens: true, TSARoots: goodRoots})
	if !slices.Contains(keys, "log/checkpoints/3.tsr.0") {
		t.Errorf("audit after the checkpoint changed: %v", keys)
	}
}

func TestTimestampUnreachableTSA(t *testing.T) {
	ctx := context.Background()
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	cp := appendN(t, l, s, k, 0, 1)
	url := "http://127.0.0.1:1/tsr"
	_, err := l.Timestamp(ctx, &tsa.Client{}, []tsa.Authority{{URL: url}}, cp)
	if err == nil || !strings.Contains(err.Error(), url) {
		t.Fatalf("err = %v", err)
	}
	if _, err := l.Checkpoint(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// A checkpoint that is not the stored one is refused.
	cp.Note = append(cp.Note, ' ')
	if _, err := l.Timestamp(ctx, &tsa.Client{}, nil, cp); err == nil {
		t.Error("Timestamp accepted a checkpoint that differs from the stored one")
	}
}
