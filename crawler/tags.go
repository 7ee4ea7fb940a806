package crawler

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// letterFold maps Arabic letter variants to the Persian forms, so that a
// tag typed on an Arabic keyboard and one typed on a Persian keyboard match.
var letterFold = strings.NewReplacer(
	"\u064A", "\u06CC", // ARABIC LETTER YEH -> FARSI YEH
	"\u0649", "\u06CC", // ALEF MAKSURA -> FARSI YEH
	"\u0643", "\u06A9", // ARABIC LETTER KAF -> KEHEH
	"\u0629", "\u0647", // TEH MARBUTA -> HEH
	"\u06C0", "\u0647", // HEH WITH YEH ABOVE -> HEH
)

// NormalizeTag returns the form under which hashtags are compared: without
// a leading '#', Unicode NFKC, case-folded, with Arabic letter variants
// folded to their Persian forms (ي/ی, ك/ک). "#ایران" and "#ايران" give the
// same tag.
func NormalizeTag(tag string) string {
	tag = strings.TrimSpace(tag)
	tag = strings.TrimLeft(tag, "#＃")
	tag = norm.NFKC.String(tag)
	tag = cases.Fold().String(tag)
	tag = letterFold.Replace(tag)
	return norm.NFKC.String(tag)
}

// HasTag reports whether tags (already normalised) contain the normalised
// form of tag.
func HasTag(tags []string, tag string) bool {
	want := NormalizeTag(tag)
	for _, t := range tags {
		if t == want {
			return true
		}
	}
	return false
}

// TagSpellings returns the spellings a platform's search may need for a
// normalised tag: the tag itself and its forms with Arabic yeh and kaf, since
// platforms index ایران and ايران as different tags. The tag comes first.
func TagSpellings(tag string) []string {
	yeh := strings.NewReplacer("\u06CC", "\u064A")
	kaf := strings.NewReplacer("\u06A9", "\u0643")
	out := []string{tag}
	for _, v := range []string{yeh.Replace(tag), kaf.Replace(tag), kaf.Replace(yeh.Replace(tag))} {
		dup := false
		for _, o := range out {
			dup = dup || o == v
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}
