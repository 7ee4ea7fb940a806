package index

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

func TestRecheckPlanNext(t *testing.T) {
	p := RecheckPlan{After: []time.Duration{time.Hour, 6 * time.Hour}, Every: 24 * time.Hour}
	var zero time.Time
	cases := []struct {
		name                   string
		plan                   RecheckPlan
		firstSeen, lastChecked time.Time
		want                   time.Time
		ok                     bool
	}{
		{"only the first sighting", p, hours(0), hours(0), hours(1), true},
		{"after the first check", p, hours(0), hours(1), hours(6), true},
		{"checked between plan points", p, hours(0), hours(3), hours(6), true},
		{"checked exactly at a plan point", p, hours(0), hours(6), hours(30), true},
		{"plan exhausted", p, hours(0), hours(10), hours(34), true},
		{"paused daemon catches up once", p, hours(0), hours(100), hours(124), true},
		{"never checked", p, zero, zero, zero, true},
		{"never seen", p, zero, hours(5), hours(6), true},
		{"no repeat", RecheckPlan{After: []time.Duration{time.Hour}}, hours(0), hours(2), zero, false},
		{"only every", RecheckPlan{Every: time.Hour}, hours(0), hours(0), hours(1), true},
	}
	for _, c := range cases {
		got, ok := c.plan.Next(c.firstSeen, c.lastChecked)
		if !got.Equal(c.want) || ok != c.ok {
			t.Errorf("%s: Next = %v %v, want %v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func due(t *testing.T, ix *Index, q DueQuery) [][]string {
	t.Helper()
	var pages [][]string
	for {
		items, next, err := ix.DueForRecheck(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		page := []string{}
		for _, it := range items {
			page = append(page, it.ID)
		}
		pages = append(pages, page)
		if next == "" {
			return pages
		}
		q.After = next
	}
}

func TestDueForRecheck(t *testing.T) {
	ix := openTemp(t, Options{ConfirmAfter: 2 * time.Hour})
	ctx := context.Background()
	collect := newManifest("collect", "t", hours(0))
	for i := 1; i <= 5; i++ {
		post(collect, fmt.Sprintf("x:%d", i), "p", "", hours(0), "tag")
	}
	account(collect, "reddit:t2_a", "a", 5, hours(0))
	addAll(t, ix, []*manifest.Manifest{collect}, inOrder(1))
	plan := RecheckPlan{After: []time.Duration{time.Hour, 6 * time.Hour}, Every: 24 * time.Hour}
	q := DueQuery{Now: hours(0.5), Plan: plan, Limit: 2}
	if got := due(t, ix, q); !reflect.DeepEqual(got, [][]string{{}}) {
		t.Errorf("before the first plan point: %v", got)
	}
	q.Now = hours(1.1)
	want := [][]string{{"reddit:t2_a", "x:1"}, {"x:2", "x:3"}, {"x:4", "x:5"}, {}}
	if got := due(t, ix, q); !reflect.DeepEqual(got, want) {
		t.Errorf("at the first plan point: %v, want %v", got, want)
	}
	q.Filter = Filter{Platforms: []string{"reddit"}}
	if got := due(t, ix, q); !reflect.DeepEqual(got, [][]string{{"reddit:t2_a"}}) {
		t.Errorf("filtered: %v", got)
	}
	items, _, err := ix.DueForRecheck(ctx, DueQuery{Now: hours(1.1), Plan: plan, Filter: Filter{IDs: []string{"x:3"}}})
	if err != nil || len(items) != 1 || items[0].URL != "https://example.org/x:3" || items[0].Kind != "post" ||
		!items[0].Due.Equal(hours(1).Add(time.Second)) || !items[0].FirstSeen.Equal(hours(0).Add(time.Second)) {
		t.Errorf("due item = %+v, %v", items, err)
	}

	recheck := newManifest("recheck", "t", hours(1.5))
	for i := 1; i <= 4; i++ {
		observe(recheck, fmt.Sprintf("x:%d", i), manifest.StatusSeen, hours(1.5), 200, "", sum("c"))
	}
	observe(recheck, "x:5", manifest.StatusMissing, hours(1.5), 404, "Not Found", "")
	observe(recheck, "x:99", manifest.StatusMissing, hours(1.5), 404, "never listed", "")
	observe(recheck, "reddit:t2_a", manifest.StatusUnavailable, hours(1.5), 429, "", "")
	addAll(t, ix, []*manifest.Manifest{recheck}, inOrder(1))
	q = DueQuery{Now: hours(3), Plan: plan}
	// The account's check was rate limited, so it is still due.
	if got := due(t, ix, q); !reflect.DeepEqual(got, [][]string{{"reddit:t2_a"}}) {
		t.Errorf("after the recheck: %v", got)
	}
	// The missing post is due for its confirmation at 1.5h + 2h, before
	// its plan point at 6h.
	q.Now = hours(3.5)
	if got := due(t, ix, q); !reflect.DeepEqual(got, [][]string{{"reddit:t2_a", "x:5"}}) {
		t.Errorf("confirmation due: %v", got)
	}
	q.All, q.Now = true, hours(1.6)
	if got := due(t, ix, q); !reflect.DeepEqual(got, [][]string{{"reddit:t2_a", "x:1", "x:2", "x:3", "x:4", "x:5"}}) {
		t.Errorf("all: %v", got)
	}
	items, _, _ = ix.DueForRecheck(ctx, DueQuery{Now: hours(100), Plan: plan, Filter: Filter{IDs: []string{"x:1"}}})
	if len(items) != 1 || items[0].ContentSHA256 != sum("c") || !items[0].LastChecked.Equal(hours(1.5)) {
		t.Errorf("due item after recheck = %+v", items)
	}
}
