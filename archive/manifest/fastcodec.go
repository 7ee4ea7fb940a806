package manifest

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// encodeManifest writes the RFC 8785 canonical JSON of a normalised
// manifest directly from the structs: the same bytes as Canonical gives
// for it (a test holds the two to each other), without reflection or an
// intermediate generic value. Keys are written in sorted order (all keys
// are ASCII, so byte order is UTF-16 order).
func encodeManifest(m *Manifest) ([]byte, error) {
	e := encoder{buf: make([]byte, 0, 512+300*len(m.Records)+400*len(m.Items))}
	e.open()
	e.key("context")
	e.context(&m.Context)
	if m.Export != nil {
		e.key("export")
		e.export(m.Export)
	}
	e.key("failures")
	e.list(len(m.Failures), func(i int) { e.failure(&m.Failures[i]) })
	e.str("finished", m.Finished)
	e.key("items")
	e.list(len(m.Items), func(i int) { e.item(&m.Items[i]) })
	e.str("kind", m.Kind)
	e.key("observations")
	e.list(len(m.Observations), func(i int) { e.observation(&m.Observations[i]) })
	e.key("records")
	e.list(len(m.Records), func(i int) { e.record(&m.Records[i]) })
	e.str("started", m.Started)
	e.num("version", int64(m.Version))
	e.key("warcs")
	e.list(len(m.WARCs), func(i int) { e.warc(&m.WARCs[i]) })
	e.close()
	return e.buf, e.err
}

type encoder struct {
	buf   []byte
	err   error
	first bool // no member written yet in the current object
}

func (e *encoder) open() { e.buf = append(e.buf, '{'); e.first = true }

func (e *encoder) close() { e.buf = append(e.buf, '}'); e.first = false }

func (e *encoder) key(k string) {
	if !e.first {
		e.buf = append(e.buf, ',')
	}
	e.first = false
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, k...)
	e.buf = append(e.buf, '"', ':')
}

func (e *encoder) str(k, v string) { e.key(k); e.string(v) }

func (e *encoder) strs(k string, vs []string) {
	e.key(k)
	e.list(len(vs), func(i int) { e.string(vs[i]) })
}

func (e *encoder) num(k string, v int64) {
	e.key(k)
	if v > maxSafeInt || v < -maxSafeInt {
		e.fail(fmt.Errorf("%s: integer %d beyond ±2^53", k, v))
	}
	e.buf = strconv.AppendInt(e.buf, v, 10)
}

func (e *encoder) boolean(k string, v bool) { e.key(k); e.buf = strconv.AppendBool(e.buf, v) }

func (e *encoder) list(n int, elem func(int)) {
	e.buf = append(e.buf, '[')
	for i := range n {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		elem(i)
	}
	e.buf = append(e.buf, ']')
	e.first = false
}

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

const maxSafeInt = 1<<53 - 1

// string writes s with RFC 8785 (ECMAScript) escaping: only '"', '\\' and
// control characters are escaped, \b \t \n \f \r in short form.
func (e *encoder) string(s string) {
	if !utf8.ValidString(s) {
		e.fail(errors.New("string is not valid UTF-8"))
	}
	e.buf = append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		e.buf = append(e.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			e.buf = append(e.buf, '\\', c)
		case '\b':
			e.buf = append(e.buf, '\\', 'b')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\f':
			e.buf = append(e.buf, '\\', 'f')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		default:
			const hex = "0123456789abcdef"
			e.buf = append(e.buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	e.buf = append(e.buf, s[start:]...)
	e.buf = append(e.buf, '"')
}

func (e *encoder) context(c *Context) {
	e.open()
	e.num("body_cap", c.BodyCap)
	e.str("command", c.Command)
	e.str("config_sha256", c.ConfigSHA256)
	e.str("hostname", c.Hostname)
	e.strs("redactions", c.Redactions)
	e.str("robots", c.Robots)
	e.str("software", c.Software)
	e.str("target", c.Target)
	e.str("timeout", c.Timeout)
	e.str("user_agent", c.UserAgent)
	e.close()
}

func (e *encoder) export(x *Export) {
	e.open()
	e.str("bundle", x.Bundle)
	e.strs("captures", x.Captures)
	e.str("filter", x.Filter)
	e.strs("items", x.Items)
	e.str("sha256", x.SHA256)
	e.close()
}

func (e *encoder) failure(f *Failure) {
	e.open()
	e.str("at", f.At)
	e.str("error", f.Error)
	e.str("url", f.URL)
	e.close()
}

func (e *encoder) item(it *Item) {
	e.open()
	if it.Account != nil {
		e.key("account")
		e.account(it.Account)
	}
	e.str("author", it.Author)
	e.str("created_at", it.CreatedAt)
	e.str("id", it.ID)
	e.str("kind", it.Kind)
	e.strs("media", it.Media)
	e.str("platform", it.Platform)
	e.strs("records", it.Records)
	e.strs("tags", it.Tags)
	e.str("text", it.Text)
	e.str("url", it.URL)
	e.close()
}

func (e *encoder) account(a *Account) {
	e.open()
	e.str("avatar_url", a.AvatarURL)
	e.str("created_at", a.CreatedAt)
	e.boolean("default_avatar", a.DefaultAvatar)
	e.str("display_name", a.DisplayName)
	e.num("followers", a.Followers)
	e.num("following", a.Following)
	e.str("handle", a.Handle)
	e.num("posts", a.Posts)
	e.close()
}

func (e *encoder) observation(o *Observation) {
	e.open()
	e.str("at", o.At)
	e.str("content_sha256", o.ContentSHA256)
	e.str("detail", o.Detail)
	e.num("http_status", int64(o.HTTPStatus))
	e.str("item", o.Item)
	e.strs("records", o.Records)
	e.str("status", o.Status)
	e.close()
}

func (e *encoder) record(r *Record) {
	e.open()
	e.str("block_digest", r.BlockDigest)
	e.str("concurrent_to", r.ConcurrentTo)
	e.str("content_type", r.ContentType)
	e.str("fetch_end", r.FetchEnd)
	e.str("fetch_start", r.FetchStart)
	e.str("id", r.ID)
	e.str("ip_address", r.IPAddress)
	e.num("length", r.Length)
	e.num("offset", r.Offset)
	e.str("payload_digest", r.PayloadDigest)
	e.str("sha256", r.SHA256)
	e.num("status", int64(r.Status))
	e.str("target_uri", r.TargetURI)
	e.str("truncated", r.Truncated)
	e.str("type", r.Type)
	e.num("warc", int64(r.WARC))
	e.close()
}

func (e *encoder) warc(w *WARC) {
	e.open()
	e.str("key", w.Key)
	e.str("sha256", w.SHA256)
	e.num("size", w.Size)
	e.str("version_id", w.VersionID)
	e.close()
}
