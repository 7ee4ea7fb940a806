package crawler

import (
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// Stamp formats the time now gives as an observation time: RFC 3339 in
// UTC with as many fractional digits as the time needs.
func Stamp(now func() time.Time) string { return now().UTC().Format(time.RFC3339Nano) }

// SeenStatus is the status of an item found live with content hash hash:
// "changed" when prev (the hash last seen) is known and differs, else
// "seen".
func SeenStatus(hash, prev string) string {
	if prev != "" && prev != hash {
		return "changed"
	}
	return "seen"
}

// Decide returns o with its outcome set: status, detail and the time now
// gives, and no content hash (a decision other than seen or changed says
// nothing about the content).
func Decide(o manifest.Observation, now func() time.Time, status, detail string) manifest.Observation {
	o.Status, o.Detail, o.At, o.ContentSHA256 = status, detail, Stamp(now), ""
	return o
}

// DecideSeen returns o decided as a live item with content hash hash:
// "seen", or "changed" when prev is known and differs (see SeenStatus),
// with no detail and the time now gives.
func DecideSeen(o manifest.Observation, now func() time.Time, hash, prev string) manifest.Observation {
	o = Decide(o, now, SeenStatus(hash, prev), "")
	o.ContentSHA256 = hash
	return o
}
