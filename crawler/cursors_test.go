package crawler_test

import (
	"testing"

	"github.com/afterimage-archive/afterimage/crawler"
)

func TestCursorsOf(t *testing.T) {
	c := crawler.CursorsOf(nil)
	c.Set("k", "v")
	if got := c.Get("k"); got != "" {
		t.Errorf("CursorsOf(nil).Get after Set = %q, want \"\"", got)
	}
	m := map[string]string{}
	var own crawler.Cursors = mapCursors(m)
	crawler.CursorsOf(own).Set("k", "v")
	if m["k"] != "v" {
		t.Errorf("CursorsOf(c) does not pass through to c")
	}
}

type mapCursors map[string]string

func (m mapCursors) Get(k string) string { return m[k] }
func (m mapCursors) Set(k, v string)     { m[k] = v }
