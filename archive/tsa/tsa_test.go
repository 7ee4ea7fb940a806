package tsa_test

import (
	"context"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digitorus/timestamp"

	"github.com/afterimage-archive/afterimage/archive/tsa"
	"github.com/afterimage-archive/afterimage/archive/tsa/tsatest"
)

var data = []byte("example.org/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")

func TestStampAndVerify(t *testing.T) {
	url, roots, rootPEM := tsatest.Start(t)
	received := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	c := &tsa.Client{Now: func() time.Time { return received }}
	tok, err := c.Stamp(context.Background(), tsa.Authority{URL: url, Roots: roots}, data)
	if err != nil {
		t.Fatal(err)
	}
	if tok.TSA != url || !tok.Received.Equal(received) || tok.Serial == nil || !strings.Contains(tok.Signer, "afterimage test TSA") {
		t.Errorf("token = %+v", tok)
	}
	if d := time.Since(tok.GenTime); d < -time.Minute || d > time.Minute {
		t.Errorf("genTime %v is not now", tok.GenTime)
	}
	// Offline, with the root loaded from PEM as a verifier would.
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(rootPEM) {
		t.Fatal("root PEM does not parse")
	}
	info, err := tsa.Verify(tok.DER, data, pool)
	if err != nil {
		t.Fatal(err)
	}
	if !info.GenTime.Equal(tok.GenTime) || len(info.Chain) != 2 || info.Nonce == nil {
		t.Errorf("info = %+v", info)
	}
	// The same token dates nothing else.
	if _, err := tsa.Verify(tok.DER, append([]byte("x"), data...), pool); !errors.Is(err, tsa.ErrImprint) {
		t.Errorf("other data: err = %v, want ErrImprint", err)
	}
	// And is not trusted under another root.
	_, other, _ := tsatest.Start(t)
	if _, err := tsa.Verify(tok.DER, data, other); !errors.Is(err, tsa.ErrChain) {
		t.Errorf("other root: err = %v, want ErrChain", err)
	}
}

func TestStampRefusesMisbehavingTSA(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  tsatest.Option
		want error
	}{
		{"wrong nonce", tsatest.WrongNonce(), tsa.ErrNonce},
		{"wrong imprint", tsatest.WrongImprint(), tsa.ErrImprint},
		{"non-critical EKU", tsatest.NonCriticalEKU(), tsa.ErrEKU},
		{"extra EKU", tsatest.ExtraEKU(), tsa.ErrEKU},
		{"untrusted CA", tsatest.UntrustedCA(), tsa.ErrChain},
		{"rejection", tsatest.Status(timestamp.Rejection), tsa.ErrStatus},
		{"no certificate", tsatest.OmitCertificate(), tsa.ErrSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, roots, _ := tsatest.Start(t, tc.opt)
			c := &tsa.Client{}
			_, err := c.Stamp(context.Background(), tsa.Authority{URL: url, Roots: roots}, data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), url) {
				t.Errorf("error %q does not name the TSA URL", err)
			}
		})
	}
}

func TestStampTransportErrors(t *testing.T) {
	srv := httptest.NewServer(nil) // answers 404
	defer srv.Close()
	c := &tsa.Client{}
	if _, err := c.Stamp(context.Background(), tsa.Authority{URL: srv.URL}, data); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: err = %v", err)
	}
	closed := httptest.NewServer(nil)
	closed.Close()
	if _, err := c.Stamp(context.Background(), tsa.Authority{URL: closed.URL}, data); err == nil || !strings.Contains(err.Error(), closed.URL) {
		t.Errorf("refused: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	url, roots, _ := tsatest.Start(t)
	if _, err := c.Stamp(ctx, tsa.Authority{URL: url, Roots: roots}, data); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestChainCheckedAtGenTime(t *testing.T) {
	t.Parallel()
	// A TSA whose certificates expire two seconds after Start: the token
	// stays valid after they expire, because the chain is checked at
	// genTime, not at verification time.
	url, roots, _ := tsatest.Start(t, tsatest.ValidFor(2*time.Second))
	c := &tsa.Client{}
	tok, err := c.Stamp(context.Background(), tsa.Authority{URL: url, Roots: roots}, data)
	if err != nil {
		t.Fatal(err)
	}
	info, err := tsa.Verify(tok.DER, data, roots)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Until(info.Signer.NotAfter.Add(10 * time.Millisecond)))
	if _, err := info.Signer.Verify(x509.VerifyOptions{Roots: roots}); err == nil {
		t.Fatal("the TSA certificate should have expired by now")
	}
	if _, err := tsa.Verify(tok.DER, data, roots); err != nil {
		t.Errorf("after the TSA certificate expired: %v", err)
	}
}

func TestGenTimeOutsideValidityRefused(t *testing.T) {
	// The certificates are made at Start for one hour; the TSA then claims
	// a genTime three days later, when they are no longer valid.
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	url, roots, _ := tsatest.Start(t, tsatest.ValidFor(time.Hour),
		tsatest.Clock(func() time.Time { return time.Unix(0, clock.Load()) }))
	clock.Add(int64(72 * time.Hour))
	c := &tsa.Client{}
	if _, err := c.Stamp(context.Background(), tsa.Authority{URL: url, Roots: roots}, data); !errors.Is(err, tsa.ErrChain) {
		t.Errorf("err = %v, want ErrChain", err)
	}
}

func TestVerifyRejectsGarbage(t *testing.T) {
	for _, der := range [][]byte{nil, []byte("not DER"), {0x30, 0x03, 0x02, 0x01, 0x00}} {
		if _, err := tsa.Verify(der, data, nil); err == nil {
			t.Errorf("Verify(%x) succeeded", der)
		}
	}
}

func TestVerifyBareToken(t *testing.T) {
	url, roots, _ := tsatest.Start(t)
	tok, err := (&tsa.Client{}).Stamp(context.Background(), tsa.Authority{URL: url, Roots: roots}, data)
	if err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Status asn1.RawValue
		Token  asn1.RawValue
	}
	if _, err := asn1.Unmarshal(tok.DER, &resp); err != nil {
		t.Fatal(err)
	}
	if _, err := tsa.Verify(resp.Token.FullBytes, data, roots); err != nil {
		t.Errorf("bare token: %v", err)
	}
	// A flipped byte inside the signed content breaks the signature.
	bad := append([]byte(nil), tok.DER...)
	bad[len(bad)/2] ^= 1
	if _, err := tsa.Verify(bad, data, roots); err == nil {
		t.Error("a corrupted token verified")
	}
}
