package manifest

import (
	"fmt"
	"strings"
)

// Manifest kinds.
const (
	KindCapture = "capture" // collect, capture and recheck runs
	KindExport  = "export"  // an export event
)

// Item kinds.
const (
	ItemPost    = "post"
	ItemAccount = "account"
	ItemPage    = "page"
)

// Observation statuses.
const (
	StatusSeen        = "seen"
	StatusChanged     = "changed"
	StatusMissing     = "missing"
	StatusSuspended   = "suspended"
	StatusWithheld    = "withheld"
	StatusUnavailable = "unavailable"
)

// KnownPlatform reports whether p is a platform afterimage collects from:
// web, mastodon, bluesky, telegram, x or reddit.
func KnownPlatform(p string) bool {
	switch p {
	case "web", "mastodon", "bluesky", "telegram", "x", "reddit":
		return true
	}
	return false
}

// SplitItemID splits an item id "<platform>:<key>" into its platform and
// key. It returns an error when the id has no colon, an unknown platform
// or an empty key.
func SplitItemID(id string) (platform, key string, err error) {
	platform, key, ok := strings.Cut(id, ":")
	switch {
	case !ok:
		return "", "", fmt.Errorf("item id %q is not <platform>:<key>", id)
	case !KnownPlatform(platform):
		return "", "", fmt.Errorf("item id %q: unknown platform %q", id, platform)
	case key == "":
		return "", "", fmt.Errorf("item id %q: empty key", id)
	}
	return platform, key, nil
}
