package signals

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func TestCreationDensestWindow(t *testing.T) {
	var accs []Account
	add := func(n int, at time.Time) {
		for i := 0; i < n; i++ {
			accs = append(accs, Account{ID: fmt.Sprintf("x:%d", len(accs)), CreatedAt: at, HasMetadata: true})
		}
	}
	add(2, day(2012, 3, 1))   // old accounts
	add(1, day(2017, 10, 31)) // Oct
	add(5, day(2017, 12, 1))  // Dec .. Mar: 5+3+0+4 = 12
	add(3, day(2018, 1, 15))
	add(4, day(2018, 3, 31))
	add(1, day(2018, 5, 2))
	// A time at 23:30 on 31 Jan in UTC-5 is 1 Feb UTC: buckets use UTC.
	accs = append(accs, Account{ID: "x:tz", CreatedAt: time.Date(2018, 1, 31, 23, 30, 0, 0, time.FixedZone("EST", -5*3600)), HasMetadata: true})
	accs = append(accs, Account{ID: "x:nodate", HasMetadata: true}, Account{ID: "x:nometa"})
	c := CreationDates(accs)
	if c.Known != 17 || c.Unknown != 1 {
		t.Fatalf("known %d unknown %d", c.Known, c.Unknown)
	}
	if got := c.WindowStart.String() + ".." + c.WindowEnd().String(); got != "2017-12..2018-03" {
		t.Errorf("window %s", got)
	}
	if c.InWindow != (Share{Count: 13, Total: 17}) || c.InWindow.Percent() != "76.5%" {
		t.Errorf("in window %+v %s", c.InWindow, c.InWindow.Percent())
	}
	if first, last := c.Months[0], c.Months[len(c.Months)-1]; first.Month.String() != "2012-03" || last.Month.String() != "2018-05" {
		t.Errorf("months run %s..%s", first.Month, last.Month)
	}
	if n := len(c.Months); n != (2018-2012)*12+3 {
		t.Errorf("%d months, want every month between", n)
	}
	for _, m := range c.Months {
		if m.Month.String() == "2018-02" && m.Count != 1 {
			t.Errorf("2018-02 has %d, want the UTC-shifted account", m.Count)
		}
	}
}

func TestCreationTieTakesEarliest(t *testing.T) {
	accs := []Account{{CreatedAt: day(2020, 1, 1), HasMetadata: true}, {CreatedAt: day(2021, 1, 1), HasMetadata: true}}
	c := CreationDates(accs)
	if c.WindowStart.String() != "2020-01" || c.InWindow.Count != 1 {
		t.Errorf("window %s count %d", c.WindowStart, c.InWindow.Count)
	}
	if e := CreationDates(nil); e.Known != 0 || e.Months != nil || e.InDensestWindow(day(2020, 1, 1)) {
		t.Error("empty input gives figures")
	}
}

func TestReach(t *testing.T) {
	accs := []Account{
		{Followers: 99, HasMetadata: true},
		{Followers: 100, HasMetadata: true, DefaultAvatar: true},
		{Followers: 5000, HasMetadata: true},
		{Followers: 3, HasMetadata: true, DefaultAvatar: true},
		{Followers: 0}, // no metadata: not counted
	}
	r := AccountReach(accs)
	want := Reach{LowFollowers: Share{2, 4}, DefaultAvatar: Share{2, 4}, Either: Share{3, 4}}
	if r != want {
		t.Errorf("reach %+v, want %+v", r, want)
	}
}

func TestNormalizeText(t *testing.T) {
	cases := map[string]string{
		"Free  IRAN now!\n https://t.co/abc123 @someone":      "free iran now!",
		"@a@mastodon.social Free Iran now! www.example.org/x": "free iran now!",
		"mail me: a@b.org":                  "mail me: a@b.org",
		"  #FreeIran\t#Iran_Regime_Change ": "#freeiran #iran_regime_change",
		"https://only.example/link":         "",
	}
	for in, want := range cases {
		if got := NormalizeText(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIdenticalTextClusters(t *testing.T) {
	t0 := time.Date(2018, 1, 2, 10, 0, 0, 0, time.UTC)
	p := func(id, author, text string, sec int) Post {
		return Post{ID: id, Kind: "post", Author: author, Text: text, CreatedAt: t0.Add(time.Duration(sec) * time.Second)}
	}
	posts := []Post{
		p("1", "a", "Free Iran NOW https://x.example/1", 0),
		p("2", "b", "free iran now https://x.example/2", 30),
		p("3", "c", "@b free   iran now", 90), // 60 s after #2: joins the run
		p("4", "d", "free iran now", 200),     // 110 s later: a new run, alone
		p("5", "e", "other text", 0),
		p("6", "e", "other text", 10),                               // same account twice: not a cluster
		p("7", "f", "", 0),                                          // empty: skipped
		{ID: "8", Kind: "post", Author: "g", Text: "free iran now"}, // no time: skipped
		{ID: "9", Kind: "account", Author: "", Text: "bio"},         // not a post
	}
	co := IdenticalText(posts)
	if len(co.Clusters) != 1 {
		t.Fatalf("clusters %+v", co.Clusters)
	}
	c := co.Clusters[0]
	if c.Text != "free iran now" || !reflect.DeepEqual(c.Posts, []string{"1", "2", "3"}) ||
		!reflect.DeepEqual(c.Accounts, []string{"a", "b", "c"}) || c.Last.Sub(c.First) != 90*time.Second {
		t.Errorf("cluster %+v", c)
	}
	if co.Compared != 6 || co.Skipped != 2 || co.PostsInClusters != (Share{3, 6}) {
		t.Errorf("compared %d skipped %d in clusters %+v", co.Compared, co.Skipped, co.PostsInClusters)
	}
}

func TestSuspensionRates(t *testing.T) {
	in := day(2018, 1, 10)
	out := day(2015, 6, 1)
	accs := []Account{
		// Four accounts make Dec 2017..Mar 2018 the densest window.
		{ID: "f1", CreatedAt: in, Followers: 10, HasMetadata: true, State: "suspended"},
		{ID: "f2", CreatedAt: in, Followers: 5000, DefaultAvatar: true, HasMetadata: true, State: "alive"},
		{ID: "f3", CreatedAt: in, Followers: 20, HasMetadata: true, State: "suspended"},
		{ID: "n1", CreatedAt: in, Followers: 5000, HasMetadata: true, State: "suspended"},  // in window, but neither trait
		{ID: "r1", CreatedAt: out, Followers: 10, HasMetadata: true, State: "alive"},       // low followers, outside window
		{ID: "c1", CreatedAt: out, Followers: 9000, HasMetadata: true, State: "suspended"}, // in a text cluster
		{ID: "u1", CreatedAt: in, Followers: 1, HasMetadata: true},                         // never checked
	}
	c := CreationDates(accs)
	co := CoText{Accounts: []string{"c1"}}
	s := SuspensionRates(accs, c, co)
	if s.Flagged != (Share{3, 4}) || s.Rest != (Share{1, 2}) || s.Unchecked != 1 {
		t.Errorf("flagged %+v rest %+v unchecked %d", s.Flagged, s.Rest, s.Unchecked)
	}
	if rr, ok := s.RelativeRisk(); !ok || rr != 1.5 {
		t.Errorf("relative risk %v %v", rr, ok)
	}
	if !reflect.DeepEqual(s.FlaggedIDs, []string{"f1", "f2", "f3", "c1", "u1"}) {
		t.Errorf("flagged ids %v", s.FlaggedIDs)
	}
}

func TestRemovalTimesAndTimeline(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	items := []Post{
		{Kind: "post", Platform: "x", State: "deleted", FirstSeen: h(0), LastSeenAlive: h(1), FirstMissing: h(6), ConfirmedAt: h(24)},
		{Kind: "post", Platform: "x", State: "suspended", FirstSeen: h(0), LastSeenAlive: h(24), FirstMissing: h(48), ConfirmedAt: h(48)},
		{Kind: "post", Platform: "mastodon", State: "alive", FirstSeen: h(30)},
		{Kind: "post", Platform: "mastodon", State: "missing", FirstSeen: h(1), LastSeenAlive: h(1), FirstMissing: h(7)},
		{Kind: "account", Platform: "x", State: "suspended", FirstSeen: h(0), LastSeenAlive: h(2), FirstMissing: h(10), ConfirmedAt: h(10)},
	}
	r := RemovalTimes(items)
	if r.GoneBy.N != 3 || r.GoneBy.Min != 6*time.Hour || r.GoneBy.Median != 10*time.Hour || r.GoneBy.Max != 48*time.Hour {
		t.Errorf("gone by %+v", r.GoneBy)
	}
	if r.Confirmed.Median != 24*time.Hour || r.StillSeen.Median != 2*time.Hour {
		t.Errorf("confirmed %+v still %+v", r.Confirmed, r.StillSeen)
	}
	days := Timeline(items)
	want := []Day{
		{Date: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Seen: 3, Removed: 1},
		{Date: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Seen: 1},
		{Date: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), Removed: 1},
	}
	if !reflect.DeepEqual(days, want) {
		t.Errorf("timeline %+v", days)
	}
	c := CountItems(items)
	if c.Total != 5 || !reflect.DeepEqual(c.ByPlatform, []Count{{"mastodon", 2}, {"x", 3}}) ||
		c.ByPlatformState["x"]["suspended"] != 2 || len(c.ByState) != 4 {
		t.Errorf("counts %+v", c)
	}
}

func TestSummarizePercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 10; i++ {
		ds = append(ds, time.Duration(i)*time.Minute)
	}
	s := Summarize(ds)
	if s.P25 != 3*time.Minute || s.Median != 5*time.Minute || s.P75 != 8*time.Minute || s.P90 != 9*time.Minute {
		t.Errorf("summary %+v", s)
	}
	if (Summarize(nil) != Durations{}) {
		t.Error("empty summary")
	}
}
