package crawlertest

import (
	"testing"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

func TestSinkQueries(t *testing.T) {
	var s Sink
	s.Item(manifest.Item{ID: "x:1", Kind: "post", URL: "u1", Author: "x:user/9"})
	s.Item(manifest.Item{ID: "x:user/9", Kind: "account"})
	s.Item(manifest.Item{ID: "x:2", Kind: "post"})
	s.Observe(manifest.Observation{Item: "x:1", Status: "seen", ContentSHA256: "aa"})
	s.Observe(manifest.Observation{Item: "x:1", Status: "changed", ContentSHA256: "bb"})
	if got := s.OfKind("post"); len(got) != 2 || got[0].ID != "x:1" || got[1].ID != "x:2" {
		t.Errorf("OfKind = %v", got)
	}
	if got := s.ByKind("account"); len(got) != 1 || got["x:user/9"].ID == "" {
		t.Errorf("ByKind = %v", got)
	}
	if it, ok := s.Find("x:2"); !ok || it.Kind != "post" {
		t.Errorf("Find = %v %v", it, ok)
	}
	if _, ok := s.Find("x:3"); ok {
		t.Error("Find of a missing id")
	}
	if got := s.ByItem()["x:1"].Status; got != "changed" {
		t.Errorf("ByItem keeps %q, want the last", got)
	}
	refs := s.Refs()
	if len(refs) != 3 || refs[0].ContentSHA256 != "bb" || refs[0].Author != "x:user/9" || refs[0].URL != "u1" {
		t.Errorf("Refs = %+v", refs)
	}
}
