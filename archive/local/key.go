package local

import (
	"fmt"
	"strings"
)

// tmpDir is the directory under the root that holds files being written;
// no key may name it.
const tmpDir = ".tmp"

// checkKey refuses keys that could escape the root, alias another key or
// name the temporary directory: empty keys and segments, "." and "..",
// a leading or trailing slash, backslashes and NUL bytes.
func checkKey(key string) error {
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
		case i == 0 && seg == tmpDir:
			return fmt.Errorf("invalid key %q: %s is reserved for writes in progress", key, tmpDir)
		}
	}
	return nil
}
