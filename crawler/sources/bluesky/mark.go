package bluesky

import (
	"slices"
	"strings"
	"time"
)

// mark is the incremental position of a tag search: the newest sortAt
// collected and the uris of the posts at exactly that time. Its string
// form (the cursor value) is the RFC 3339 time followed by the uris,
// space separated.
type mark struct {
	at   time.Time
	uris []string
}

// parseMark parses a cursor value; anything unparsable is no mark.
func parseMark(s string) mark {
	f := strings.Fields(s)
	if len(f) == 0 {
		return mark{}
	}
	t, err := time.Parse(time.RFC3339Nano, f[0])
	if err != nil {
		return mark{}
	}
	return mark{at: t.UTC(), uris: f[1:]}
}

func (m mark) String() string {
	if m.at.IsZero() {
		return ""
	}
	return strings.Join(append([]string{m.at.Format(time.RFC3339Nano)}, m.uris...), " ")
}

func (m mark) set() bool { return !m.at.IsZero() }

func (m mark) has(uri string) bool { return slices.Contains(m.uris, uri) }

// add moves the mark to a post at time at, if it is not older.
func (m *mark) add(at time.Time, uri string) {
	switch {
	case at.After(m.at):
		m.at, m.uris = at, []string{uri}
	case at.Equal(m.at) && !m.has(uri):
		m.uris = append(m.uris, uri)
	}
}

// merge returns the newer of m and n, with both uri lists when they are
// at the same time.
func (m mark) merge(n mark) mark {
	out := mark{at: m.at, uris: slices.Clone(m.uris)}
	for _, u := range n.uris {
		out.add(n.at, u)
	}
	return out
}
