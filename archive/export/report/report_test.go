package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/export/signals"
)

func TestRenderEscapesAndShowsEachSignal(t *testing.T) {
	at := time.Date(2018, 1, 2, 3, 4, 5, 0, time.UTC)
	accs := []signals.Account{
		{ID: "x:1", Handle: "@one", CreatedAt: at, Followers: 3, HasMetadata: true, DefaultAvatar: true, State: "suspended"},
		{ID: "x:2", Handle: "@two", CreatedAt: at, Followers: 300, HasMetadata: true, State: "alive"},
	}
	posts := []signals.Post{
		{ID: "x:p1", Kind: "post", Platform: "x", Author: "x:1", Text: "same words", CreatedAt: at, State: "deleted",
			FirstSeen: at, LastSeenAlive: at, FirstMissing: at.Add(time.Hour), ConfirmedAt: at.Add(2 * time.Hour)},
		{ID: "x:p2", Kind: "post", Platform: "x", Author: "x:2", Text: "Same  words", CreatedAt: at.Add(20 * time.Second), State: "alive", FirstSeen: at},
	}
	d := &Data{Title: "Case <1>", Software: "afterimage test", Created: at, Origin: "o", CheckpointSize: 9,
		Signals: signals.Compute(posts, accs), AccountNames: map[string]string{"x:1": "@one", "x:2": "@two"},
		Exhibits: []Exhibit{{ID: "x:p1", Text: `<script>alert("x")</script>`, State: "deleted", LastSeenAlive: at,
			FirstMissing: at.Add(time.Hour), ConfirmedAt: at.Add(2 * time.Hour),
			History: []Step{{At: at, Status: "seen", State: "alive", HTTPStatus: 200, Capture: strings.Repeat("ab", 32)}}}}}
	var b bytes.Buffer
	if err := Render(&b, d); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;") || !strings.Contains(html, "Case &lt;1&gt;") {
		t.Error("texts are not escaped")
	}
	for _, want := range []string{
		"1. Account creation dates", "100.0%", // both accounts in one month
		"2. Reach and profile", "1 of 2",
		"3. Identical text within a minute", "<td>same words</td>", "@one, @two",
		"4. Suspensions of flagged accounts", "Relative rate (flagged / other): not defined",
		"Removed after 2018-01-02 03:04:05 UTC (last seen alive) and at or before 2018-01-02 04:04:05 UTC (first seen missing); confirmed deleted at 2018-01-02 05:04:05 UTC.",
		"abababababab", // capture ids shortened in the history
		"not a verdict", "<svg",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestFormatting(t *testing.T) {
	cases := map[time.Duration]string{90 * time.Second: "1m", 3*time.Hour + 5*time.Minute: "3h 5m", 50 * time.Hour: "2d 2h", 4 * time.Second: "4s"}
	for d, want := range cases {
		if got := fmtDuration(d); got != want {
			t.Errorf("fmtDuration(%v) = %q, want %q", d, got, want)
		}
	}
	if fmtTime(time.Time{}) != "unknown" {
		t.Error("zero time")
	}
	if niceStep(3) != 1 || niceStep(40) != 10 || niceStep(999) != 200 {
		t.Error("niceStep")
	}
}
