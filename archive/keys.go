package archive

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Key prefixes of the storage layout, identical on every store.
const (
	PrefixWARC        = "warc/"
	PrefixManifests   = "manifests/"
	PrefixLog         = "log/"
	PrefixCheckpoints = "log/checkpoints/"
	PrefixKeys        = "keys/"
	PrefixExports     = "exports/"
)

// WARCKey is the key of a sealed WARC file with the given SHA-256.
func WARCKey(sum [32]byte) string { return PrefixWARC + hex.EncodeToString(sum[:]) + ".warc.gz" }

// ManifestKey is the key of a manifest with the given SHA-256.
func ManifestKey(sum [32]byte) string { return PrefixManifests + hex.EncodeToString(sum[:]) + ".json" }

// KeyName is the key of the public verifier key of the log signer.
func KeyName(name string) string { return PrefixKeys + name + ".vkey" }

// ParseHashKey returns the SHA-256 named by a content-addressed key
// (warc/<hex>.warc.gz or manifests/<hex>.json). ok is false for other keys.
func ParseHashKey(key string) (sum [32]byte, ok bool) {
	var name string
	switch {
	case strings.HasPrefix(key, PrefixWARC) && strings.HasSuffix(key, ".warc.gz"):
		name = strings.TrimSuffix(strings.TrimPrefix(key, PrefixWARC), ".warc.gz")
	case strings.HasPrefix(key, PrefixManifests) && strings.HasSuffix(key, ".json"):
		name = strings.TrimSuffix(strings.TrimPrefix(key, PrefixManifests), ".json")
	default:
		return sum, false
	}
	if len(name) != 64 || strings.ToLower(name) != name {
		return sum, false
	}
	if _, err := hex.Decode(sum[:], []byte(name)); err != nil {
		return sum, false
	}
	return sum, true
}

// ParseHex parses 64 lowercase hex digits into a SHA-256.
func ParseHex(s string) ([32]byte, error) {
	var sum [32]byte
	if len(s) != 64 || strings.ToLower(s) != s {
		return sum, fmt.Errorf("not a lowercase hex SHA-256: %q", s)
	}
	if _, err := hex.Decode(sum[:], []byte(s)); err != nil {
		return sum, fmt.Errorf("not a lowercase hex SHA-256: %q", s)
	}
	return sum, nil
}

// CheckKey refuses keys that a directory store could not hold the same way
// as a bucket, so every store accepts the same keys: empty keys and
// segments, "." and "..", a leading or trailing slash, backslashes, NUL
// bytes, and a first segment starting with "." (reserved for a store's
// own files, such as the local store's .tmp).
func CheckKey(key string) error {
	if key == "" {
		return fmt.Errorf("invalid key %q: empty", key)
	}
	if strings.ContainsAny(key, "\\\x00") {
		return fmt.Errorf("invalid key %q: backslash or NUL byte", key)
	}
	for i, seg := range strings.Split(key, "/") {
		switch {
		case seg == "":
			return fmt.Errorf("invalid key %q: empty path segment or leading/trailing slash", key)
		case seg == "." || seg == "..":
			return fmt.Errorf("invalid key %q: %q segment", key, seg)
		case i == 0 && strings.HasPrefix(seg, "."):
			return fmt.Errorf("invalid key %q: names starting with '.' are reserved for the store", key)
		}
	}
	return nil
}
