package crawler

import "testing"

func TestNormalizeTag(t *testing.T) {
	cases := []struct{ in, want string }{
		{"#FreeIran", "freeiran"},
		{"FREEIRAN", "freeiran"},
		{"＃FreeIran", "freeiran"},
		{"#Iran_Regime_Change", "iran_regime_change"},
		{"#ايران", "ایران"}, // Arabic yeh -> Farsi yeh
		{"ایران", "ایران"},
		{"#كرد", "کرد"},          // Arabic kaf -> keheh
		{"ｆｒｅｅｉｒａｎ", "freeiran"}, // fullwidth, NFKC
	}
	for _, c := range cases {
		if got := NormalizeTag(c.in); got != c.want {
			t.Errorf("NormalizeTag(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if NormalizeTag("#ایران") != NormalizeTag("#ايران") {
		t.Error("Persian and Arabic spellings differ")
	}
	if !HasTag([]string{"ایران"}, "#ايران") {
		t.Error("HasTag misses the Arabic spelling")
	}
}
