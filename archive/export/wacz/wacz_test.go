package wacz

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestSignRawRSVerifiesWithStdlib(t *testing.T) {
	hash := "sha256:" + strings.Repeat("ab", 32)
	sig, pub, err := Sign(rand.Reader, hash)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sig)
	if len(raw) != 96 {
		t.Fatalf("signature is %d bytes, want raw r||s of 96", len(raw))
	}
	// Independent check: crypto/ecdsa with r and s taken from the raw form.
	spki, _ := base64.StdEncoding.DecodeString(pub)
	k, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		t.Fatal(err)
	}
	ek := k.(*ecdsa.PublicKey)
	if ek.Curve.Params().Name != "P-384" {
		t.Fatalf("curve %s", ek.Curve.Params().Name)
	}
	d := sha256.Sum256([]byte(hash))
	if !ecdsaVerifyRaw(ek, d[:], raw) {
		t.Fatal("raw r||s does not verify over SHA-256 of the hash string")
	}
	if err := Verify(hash, sig, pub); err != nil {
		t.Fatal(err)
	}
	if err := Verify("sha256:"+strings.Repeat("cd", 32), sig, pub); err == nil {
		t.Fatal("signature verified over another hash")
	}
}

func TestVerifyRefusesDER(t *testing.T) {
	hash := "sha256:" + strings.Repeat("01", 32)
	_, pub, _ := Sign(rand.Reader, hash)
	der := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x30}, 103))
	if err := Verify(hash, der, pub); err == nil || !strings.Contains(err.Error(), "r‖s") {
		t.Fatalf("DER-sized signature: %v", err)
	}
}

func TestSURT(t *testing.T) {
	cases := map[string]string{
		"https://www.Example.org/Path/A?b=2&a=1#frag": "org,example)/path/a?a=1&b=2",
		"http://mastodon.social:80/@user/1":           "social,mastodon)/@user/1",
		"https://127.0.0.1:8443/x":                    "1,0,0,127:8443)/x",
		"https://t.me":                                "me,t)/",
	}
	for in, want := range cases {
		if got := SURT(in); got != want {
			t.Errorf("SURT(%q) = %q, want %q", in, got, want)
		}
	}
	e := IndexEntry{URL: "https://t.me/c/1", Date: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Filename: "a.warc.gz",
		Offset: 10, Length: 20, Status: 200, Mime: "text/html", RecordDigest: "sha256:00"}
	want := `me,t)/c/1 20260102030405 {"url":"https://t.me/c/1","mime":"text/html","filename":"a.warc.gz","offset":"10","length":"20","status":"200","recordDigest":"sha256:00"}` + "\n"
	if got := e.Line(); got != want {
		t.Errorf("line\n%s want\n%s", got, want)
	}
}
