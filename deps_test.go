package afterimage_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection guards the layering: cmd -> schedules ->
// crawler -> archive. archive never imports colly or the crawler; a
// source never imports a store, the log or the index.
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-json=ImportPath,Deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/afterimage-archive/afterimage/"
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(p.ImportPath, mod)
		if pkg == p.ImportPath {
			continue // not ours
		}
		checked++
		for _, d := range p.Deps {
			dep := strings.TrimPrefix(d, mod)
			switch {
			case strings.HasPrefix(pkg, "archive") && (strings.HasPrefix(dep, "crawler") || strings.HasPrefix(dep, "schedules") ||
				strings.HasPrefix(dep, "cmd") || strings.HasPrefix(d, "github.com/gocolly/")):
				t.Errorf("%s imports %s: archive must not depend on the crawler, schedules or colly", pkg, d)
			case strings.HasPrefix(pkg, "crawler") && (strings.HasPrefix(dep, "schedules") || strings.HasPrefix(dep, "cmd")):
				t.Errorf("%s imports %s: the crawler must not depend on schedules or cmd", pkg, d)
			case strings.HasPrefix(pkg, "crawler/sources/") && (dep == "archive/local" || dep == "archive/s3" ||
				dep == "archive/evlog" || dep == "archive/index" || dep == "archive/spool"):
				t.Errorf("%s imports %s: a source never touches a store, the log or the index", pkg, d)
			case strings.HasPrefix(pkg, "schedules") && strings.HasPrefix(dep, "cmd"):
				t.Errorf("%s imports %s", pkg, d)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d packages of the module listed", checked)
	}
}
