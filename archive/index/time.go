package index

import (
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// Time is a point in time that is written as RFC 3339 in UTC
// (time.RFC3339Nano), and as "" when unknown (the zero time).
type Time struct{ time.Time }

// String returns the RFC 3339 UTC form, or "" for the zero time.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// MarshalText implements encoding.TextMarshaler.
func (t Time) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// MarshalJSON implements json.Marshaler.
func (t Time) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(t.String())), nil }

// UnmarshalText implements encoding.TextUnmarshaler: "" is the zero time.
func (t *Time) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*t = Time{}
		return nil
	}
	v, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		return fmt.Errorf("time %q: %w", b, err)
	}
	*t = Time{v.UTC()}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("time %s: not a JSON string", b)
	}
	return t.UnmarshalText([]byte(s))
}

// nanos is the stored form of t: Unix nanoseconds, NULL when zero.
func nanos(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

// fromNanos reads a stored time.
func fromNanos(n sql.NullInt64) Time {
	if !n.Valid {
		return Time{}
	}
	return Time{time.Unix(0, n.Int64).UTC()}
}

// parseTime reads a manifest time ("" is the zero time). Manifests are
// validated before they reach the index, so an error here is a bug.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: %w", s, err)
	}
	return t.UTC(), nil
}
