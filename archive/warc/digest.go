package warc

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// ParseDigest parses a labelled SHA-256 digest as found in WARC files:
// "sha256:" (also "sha-256:", any case) followed by the 32-byte value in
// Base16, Base32 or Base64, told apart by length. It fails on any other
// algorithm or a malformed value.
func ParseDigest(s string) ([32]byte, error) {
	var sum [32]byte
	alg, val, ok := strings.Cut(s, ":")
	if !ok {
		return sum, fmt.Errorf("digest %q: no algorithm label", s)
	}
	if a := strings.ReplaceAll(strings.ToLower(alg), "-", ""); a != "sha256" {
		return sum, fmt.Errorf("digest %q: unsupported algorithm %q", s, alg)
	}
	var b []byte
	var err error
	switch len(strings.TrimRight(val, "=")) {
	case 64:
		b, err = hex.DecodeString(val)
	case 52:
		b, err = base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(val, "=")))
	case 43:
		b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(val, "="))
		if err != nil {
			b, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(val, "="))
		}
	default:
		err = fmt.Errorf("length %d fits no encoding", len(val))
	}
	if err != nil || len(b) != 32 {
		return sum, fmt.Errorf("digest %q: malformed value: %v", s, err)
	}
	copy(sum[:], b)
	return sum, nil
}

// checkDigest compares a declared digest field with a computed SHA-256 and
// returns the finding to report, if any.
func checkDigest(field, declared string, sum []byte, mismatch Kind) *Finding {
	want, err := ParseDigest(declared)
	if err != nil {
		return &Finding{Kind: KindBadDigest, Detail: field + ": " + err.Error()}
	}
	if !bytes.Equal(want[:], sum) {
		return &Finding{Kind: mismatch, Detail: fmt.Sprintf("%s %s, computed %s", field, declared, SHA256Digest(sum))}
	}
	return nil
}
