package crawler

import (
	"crypto/sha256"
	"encoding/hex"
)

// HashLines is the hex SHA-256 of first followed by "\n" and each of rest:
// the content hash the reddit, x and telegram sources give an item made
// of several text fields.
func HashLines(first string, rest ...string) string {
	h := sha256.New()
	h.Write([]byte(first))
	for _, r := range rest {
		h.Write([]byte("\n" + r))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// HashParts is the hex SHA-256 of parts joined by NUL bytes: the content
// hash the mastodon and bluesky sources give an item (their package
// comments list the parts).
func HashParts(parts []string) string {
	h := sha256.New()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}
