package manifest

import (
	"bytes"
	"os"
	"testing"
)

// TestEncoderMatchesCanonical holds the direct encoder to the generic RFC
// 8785 encoder on the golden manifest and on strings that need escaping.
func TestEncoderMatchesCanonical(t *testing.T) {
	b, err := os.ReadFile("testdata/capture.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "plain", "quote \" and \\ backslash", "ctl \b\t\n\f\r \x00\x01\x1f\x7f",
		"line sep \u2028 para \u2029", "<script>&amp;</script>", "ایران 🇮🇷 \U0001F600", "\ufeffbom"} {
		m.Items[0].Text = s
		m.Context.Redactions = []string{s}
		fast, err1 := canonicalBytes(m)
		ref, err2 := referenceBytes(m)
		if err1 != nil || err2 != nil {
			t.Fatalf("%q: %v / %v", s, err1, err2)
		}
		if !bytes.Equal(fast, ref) {
			t.Fatalf("%q: direct encoder differs from Canonical at byte %d:\n%s\n%s", s, firstDiff(fast, ref), fast, ref)
		}
	}
	m.Items[0].Text = "bad \xff utf-8"
	if _, err := canonicalBytes(m); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	m.Items[0].Text = ""
	m.Records[0].Offset = 1 << 53
	if _, err := canonicalBytes(m); err == nil {
		t.Error("integer beyond 2^53 accepted")
	}
}

func FuzzEncoderMatchesCanonical(f *testing.F) {
	f.Add("text", "https://example.org/a?b=c", int64(42))
	f.Add("\u2028\x00\"\\", "ایران", int64(-7))
	f.Fuzz(func(t *testing.T, text, url string, n int64) {
		m := &Manifest{Version: Version, Kind: KindCapture, Context: Context{Software: text, UserAgent: url, BodyCap: n},
			Items:   []Item{{ID: "web:" + url, Text: text, Tags: []string{text}, Account: &Account{Handle: text, Posts: n}}},
			Records: []Record{{ID: text, TargetURI: url, Offset: n}}}
		fast, err1 := canonicalBytes(m)
		ref, err2 := referenceBytes(m)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("errors differ: %v / %v", err1, err2)
		}
		if err1 == nil && !bytes.Equal(fast, ref) {
			t.Fatalf("direct encoder differs at byte %d:\n%s\n%s", firstDiff(fast, ref), fast, ref)
		}
	})
}
