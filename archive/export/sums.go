package export

import (
	"bytes"
	"fmt"
	"strings"
)

// SumsFile is the checksum list of a bundle, in `sha256sum -c` format.
const SumsFile = "SHA256SUMS"

// formatSums writes one "<hex>  <path>" line per file, sorted by path.
func formatSums(files []fileSum) []byte {
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "%s  %s\n", f.SHA256, f.Path)
	}
	return b.Bytes()
}

// parseSums reads a SHA256SUMS file strictly: lines "<64 lowercase hex>
// <two spaces or space and '*'><path>", relative slash paths without
// "..", each path once. It returns the sums by path and the problems of
// malformed lines.
func parseSums(b []byte) (map[string]string, []string) {
	sums := map[string]string{}
	var bad []string
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if line == "" && len(b) == 0 {
			break
		}
		if len(line) < 67 || (line[64:66] != "  " && line[64:66] != " *") || !isHex(line[:64]) {
			bad = append(bad, fmt.Sprintf("line %d is not \"<sha256>  <path>\"", i+1))
			continue
		}
		path := line[66:]
		if path == "" || strings.HasPrefix(path, "/") || strings.Contains(path, "\\") || hasDotDot(path) {
			bad = append(bad, fmt.Sprintf("line %d names %q, not a path inside the bundle", i+1, path))
			continue
		}
		if _, dup := sums[path]; dup {
			bad = append(bad, fmt.Sprintf("line %d lists %s again", i+1, path))
		}
		sums[path] = line[:64]
	}
	return sums, bad
}

func hasDotDot(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." || seg == "" {
			return true
		}
	}
	return false
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
