package manifest

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// maxProblems bounds the problems Validate lists before summarising.
const maxProblems = 20

// Validate checks the rules of the format beyond its JSON shape: Kind is
// capture or export (Export set exactly on exports); times are RFC 3339 in
// UTC ("Z"); SHA-256 values are 64 lowercase hex digits and digests are
// "sha256:<hex>"; WARC keys match their hash; records have a known type,
// a WARC index in range and unique ids; item ids are "<platform>:<key>"
// with a known platform matching Platform, unique in Items; item kinds and
// observation statuses are known; every record id an item or observation
// names is one of Records. The error lists every problem (up to 20), each
// prefixed by its field path, e.g. "records[3].sha256: ...".
func (m *Manifest) Validate() error {
	v := &validator{}
	v.manifest(m)
	return v.err()
}

type validator struct {
	problems []string
	dropped  int
}

func (v *validator) addf(path, format string, args ...any) {
	if len(v.problems) == maxProblems {
		v.dropped++
		return
	}
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	msg := "invalid manifest: " + strings.Join(v.problems, "; ")
	if v.dropped > 0 {
		msg += fmt.Sprintf("; and %d more", v.dropped)
	}
	return errors.New(msg)
}

func (v *validator) manifest(m *Manifest) {
	if m.Version != Version {
		v.addf("version", "is %d, want %d", m.Version, Version)
	}
	switch {
	case m.Kind == KindCapture && m.Export != nil:
		v.addf("export", "set on a capture manifest")
	case m.Kind == KindExport && m.Export == nil:
		v.addf("export", "missing on an export manifest")
	case m.Kind != KindCapture && m.Kind != KindExport:
		v.addf("kind", "%q is not capture or export", m.Kind)
	}
	v.context(&m.Context)
	v.time("started", m.Started, true)
	v.time("finished", m.Finished, true)
	for i := range m.WARCs {
		v.warc(fmt.Sprintf("warcs[%d]", i), &m.WARCs[i])
	}
	ids := v.records(m)
	for i, f := range m.Failures {
		p := fmt.Sprintf("failures[%d]", i)
		v.nonEmpty(p+".url", f.URL)
		v.nonEmpty(p+".error", f.Error)
		v.time(p+".at", f.At, true)
	}
	v.items(m.Items, ids)
	for i := range m.Observations {
		v.observation(fmt.Sprintf("observations[%d]", i), &m.Observations[i], ids)
	}
	if m.Export != nil {
		v.export(m.Export)
	}
}

func (v *validator) context(c *Context) {
	v.nonEmpty("context.software", c.Software)
	v.nonEmpty("context.command", c.Command)
	v.hex("context.config_sha256", c.ConfigSHA256, false)
	if c.Robots != "" && c.Robots != "respect" && c.Robots != "ignore" {
		v.addf("context.robots", "%q is not respect or ignore", c.Robots)
	}
	if c.BodyCap < 0 {
		v.addf("context.body_cap", "negative (%d)", c.BodyCap)
	}
	if c.Timeout != "" {
		if _, err := time.ParseDuration(c.Timeout); err != nil {
			v.addf("context.timeout", "%q is not a Go duration", c.Timeout)
		}
	}
}

func (v *validator) warc(p string, w *WARC) {
	v.hex(p+".sha256", w.SHA256, true)
	if want := "warc/" + w.SHA256 + ".warc.gz"; w.Key != want {
		v.addf(p+".key", "%q, want %q", w.Key, want)
	}
	if w.Size < 0 {
		v.addf(p+".size", "negative (%d)", w.Size)
	}
}

// records checks Records and returns the set of their ids.
func (v *validator) records(m *Manifest) map[string]bool {
	ids := make(map[string]bool, len(m.Records))
	for i := range m.Records {
		r := &m.Records[i]
		p := fmt.Sprintf("records[%d]", i)
		if r.WARC < 0 || r.WARC >= len(m.WARCs) {
			v.addf(p+".warc", "index %d out of range (%d warcs)", r.WARC, len(m.WARCs))
		}
		switch {
		case r.ID == "":
			v.addf(p+".id", "empty")
		case ids[r.ID]:
			v.addf(p+".id", "duplicate record id %q", r.ID)
		}
		ids[r.ID] = true
		v.oneOf(p+".type", r.Type, "warcinfo", "request", "response", "resource", "metadata")
		if r.Offset < 0 || r.Length <= 0 {
			v.addf(p, "bad offset %d or length %d", r.Offset, r.Length)
		}
		v.hex(p+".sha256", r.SHA256, true)
		v.digest(p+".block_digest", r.BlockDigest, true)
		v.digest(p+".payload_digest", r.PayloadDigest, false)
		v.httpStatus(p+".status", r.Status)
		v.oneOf(p+".truncated", r.Truncated, "", "length", "time", "disconnect", "unspecified")
		v.time(p+".fetch_start", r.FetchStart, false)
		v.time(p+".fetch_end", r.FetchEnd, false)
	}
	return ids
}

func (v *validator) items(items []Item, ids map[string]bool) {
	seen := make(map[string]int, len(items))
	for i := range items {
		it := &items[i]
		p := fmt.Sprintf("items[%d]", i)
		platform := v.itemID(p+".id", it.ID)
		if j, dup := seen[it.ID]; dup {
			v.addf(p+".id", "duplicate of items[%d]", j)
		}
		seen[it.ID] = i
		if platform != "" && it.Platform != platform {
			v.addf(p+".platform", "%q does not match the id's platform %q", it.Platform, platform)
		}
		v.oneOf(p+".kind", it.Kind, ItemPost, ItemAccount, ItemPage)
		for j, tag := range it.Tags {
			v.nonEmpty(fmt.Sprintf("%s.tags[%d]", p, j), tag)
		}
		v.time(p+".created_at", it.CreatedAt, false)
		if it.Author != "" {
			v.itemID(p+".author", it.Author)
		}
		if it.Account != nil {
			v.account(p+".account", it.Kind, it.Account)
		}
		v.recordRefs(p+".records", it.Records, ids)
	}
}

func (v *validator) account(p, kind string, a *Account) {
	if kind != ItemAccount {
		v.addf(p, "set on a %q item", kind)
	}
	v.time(p+".created_at", a.CreatedAt, false)
	if a.Followers < 0 || a.Following < 0 || a.Posts < 0 {
		v.addf(p, "negative count")
	}
}

func (v *validator) observation(p string, o *Observation, ids map[string]bool) {
	v.itemID(p+".item", o.Item)
	v.oneOf(p+".status", o.Status, StatusSeen, StatusChanged, StatusMissing,
		StatusSuspended, StatusWithheld, StatusUnavailable)
	v.time(p+".at", o.At, true)
	v.httpStatus(p+".http_status", o.HTTPStatus)
	v.hex(p+".content_sha256", o.ContentSHA256, false)
	v.recordRefs(p+".records", o.Records, ids)
}

func (v *validator) export(e *Export) {
	v.nonEmpty("export.bundle", e.Bundle)
	v.hex("export.sha256", e.SHA256, true)
	for i, id := range e.Items {
		v.itemID(fmt.Sprintf("export.items[%d]", i), id)
	}
	for i, c := range e.Captures {
		v.hex(fmt.Sprintf("export.captures[%d]", i), c, true)
	}
}
