package export

import (
	"strings"
	"testing"
)

func TestParseSums(t *testing.T) {
	h := strings.Repeat("a", 64)
	sums, bad := parseSums([]byte(h + "  a/b.txt\n" + h + " *bin\n" + h + "  ../up\n" + "zz  x\n" + h + "  a/b.txt\n"))
	if len(sums) != 2 || sums["a/b.txt"] != h || sums["bin"] != h {
		t.Errorf("sums %v", sums)
	}
	if len(bad) != 3 {
		t.Errorf("problems %v", bad)
	}
	if s := string(formatSums([]fileSum{{Path: "x", SHA256: h}})); s != h+"  x\n" {
		t.Errorf("format %q", s)
	}
}

func FuzzParseSums(f *testing.F) {
	f.Add([]byte(strings.Repeat("0", 64) + "  evidence.wacz\n"))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		sums, _ := parseSums(b)
		for p, h := range sums {
			if len(h) != 64 || p == "" || strings.HasPrefix(p, "/") || hasDotDot(p) {
				t.Fatalf("accepted %q %q", h, p)
			}
		}
	})
}
