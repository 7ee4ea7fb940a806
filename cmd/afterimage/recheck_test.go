package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRecheckDocumentsTakedowns collects, then deletes and suspends on the
// fakes: a first recheck finds the deleted posts missing (unconfirmed) and
// the suspended accounts' content suspended at once; a second look after
// confirm_after confirms the deletions. Rate limiting changes nothing.
func TestRecheckDocumentsTakedowns(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	cfg := filepath.Join(dir, "afterimage.yaml")
	extra := "recheck: {plan: [1h], every: 24h, confirm_after: 1s, batch: 3}\n"
	if err := os.WriteFile(cfg, []byte(f.config(dir, extra)), 0o644); err != nil {
		t.Fatal(err)
	}
	env := f.env(nil)
	if out, errOut, code := cli(t, env, "--config", cfg, "collect"); code != 0 {
		t.Fatalf("collect exit %d\n%s\n%s", code, out, errOut)
	}
	byPlatform := func(state string) map[string]int {
		m := map[string]int{}
		for _, it := range listItems(t, env, cfg, "--kind", "post", "--state", state) {
			m[it["platform"].(string)]++
		}
		return m
	}
	f.masto.DeleteStatus(f.mastoPost.ID)

	// Rate limiting answers are unavailable: they change no state.
	f.masto.RateLimit(100)
	if out, errOut, code := cli(t, env, "--config", cfg, "recheck", "--all"); code > 1 {
		t.Fatalf("recheck exit %d\n%s\n%s", code, out, errOut)
	}
	if got := byPlatform("missing")["mastodon"]; got != 0 {
		t.Fatalf("a rate-limited recheck changed %d mastodon posts to missing", got)
	}
	f.masto.RateLimit(0)
	// The other removals happen after that look, so that the next look is
	// the first to see them, and the one after confirm_after confirms them.
	f.bsky.TakedownAccount("sara.bsky.social")
	f.tg.DeleteMessage("iran_news", 101)
	f.x.DeletePost("9001")
	f.rd.DeletePost("p1")

	if out, errOut, code := cli(t, env, "--config", cfg, "recheck", "--all"); code != 0 {
		t.Fatalf("recheck exit %d\n%s\n%s", code, out, errOut)
	}
	missing := byPlatform("missing")
	for _, p := range []string{"mastodon", "telegram", "x", "reddit"} {
		if missing[p] != 1 {
			t.Errorf("after one recheck: %d %s posts missing, want 1 (unconfirmed)", missing[p], p)
		}
	}
	if s := byPlatform("suspended"); s["bluesky"] != 1 {
		t.Errorf("bluesky post of a taken-down account: suspended = %d, want 1", s["bluesky"])
	}
	time.Sleep(1100 * time.Millisecond)
	if out, errOut, code := cli(t, env, "--config", cfg, "recheck", "--all"); code != 0 {
		t.Fatalf("second recheck exit %d\n%s\n%s", code, out, errOut)
	}
	deleted := byPlatform("deleted")
	for _, p := range []string{"mastodon", "telegram", "x", "reddit"} {
		if deleted[p] != 1 {
			t.Errorf("after the confirming recheck: %d %s posts deleted, want 1", deleted[p], p)
		}
	}
	// The deletion is documented: the history names the capture holding
	// the 404, and the removal interval is known.
	items := listItems(t, env, cfg, "--platform", "mastodon", "--state", "deleted")
	if len(items) != 1 {
		t.Fatalf("deleted mastodon items: %v", items)
	}
	it := items[0]
	if it["last_seen_alive"] == "" || it["first_missing"] == "" || it["confirmed_at"] == "" {
		t.Errorf("removal interval incomplete: %v", it)
	}
	out, _, code := cli(t, env, "--config", cfg, "history", it["id"].(string))
	if code != 0 || !strings.Contains(out, "Record not found") || !strings.Contains(out, "deleted") {
		t.Errorf("history:\n%s", out)
	}
	if out, _, code := cli(t, env, "--config", cfg, "verify"); code != 0 {
		t.Fatalf("verify exit %d\n%s", code, out)
	}
}
