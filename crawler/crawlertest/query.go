package crawlertest

import (
	"strings"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// Count returns how many requests made so far contain substr.
func (f *Fetcher) Count(substr string) int {
	n := 0
	for _, r := range f.Requests() {
		if strings.Contains(r, substr) {
			n++
		}
	}
	return n
}

// OfKind returns the items of a kind (post, account, page) in the order
// they were reported.
func (s *Sink) OfKind(kind string) []manifest.Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []manifest.Item
	for _, it := range s.Items {
		if it.Kind == kind {
			out = append(out, it)
		}
	}
	return out
}

// ByKind returns the items of a kind by id (the last report wins).
func (s *Sink) ByKind(kind string) map[string]manifest.Item {
	out := map[string]manifest.Item{}
	for _, it := range s.OfKind(kind) {
		out[it.ID] = it
	}
	return out
}

// Find returns the first item reported with id.
func (s *Sink) Find(id string) (manifest.Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range s.Items {
		if it.ID == id {
			return it, true
		}
	}
	return manifest.Item{}, false
}

// ByItem returns the observations by item id (the last one wins).
func (s *Sink) ByItem() map[string]manifest.Observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]manifest.Observation{}
	for _, o := range s.Observations {
		out[o.Item] = o
	}
	return out
}

// Refs turns the reported items, with the content hashes observed for
// them, into recheck references.
func (s *Sink) Refs() []crawler.ItemRef {
	hash := map[string]string{}
	for id, o := range s.ByItem() {
		hash[id] = o.ContentSHA256
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]crawler.ItemRef, 0, len(s.Items))
	for _, it := range s.Items {
		out = append(out, crawler.ItemRef{ID: it.ID, Kind: it.Kind, URL: it.URL, Author: it.Author,
			ContentSHA256: hash[it.ID]})
	}
	return out
}
