package crawler_test

import (
	"testing"

	"github.com/afterimage-archive/afterimage/crawler"
)

func TestHashLines(t *testing.T) {
	// sha256 of "a\nb\nc" and of "a", computed with sha256sum.
	cases := []struct {
		first string
		rest  []string
		want  string
	}{
		{"a", []string{"b", "c"}, "ea7fb08b7a2dc4619ffb7c7bb38d95a2047935fa165d71b12efd3852a2e6d0cc"},
		{"a", nil, "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"},
	}
	for _, c := range cases {
		if got := crawler.HashLines(c.first, c.rest...); got != c.want {
			t.Errorf("HashLines(%q, %q) = %s, want %s", c.first, c.rest, got, c.want)
		}
	}
}

func TestHashParts(t *testing.T) {
	// sha256 of "a\x00b" and of "", computed with sha256sum.
	cases := []struct {
		parts []string
		want  string
	}{
		{[]string{"a", "b"}, "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138"},
		{nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	}
	for _, c := range cases {
		if got := crawler.HashParts(c.parts); got != c.want {
			t.Errorf("HashParts(%q) = %s, want %s", c.parts, got, c.want)
		}
	}
}
