package state

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// ob builds an observation h hours after t0, with an optional content hash.
func ob(s Status, h float64, hash ...string) Observation {
	o := Observation{Status: s, At: t0.Add(time.Duration(h * float64(time.Hour))), Capture: fmt.Sprintf("c%g", h)}
	if len(hash) > 0 {
		o.ContentSHA256 = hash[0]
	}
	return o
}

// at returns the hour offset of t from t0, or -1 for the zero time.
func at(t time.Time) float64 {
	if t.IsZero() {
		return -1
	}
	return t.Sub(t0).Hours()
}

func transitions(ts []Transition) string {
	var parts []string
	for _, t := range ts {
		parts = append(parts, fmt.Sprintf("%s>%s@%g", t.From, t.To, at(t.At)))
	}
	return strings.Join(parts, " ")
}

const (
	seen, changed, missing = StatusSeen, StatusChanged, StatusMissing
	suspended, withheld    = StatusSuspended, StatusWithheld
	unavailable            = StatusUnavailable
)

func TestDerive(t *testing.T) {
	cases := []struct {
		name  string
		obs   []Observation
		state State
		// hours after t0, -1 for zero
		since, firstMissing, confirmed, lastAlive float64
		trans                                     string
	}{
		{"nothing", nil, Unknown, -1, -1, -1, -1, ""},
		{"only unavailable", []Observation{ob(unavailable, 0), ob(unavailable, 1)}, Unknown, -1, -1, -1, -1, ""},
		{"seen", []Observation{ob(seen, 0, "a")}, Alive, 0, -1, -1, 0, ">alive@0"},
		{"seen twice same content", []Observation{ob(seen, 0, "a"), ob(seen, 1, "a")}, Alive, 0, -1, -1, 1, ">alive@0"},
		{"seen without hashes", []Observation{ob(seen, 0), ob(seen, 1, "a"), ob(seen, 2)}, Alive, 0, -1, -1, 2, ">alive@0"},
		{"content hash changed", []Observation{ob(seen, 0, "a"), ob(seen, 1, "b")}, Changed, 1, -1, -1, 1, ">alive@0 alive>changed@1"},
		{"changed status", []Observation{ob(seen, 0, "a"), ob(changed, 1)}, Changed, 1, -1, -1, 1, ">alive@0 alive>changed@1"},
		{"changed persists", []Observation{ob(seen, 0, "a"), ob(seen, 1, "b"), ob(seen, 2, "b")}, Changed, 1, -1, -1, 2, ">alive@0 alive>changed@1"},
		{"changed again", []Observation{ob(seen, 0, "a"), ob(seen, 1, "b"), ob(seen, 2, "c")}, Changed, 2, -1, -1, 2, ">alive@0 alive>changed@1 changed>changed@2"},
		{"first observation changed", []Observation{ob(changed, 0, "a")}, Alive, 0, -1, -1, 0, ">alive@0"},
		{"missing once", []Observation{ob(seen, 0), ob(missing, 1)}, Missing, 1, 1, -1, 0, ">alive@0 alive>missing@1"},
		{"missing again too soon", []Observation{ob(seen, 0), ob(missing, 1), ob(missing, 3)}, Missing, 1, 1, -1, 0, ">alive@0 alive>missing@1"},
		{"missing confirmed", []Observation{ob(seen, 0), ob(missing, 1), ob(missing, 7)}, Deleted, 7, 1, 7, 0, ">alive@0 alive>missing@1 missing>deleted@7"},
		{"confirmed exactly at confirmAfter", []Observation{ob(seen, 0), ob(missing, 1), ob(missing, 3), ob(missing, 7)}, Deleted, 7, 1, 7, 0, ">alive@0 alive>missing@1 missing>deleted@7"},
		{"missing then seen is alive", []Observation{ob(seen, 0, "a"), ob(missing, 1), ob(seen, 2, "a")}, Alive, 2, -1, -1, 2, ">alive@0 alive>missing@1 missing>alive@2"},
		{"missing then seen edited", []Observation{ob(seen, 0, "a"), ob(missing, 1), ob(seen, 2, "b")}, Changed, 2, -1, -1, 2, ">alive@0 alive>missing@1 missing>changed@2"},
		{"deleted then seen is restored", []Observation{ob(seen, 0), ob(missing, 1), ob(missing, 7), ob(seen, 8)}, Restored, 8, -1, -1, 8, ">alive@0 alive>missing@1 missing>deleted@7 deleted>restored@8"},
		{"restored persists", []Observation{ob(seen, 0, "a"), ob(suspended, 1), ob(seen, 2, "a"), ob(seen, 3, "a")}, Restored, 2, -1, -1, 3, ">alive@0 alive>suspended@1 suspended>restored@2"},
		{"restored then edited", []Observation{ob(seen, 0, "a"), ob(suspended, 1), ob(seen, 2, "a"), ob(seen, 3, "b")}, Changed, 3, -1, -1, 3, ">alive@0 alive>suspended@1 suspended>restored@2 restored>changed@3"},
		{"restored with new content", []Observation{ob(seen, 0, "a"), ob(withheld, 1), ob(seen, 2, "b")}, Restored, 2, -1, -1, 2, ">alive@0 alive>withheld@1 withheld>restored@2"},
		{"suspended at once", []Observation{ob(seen, 0), ob(suspended, 1)}, Suspended, 1, 1, 1, 0, ">alive@0 alive>suspended@1"},
		{"withheld at once", []Observation{ob(seen, 0), ob(withheld, 1)}, Withheld, 1, 1, 1, 0, ">alive@0 alive>withheld@1"},
		{"suspended twice", []Observation{ob(seen, 0), ob(suspended, 1), ob(suspended, 9)}, Suspended, 1, 1, 1, 0, ">alive@0 alive>suspended@1"},
		{"suspended then withheld", []Observation{ob(seen, 0), ob(suspended, 1), ob(withheld, 2)}, Withheld, 2, 1, 2, 0, ">alive@0 alive>suspended@1 suspended>withheld@2"},
		{"withheld then suspended", []Observation{ob(seen, 0), ob(withheld, 1), ob(suspended, 2)}, Suspended, 2, 1, 2, 0, ">alive@0 alive>withheld@1 withheld>suspended@2"},
		{"missing then suspended", []Observation{ob(seen, 0), ob(missing, 1), ob(suspended, 2)}, Suspended, 2, 1, 2, 0, ">alive@0 alive>missing@1 missing>suspended@2"},
		{"deleted then suspended", []Observation{ob(seen, 0), ob(missing, 1), ob(missing, 7), ob(suspended, 8)}, Suspended, 8, 1, 8, 0, ">alive@0 alive>missing@1 missing>deleted@7 deleted>suspended@8"},
		{"suspended then missing", []Observation{ob(seen, 0), ob(suspended, 1), ob(missing, 2), ob(missing, 9)}, Suspended, 1, 1, 1, 0, ">alive@0 alive>suspended@1"},
		{"deleted then missing", []Observation{ob(seen, 0), ob(missing, 1), ob(missing, 7), ob(missing, 20)}, Deleted, 7, 1, 7, 0, ">alive@0 alive>missing@1 missing>deleted@7"},
		{"unavailable changes nothing", []Observation{ob(seen, 0), ob(missing, 1), ob(unavailable, 8), ob(unavailable, 9)}, Missing, 1, 1, -1, 0, ">alive@0 alive>missing@1"},
		{"unavailable after seen", []Observation{ob(seen, 0), ob(unavailable, 1)}, Alive, 0, -1, -1, 0, ">alive@0"},
		{"never seen, missing", []Observation{ob(missing, 0)}, Missing, 0, 0, -1, -1, ">missing@0"},
		{"never seen, deleted", []Observation{ob(missing, 0), ob(missing, 6)}, Deleted, 6, 0, 6, -1, ">missing@0 missing>deleted@6"},
		{"never seen, suspended", []Observation{ob(suspended, 0)}, Suspended, 0, 0, 0, -1, ">suspended@0"},
		{"suspended then restored", []Observation{ob(seen, 0), ob(suspended, 1), ob(seen, 2)}, Restored, 2, -1, -1, 2, ">alive@0 alive>suspended@1 suspended>restored@2"},
	}
	for _, c := range cases {
		r, err := Derive(c.obs, 6*time.Hour)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := fmt.Sprintf("%s since=%g firstMissing=%g confirmed=%g lastAlive=%g [%s]",
			r.State, at(r.Since), at(r.FirstMissing), at(r.ConfirmedAt), at(r.LastSeenAlive), transitions(r.Transitions))
		want := fmt.Sprintf("%s since=%g firstMissing=%g confirmed=%g lastAlive=%g [%s]",
			c.state, c.since, c.firstMissing, c.confirmed, c.lastAlive, c.trans)
		if got != want {
			t.Errorf("%s:\n got  %s\n want %s", c.name, got, want)
		}
		if len(r.After) != len(c.obs) {
			t.Errorf("%s: %d states after, want %d", c.name, len(r.After), len(c.obs))
		}
	}
}

func TestDeriveDetails(t *testing.T) {
	obs := []Observation{
		ob(seen, 0, "a"), ob(unavailable, 0.5), ob(seen, 1, "b"),
		{Status: missing, At: t0.Add(2 * time.Hour), Capture: "c2", HTTPStatus: 404, Detail: "Record not found"},
		{Status: missing, At: t0.Add(9 * time.Hour), Capture: "c9", HTTPStatus: 404, Detail: "Record not found"},
		ob(unavailable, 10),
	}
	r, err := Derive(obs, 6*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	wantAfter := []State{Alive, Alive, Changed, Missing, Deleted, Deleted}
	if fmt.Sprint(r.After) != fmt.Sprint(wantAfter) {
		t.Errorf("After = %v, want %v", r.After, wantAfter)
	}
	last := r.Transitions[len(r.Transitions)-1]
	if last.Capture != "c9" || last.Detail != "Record not found" || last.From != Missing || last.To != Deleted {
		t.Errorf("last transition = %+v", last)
	}
	if r.Transitions[1].Detail != "content changed" {
		t.Errorf("change detail = %q", r.Transitions[1].Detail)
	}
	if r.ContentSHA256 != "b" || at(r.FirstSeen) != 0 || at(r.LastChecked) != 9 {
		t.Errorf("hash %q firstSeen %g lastChecked %g", r.ContentSHA256, at(r.FirstSeen), at(r.LastChecked))
	}
}

func TestDeriveConfirmAfterZero(t *testing.T) {
	r, err := Derive([]Observation{ob(seen, 0), ob(missing, 1), ob(missing, 1)}, 0)
	if err != nil || r.State != Deleted {
		t.Errorf("state %s, err %v; a second missing answer confirms when confirmAfter is 0", r.State, err)
	}
	r, _ = Derive([]Observation{ob(seen, 0), ob(missing, 1)}, 0)
	if r.State != Missing {
		t.Errorf("state %s; one missing answer never confirms", r.State)
	}
}

func TestDeriveErrors(t *testing.T) {
	if _, err := Derive([]Observation{ob(seen, 1), ob(seen, 0)}, time.Hour); err == nil || !strings.Contains(err.Error(), "observation 1") {
		t.Errorf("out of order: err = %v", err)
	}
	if _, err := Derive([]Observation{ob("gone", 0)}, time.Hour); err == nil || !strings.Contains(err.Error(), `unknown status "gone"`) {
		t.Errorf("unknown status: err = %v", err)
	}
}
