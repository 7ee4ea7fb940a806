package wacz

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// IndexEntry is one CDXJ line: a response or resource record of a WARC in
// the WACZ.
type IndexEntry struct {
	URL          string
	Date         time.Time // WARC-Date
	Digest       string    // WARC-Payload-Digest, "" if none
	Mime         string    // media type of the payload, without parameters
	Filename     string    // the WARC's name inside archive/
	Offset       int64     // of the record's gzip member in that WARC
	Length       int64     // of the gzip member
	Status       int       // HTTP status, 0 for resource records
	RecordDigest string    // "sha256:<hex>" of the gzip member
}

// cdxjFields is the JSON block of a CDXJ line, in the order written.
type cdxjFields struct {
	URL          string `json:"url"`
	Digest       string `json:"digest,omitempty"`
	Mime         string `json:"mime,omitempty"`
	Filename     string `json:"filename"`
	Offset       string `json:"offset"`
	Length       string `json:"length"`
	Status       string `json:"status,omitempty"`
	RecordDigest string `json:"recordDigest"`
}

// Line formats the entry as a CDXJ line (with its trailing newline):
// "<surt> <YYYYMMDDhhmmss> {json}". Offsets, lengths and status are JSON
// strings, as cdxj-indexer writes them.
func (e IndexEntry) Line() string {
	f := cdxjFields{URL: e.URL, Digest: e.Digest, Mime: e.Mime, Filename: e.Filename,
		Offset: strconv.FormatInt(e.Offset, 10), Length: strconv.FormatInt(e.Length, 10),
		RecordDigest: e.RecordDigest}
	if e.Status != 0 {
		f.Status = strconv.Itoa(e.Status)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(f) // strings and ints only: cannot fail
	return SURT(e.URL) + " " + Timestamp14(e.Date) + " " + b.String()
}

// Timestamp14 formats t as the 14-digit UTC timestamp of CDX lines.
func Timestamp14(t time.Time) string { return t.UTC().Format("20060102150405") }

// SortEntries orders entries by SURT key, then timestamp, then file and
// offset: the order of a CDXJ index.
func SortEntries(es []IndexEntry) {
	type keyed struct {
		key string
		e   IndexEntry
	}
	ks := make([]keyed, len(es))
	for i, e := range es {
		ks[i] = keyed{SURT(e.URL) + " " + Timestamp14(e.Date), e}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.key != b.key {
			return a.key < b.key
		}
		if a.e.Filename != b.e.Filename {
			return a.e.Filename < b.e.Filename
		}
		return a.e.Offset < b.e.Offset
	})
	for i := range ks {
		es[i] = ks[i].e
	}
}

// SURT returns the Sort-friendly URI Reordering Transform of u, as
// pywb/cdxj-indexer key it: scheme and "www." dropped, host labels
// reversed and joined by commas, default ports dropped, then ")" and the
// path and query, lower-cased, query parameters sorted, fragment dropped.
// A URL that does not parse is returned lower-cased.
func SURT(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	host = strings.TrimPrefix(host, "www.")
	labels := strings.Split(host, ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	key := strings.Join(labels, ",")
	if p := u.Port(); p != "" && !(p == "80" && u.Scheme == "http") && !(p == "443" && u.Scheme == "https") {
		key += ":" + p
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	key += ")" + path
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		sort.Strings(params)
		key += "?" + strings.Join(params, "&")
	}
	return strings.ToLower(key)
}

// parseLine splits a CDXJ line into its key, timestamp and fields.
func parseLine(line string) (key, ts string, f cdxjFields, err error) {
	key, rest, ok1 := strings.Cut(line, " ")
	ts, js, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 {
		return "", "", f, errBadLine
	}
	if err := json.Unmarshal([]byte(js), &f); err != nil {
		return "", "", f, err
	}
	return key, ts, f, nil
}
