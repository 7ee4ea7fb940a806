package index

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

func itemsJSON(t *testing.T, ix *Index, f Filter) string {
	t.Helper()
	items, err := ix.Items(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(items, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func item(t *testing.T, ix *Index, id string) ItemView {
	t.Helper()
	items, err := ix.Items(context.Background(), Filter{IDs: []string{id}})
	if err != nil || len(items) != 1 {
		t.Fatalf("item %s: %v, %d items", id, err, len(items))
	}
	return items[0]
}

func TestStatesAcrossCaptures(t *testing.T) {
	ix := openTemp(t, Options{})
	ids := addAll(t, ix, scenario(), inOrder(5))
	sec := time.Second
	cases := []struct {
		id                                                   string
		state                                                string
		since, firstSeen, lastAlive, firstMissing, confirmed time.Time
		captures                                             []string
	}{
		{postGone, "deleted", hours(7), hours(0).Add(sec), hours(0).Add(sec), hours(1), hours(7), []string{ids[0], ids[2], ids[3]}},
		{postEdited, "changed", hours(1), hours(0), hours(8).Add(sec), time.Time{}, time.Time{}, []string{ids[0], ids[2], ids[4]}},
		{postBlip, "alive", hours(7), hours(0).Add(sec), hours(7), time.Time{}, time.Time{}, []string{ids[0], ids[2], ids[3]}},
		{acctA, "suspended", hours(7), hours(0).Add(sec), hours(0).Add(sec), hours(7), hours(7), []string{ids[0], ids[2], ids[3]}},
		{acctB, "alive", hours(0).Add(sec), hours(0).Add(sec), hours(0).Add(sec), time.Time{}, time.Time{}, []string{ids[0]}},
		{pageWithheld, "withheld", hours(1), hours(0.5).Add(sec), hours(0.5).Add(sec), hours(1), hours(1), []string{ids[1], ids[2]}},
	}
	for _, c := range cases {
		v := item(t, ix, c.id)
		got := []any{v.State, v.StateSince.String(), v.FirstSeen.String(), v.LastSeenAlive.String(), v.FirstMissing.String(), v.ConfirmedAt.String(), v.Captures}
		want := []any{c.state, Time{c.since}.String(), Time{c.firstSeen}.String(), Time{c.lastAlive}.String(), Time{c.firstMissing}.String(), Time{c.confirmed}.String(), c.captures}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %v\n want %v", c.id, got, want)
		}
	}
	edited := item(t, ix, postEdited)
	if edited.Text != "second post, edited" || !reflect.DeepEqual(edited.Tags, []string{"freeiran", "iran_regime_change", "ایران"}) {
		t.Errorf("latest metadata / tag union: text %q tags %v", edited.Text, edited.Tags)
	}
	if a := edited.Author; a == nil || a.ID != acctA || a.Handle != "a@m.example" || a.Followers != 12 || !a.DefaultAvatar {
		t.Errorf("author = %+v", a)
	}
	if acc := item(t, ix, acctB).Account; acc == nil || acc.Followers != 5000 || acc.DefaultAvatar {
		t.Errorf("account = %+v", acc)
	}
}

func TestHistory(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	ms := scenario()
	ids := addAll(t, ix, ms, inOrder(5))
	h, err := ix.History(ctx, postGone)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range h {
		got = append(got, o.At.String()+" "+o.Status+" "+o.State+" "+o.Capture[:8]+" "+o.Detail)
	}
	want := []string{
		ts(hours(0).Add(time.Second)) + " seen alive " + ids[0][:8] + " ",
		ts(hours(1)) + " missing missing " + ids[2][:8] + " Record not found",
		ts(hours(7)) + " missing deleted " + ids[3][:8] + " Record not found",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history:\n got  %q\n want %q", got, want)
	}
	if !h[0].Implicit || h[1].Implicit || h[1].HTTPStatus != 404 || len(h[1].Records) != 1 {
		t.Errorf("history details: %+v", h)
	}
	a, err := ix.History(ctx, acctA)
	if err != nil || len(a) != 3 || a[1].Status != "unavailable" || a[1].State != "alive" || a[2].State != "suspended" {
		t.Errorf("account history: %v %+v", err, a)
	}
	if _, err := ix.History(ctx, "x:nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown item: err = %v", err)
	}
}

func TestEvidence(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	ms := scenario()
	ids := addAll(t, ix, ms, inOrder(5))
	recs, err := ix.Evidence(ctx, postGone)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Capture[:8]+" "+r.TargetURI)
	}
	want := []string{
		ids[0][:8] + " https://example.org/" + postGone,
		ids[2][:8] + " https://example.org/check/" + postGone,
		ids[3][:8] + " https://example.org/check/" + postGone,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("evidence:\n got  %q\n want %q", got, want)
	}
	r := recs[0]
	m0 := ms[0].Records[0]
	if r.ID != m0.ID || r.Offset != m0.Offset || r.Length != m0.Length || r.SHA256 != m0.SHA256 || r.WARCKey != ms[0].WARCs[0].Key {
		t.Errorf("record %+v does not match manifest %+v", r, m0)
	}
}

func TestAddCaptureIdempotent(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	ms := scenario()
	addAll(t, ix, ms, inOrder(5))
	before := itemsJSON(t, ix, Filter{})
	countsBefore, _ := ix.Counts(ctx)
	capsBefore, _ := ix.Captures(ctx)
	histBefore, _ := ix.History(ctx, postEdited)
	addAll(t, ix, ms, []int{4, 3, 2, 1, 0})
	if after := itemsJSON(t, ix, Filter{}); after != before {
		t.Errorf("adding the captures again changed the items:\n%s\n%s", before, after)
	}
	countsAfter, _ := ix.Counts(ctx)
	capsAfter, _ := ix.Captures(ctx)
	histAfter, _ := ix.History(ctx, postEdited)
	if !reflect.DeepEqual(countsBefore, countsAfter) || !reflect.DeepEqual(capsBefore, capsAfter) || !reflect.DeepEqual(histBefore, histAfter) {
		t.Errorf("adding the captures again changed counts, captures or history")
	}
	if countsAfter.Captures != 5 || countsAfter.Items != 6 {
		t.Errorf("counts = %+v", countsAfter)
	}
}

func TestReindexEquivalence(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	ms := scenario()
	addAll(t, ix, ms, inOrder(5))
	want := itemsJSON(t, ix, Filter{})
	wantHist, _ := ix.History(ctx, postGone)
	for _, order := range [][]int{inOrder(5), {4, 3, 2, 1, 0}, {2, 4, 0, 3, 1}} {
		if err := ix.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		if got := itemsJSON(t, ix, Filter{}); got != "[]" {
			t.Fatalf("after Reset: %s", got)
		}
		if c, _ := ix.Counts(ctx); c.Captures != 0 || c.Items != 0 {
			t.Fatalf("after Reset: %+v", c)
		}
		addAll(t, ix, ms, order)
		if got := itemsJSON(t, ix, Filter{}); got != want {
			t.Errorf("order %v gives other items:\n%s\nwant\n%s", order, got, want)
		}
		if h, _ := ix.History(ctx, postGone); !reflect.DeepEqual(h, wantHist) {
			t.Errorf("order %v gives another history", order)
		}
	}
}

func TestItemJSONSchema(t *testing.T) {
	ix := openTemp(t, Options{})
	addAll(t, ix, scenario(), inOrder(5))
	b, err := json.Marshal(item(t, ix, postGone))
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		fields = append(fields, k.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	want := []string{"id", "platform", "kind", "url", "tags", "text", "created_at", "state", "state_since",
		"first_seen", "last_seen_alive", "first_missing", "confirmed_at", "captures", "author"}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("fields %v, want %v", fields, want)
	}
	var v map[string]any
	json.Unmarshal(b, &v)
	author := v["author"].(map[string]any)
	for _, k := range []string{"id", "handle", "display_name", "created_at", "followers", "following", "posts", "avatar_url", "default_avatar"} {
		if _, ok := author[k]; !ok {
			t.Errorf("author lacks %q: %v", k, author)
		}
	}
	if v["confirmed_at"] != "2024-03-01T19:00:00Z" || author["created_at"] != "2023-11-01T00:00:00Z" {
		t.Errorf("times: %v / %v", v["confirmed_at"], author["created_at"])
	}
	page, _ := json.Marshal(item(t, ix, pageWithheld))
	if !strings.Contains(string(page), `"tags":[]`) || strings.Contains(string(page), `"author"`) || strings.Contains(string(page), "null") {
		t.Errorf("page item JSON: %s", page)
	}
	alive, _ := json.Marshal(item(t, ix, acctB))
	if !strings.Contains(string(alive), `"first_missing":"","confirmed_at":""`) || !strings.Contains(string(alive), `"account":{`) {
		t.Errorf("account item JSON: %s", alive)
	}
	var back ItemView
	if err := json.Unmarshal(b, &back); err != nil || !back.ConfirmedAt.Equal(hours(7)) {
		t.Errorf("unmarshal: %v %v", err, back.ConfirmedAt)
	}
}

func TestListedItemCountsAsSeen(t *testing.T) {
	ix := openTemp(t, Options{})
	m := newManifest("collect", "t", hours(0))
	post(m, "x:1", "listed and rate limited", "", hours(0.25))
	observe(m, "x:1", "unavailable", hours(0.5), 429, "", "")
	post(m, "x:2", "listed and observed", "", hours(0.25))
	observe(m, "x:2", "seen", hours(0.5), 200, "", sum("c"))
	addAll(t, ix, []*manifest.Manifest{m}, inOrder(1))
	h, err := ix.History(context.Background(), "x:1")
	if err != nil || len(h) != 2 || !h[0].Implicit || h[0].At.String() != ts(hours(0.25).Add(time.Second)) || h[1].Status != "unavailable" {
		t.Errorf("x:1 history = %+v, %v", h, err)
	}
	h, err = ix.History(context.Background(), "x:2")
	if err != nil || len(h) != 1 || h[0].Implicit || h[0].ContentSHA256 != sum("c") {
		t.Errorf("x:2 history = %+v, %v", h, err)
	}
}
