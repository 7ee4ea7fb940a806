package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

func ids(t *testing.T, ix *Index, f Filter) []string {
	t.Helper()
	items, err := ix.Items(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, v := range items {
		out = append(out, v.ID)
	}
	return out
}

func TestFilters(t *testing.T) {
	ix := openTemp(t, Options{})
	addAll(t, ix, scenario(), inOrder(5))
	cases := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all", Filter{}, []string{postBlip, acctB, acctA, postGone, postEdited, pageWithheld}},
		{"platform", Filter{Platforms: []string{"bluesky", "web"}}, []string{postBlip, acctB, pageWithheld}},
		{"kind", Filter{Kinds: []string{"account"}}, []string{acctB, acctA}},
		{"state", Filter{States: []string{"deleted", "suspended"}}, []string{acctA, postGone}},
		{"tag", Filter{Tags: []string{"ایران"}}, []string{postBlip, postEdited}},
		{"tag added later", Filter{Tags: []string{"iran_regime_change"}}, []string{postEdited}},
		{"tag is exact", Filter{Tags: []string{"FreeIran"}}, []string{}},
		{"target", Filter{Targets: []string{"news"}}, []string{pageWithheld}},
		{"ids", Filter{IDs: []string{postGone, "x:unknown"}}, []string{postGone}},
		{"combined", Filter{Platforms: []string{"mastodon"}, Kinds: []string{"post"}, Tags: []string{"freeiran"}, States: []string{"changed"}}, []string{postEdited}},
		// created_at is an hour before the sighting; the page has none, so
		// its first sighting (00:30:01) counts.
		{"since", Filter{Since: hours(0), Kinds: []string{"post", "page"}}, []string{postEdited, pageWithheld}},
		{"until", Filter{Until: hours(0), Kinds: []string{"post", "page"}}, []string{postBlip, postGone}},
		{"since until", Filter{Since: hours(0.5), Until: hours(0.6)}, []string{pageWithheld}},
	}
	for _, c := range cases {
		if got := ids(t, ix, c.f); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestEachItemPages(t *testing.T) {
	ix := openTemp(t, Options{})
	m := newManifest("collect", "many", hours(0))
	for i := range itemPage*2 + 7 {
		post(m, fmt.Sprintf("x:%05d", i), "p", "", hours(0), "t")
	}
	addAll(t, ix, []*manifest.Manifest{m}, inOrder(1))
	n, last := 0, ""
	err := ix.EachItem(context.Background(), Filter{Tags: []string{"t"}}, func(v ItemView) error {
		if v.ID <= last {
			t.Fatalf("out of order: %s after %s", v.ID, last)
		}
		// The index can be used from within fn.
		if h, err := ix.History(context.Background(), v.ID); err != nil || len(h) != 1 {
			return fmt.Errorf("history of %s: %v, %d", v.ID, err, len(h))
		}
		last = v.ID
		n++
		return nil
	})
	if err != nil || n != itemPage*2+7 {
		t.Errorf("EachItem: %v, %d items", err, n)
	}
	stop := errors.New("stop")
	if err := ix.EachItem(context.Background(), Filter{}, func(ItemView) error { return stop }); err != stop {
		t.Errorf("EachItem did not return fn's error: %v", err)
	}
}

func TestResolveCapture(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	var ms []*manifest.Manifest
	for i := range 40 {
		ms = append(ms, newManifest("capture", "", hours(float64(i))))
	}
	all := addAll(t, ix, ms, inOrder(40))
	byFirst := map[byte][]string{}
	for _, id := range all {
		byFirst[id[0]] = append(byFirst[id[0]], id)
	}
	var ambiguous string
	for c, l := range byFirst {
		if len(l) > 1 {
			ambiguous = string(c)
		}
	}
	for _, id := range all {
		for _, p := range []string{id, id[:12]} {
			got, err := ix.ResolveCapture(ctx, p)
			if err != nil || got != id {
				t.Errorf("ResolveCapture(%s) = %s, %v", p, got, err)
			}
		}
	}
	_, err := ix.ResolveCapture(ctx, ambiguous)
	if !errors.Is(err, ErrAmbiguous) || !strings.Contains(err.Error(), `"`+ambiguous+`"`) {
		t.Errorf("ambiguous prefix: err = %v", err)
	}
	missing := "0000000000"
	if strings.HasPrefix(all[0], missing) {
		missing = "ffffffffff"
	}
	if _, err := ix.ResolveCapture(ctx, missing); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), missing) {
		t.Errorf("unknown prefix: err = %v", err)
	}
	for _, bad := range []string{"", "ABC", "xyz", strings.Repeat("a", 65)} {
		if _, err := ix.ResolveCapture(ctx, bad); err == nil || errors.Is(err, ErrNotFound) {
			t.Errorf("ResolveCapture(%q): err = %v", bad, err)
		}
	}
	c, err := ix.Capture(ctx, all[3])
	if err != nil || c.Command != "capture" || c.LogIndex != 3 || len(c.WARCs) != 1 || !c.Started.Equal(hours(3)) {
		t.Errorf("Capture = %+v, %v", c, err)
	}
	if _, err := ix.Capture(ctx, strings.Repeat("0", 64)); !errors.Is(err, ErrNotFound) {
		t.Errorf("Capture(unknown): err = %v", err)
	}
	cs, err := ix.Captures(ctx)
	if err != nil || len(cs) != 40 || cs[39].ID != all[39] || len(cs[5].WARCs) != 1 {
		t.Errorf("Captures: %v, %d", err, len(cs))
	}
}

func TestRecordsAndFailures(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	m := scenario()[0]
	m.Failures = []manifest.Failure{{URL: "https://down.example/", Error: "connection refused", At: ts(hours(0.1))}}
	m.Records[1].Truncated = "length"
	id := addAll(t, ix, []*manifest.Manifest{m}, inOrder(1))[0]
	rs, err := ix.Records(ctx, id)
	if err != nil || len(rs) != len(m.Records) {
		t.Fatalf("Records: %v, %d", err, len(rs))
	}
	for i, r := range rs {
		mr := m.Records[i]
		got := []any{r.ID, r.Seq, r.Type, r.TargetURI, r.Offset, r.Length, r.SHA256, r.BlockDigest, r.PayloadDigest, r.Status, r.ContentType, r.IPAddress, r.Truncated, r.FetchStart.String(), r.FetchEnd.String()}
		want := []any{mr.ID, i, mr.Type, mr.TargetURI, mr.Offset, mr.Length, mr.SHA256, mr.BlockDigest, mr.PayloadDigest, mr.Status, mr.ContentType, mr.IPAddress, mr.Truncated, mr.FetchStart, mr.FetchEnd}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("record %d:\n got  %v\n want %v", i, got, want)
		}
	}
	fs, err := ix.Failures(ctx, id)
	if err != nil || len(fs) != 1 || fs[0].URL != "https://down.example/" || fs[0].At.String() != ts(hours(0.1)) {
		t.Errorf("Failures = %+v, %v", fs, err)
	}
}

func TestAddCaptureRejects(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	m := scenario()[0]
	if err := ix.AddCapture(ctx, "abc", 0, m); err == nil || !strings.Contains(err.Error(), "64 lowercase hex") {
		t.Errorf("short id: err = %v", err)
	}
	m.Items[0].Kind = "story"
	err := ix.AddCapture(ctx, sum("x"), 0, m)
	if err == nil || !strings.Contains(err.Error(), "items[0].kind") {
		t.Errorf("invalid manifest: err = %v", err)
	}
	if c, _ := ix.Counts(ctx); c.Captures != 0 || c.Items != 0 {
		t.Errorf("a rejected capture left rows: %+v", c)
	}
}

func TestOpenMigratesAndRederives(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.db")
	ix, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := newManifest("recheck", "", hours(0))
	post(m, "x:1", "p", "", hours(0))
	observe(m, "x:1", manifest.StatusMissing, hours(1), 404, "", "")
	observe(m, "x:1", manifest.StatusMissing, hours(4), 404, "", "")
	addAll(t, ix, []*manifest.Manifest{m}, inOrder(1))
	if s := item(t, ix, "x:1").State; s != "missing" {
		t.Errorf("with confirm_after 6h: %s", s)
	}
	ix.Close()

	ix, err = Open(ctx, path, Options{ConfirmAfter: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if v := item(t, ix, "x:1"); v.State != "deleted" || !v.ConfirmedAt.Equal(hours(4)) {
		t.Errorf("with confirm_after 2h: %s confirmed %s", v.State, v.ConfirmedAt)
	}
	ix.Close()

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := db.QueryRow(`SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil || v != len(migrations()) {
		t.Errorf("schema version %d, %v", v, err)
	}
	var mode string
	db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal mode %q", mode)
	}
	db.Exec(`INSERT INTO schema_version (version) VALUES (99)`)
	db.Close()
	if _, err := Open(ctx, path, Options{}); err == nil || !strings.Contains(err.Error(), "schema version 99 is newer") {
		t.Errorf("newer schema: err = %v", err)
	}
	if _, err := Open(ctx, "a?b", Options{}); err == nil {
		t.Error("path with ? accepted")
	}
}

func TestAddExportEvent(t *testing.T) {
	ix := openTemp(t, Options{})
	ctx := context.Background()
	ids := addAll(t, ix, scenario()[:1], inOrder(1))
	e := newManifest("export", "", hours(9))
	e.Kind = manifest.KindExport
	e.Export = &manifest.Export{Bundle: "case.zip", SHA256: sum("bundle"), Items: []string{postGone}, Captures: ids, Filter: "--state deleted"}
	eid := captureID(t, e)
	if err := ix.AddCapture(ctx, eid, 1, e); err != nil {
		t.Fatal(err)
	}
	c, err := ix.Capture(ctx, eid)
	if err != nil || c.Kind != "export" || c.Command != "export" || c.LogIndex != 1 {
		t.Errorf("export event = %+v, %v", c, err)
	}
	if v := item(t, ix, postGone); len(v.Captures) != 1 {
		t.Errorf("an export changed the item's captures: %v", v.Captures)
	}
}
