package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/s3/s3test"
	"github.com/afterimage-archive/afterimage/schedules"
)

// cli runs one command line in-process and returns its output and exit
// status.
func cli(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	err := run(context.Background(), args, &o, &e, getenv)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(&e, "afterimage:", err) // as main prints it
	}
	return o.String(), e.String(), exitCode(err)
}

func TestCollectAllPlatformsThenVerify(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	cfg := filepath.Join(dir, "afterimage.yaml")
	if err := os.WriteFile(cfg, []byte(f.config(dir, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	env := f.env(nil)
	out, errOut, code := cli(t, env, "--config", cfg, "collect")
	if code != 0 {
		t.Fatalf("collect exit %d\n%s\n%s", code, out, errOut)
	}
	for _, p := range []string{"mastodon", "bluesky", "telegram", "x", "reddit"} {
		if !strings.Contains(out, "  "+p+" ") {
			t.Errorf("collect output lacks platform %s:\n%s", p, out)
		}
	}
	items := listItems(t, env, cfg, "--kind", "post")
	if len(items) < 6 {
		t.Fatalf("got %d posts, want at least 6: %v", len(items), items)
	}
	platforms := map[string]bool{}
	for _, it := range items {
		platforms[it["platform"].(string)] = true
		if it["author"] == nil {
			t.Errorf("post %s has no author", it["id"])
		}
		if it["state"] != "alive" {
			t.Errorf("post %s state %v", it["id"], it["state"])
		}
	}
	if len(platforms) != 5 {
		t.Errorf("posts from %v, want all five platforms", platforms)
	}
	persian := listItems(t, env, cfg, "--tag", "#ايران") // Arabic yeh finds the Persian tag
	if len(persian) == 0 {
		t.Errorf("no items for the Arabic spelling of the Persian tag")
	}
	// A second run fetches only what is new: nothing.
	out, _, code = cli(t, env, "--config", cfg, "collect")
	if code != 0 {
		t.Fatalf("second collect exit %d\n%s", code, out)
	}
	for _, line := range strings.Split(out, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 5 && fields[0] != "PLATFORM" && fields[2] != "0" {
			t.Errorf("second collect found new posts: %q", line)
		}
	}
	out, _, code = cli(t, env, "--config", cfg, "verify")
	if code != 0 || !strings.Contains(out, "all sound") {
		t.Fatalf("verify exit %d\n%s", code, out)
	}
}

func listItems(t *testing.T, env func(string) string, cfg string, args ...string) []map[string]any {
	t.Helper()
	out, errOut, code := cli(t, env, append([]string{"--config", cfg, "items", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("items exit %d: %s", code, errOut)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("items JSON: %v\n%s", err, out)
	}
	return items
}

func TestCollectIntoS3ThenVerify(t *testing.T) {
	srv := s3test.Start(t)
	dir := t.TempDir()
	f := startFakes(t)
	cfgText := strings.Replace(f.config(dir, ""), "storage: {type: local, path: "+dir+"/store}",
		"storage: {type: s3, endpoint: \""+srv.Endpoint+"\", bucket: \""+srv.Bucket()+"\", region: \""+srv.Region+"\", insecure: true, object_lock: {mode: governance, days: 1}}", 1)
	cfg := filepath.Join(dir, "afterimage.yaml")
	if err := os.WriteFile(cfg, []byte(cfgText), 0o644); err != nil {
		t.Fatal(err)
	}
	env := f.env(map[string]string{schedules.EnvS3AccessKey: srv.AccessKey, schedules.EnvS3SecretKey: srv.SecretKey})
	if out, errOut, code := cli(t, env, "--config", cfg, "init"); code != 0 {
		t.Fatalf("init exit %d\n%s\n%s", code, out, errOut)
	}
	if out, errOut, code := cli(t, env, "--config", cfg, "collect"); code != 0 {
		t.Fatalf("collect exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code := cli(t, env, "--config", cfg, "verify")
	if code != 0 || !strings.Contains(out, "all sound") || !strings.Contains(out, "s3://") {
		t.Fatalf("verify exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestCollectPlatformDownOthersCollected(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	f.x.Fail(100, 503)
	cfg := filepath.Join(dir, "afterimage.yaml")
	if err := os.WriteFile(cfg, []byte(f.config(dir, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	env := f.env(nil)
	out, errOut, code := cli(t, env, "--config", cfg, "collect")
	if code != 1 || !strings.Contains(errOut, "FAILED x") {
		t.Fatalf("collect exit %d, want 1 naming x\n%s\n%s", code, out, errOut)
	}
	items := listItems(t, env, cfg, "--kind", "post", "--platform", "mastodon")
	if len(items) == 0 {
		t.Fatal("mastodon posts not collected while x was down")
	}
	if _, _, code := cli(t, env, "--config", cfg, "verify"); code != 0 {
		t.Fatalf("verify exit %d", code)
	}
}

func TestCollectMissingSecretNamesVariable(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	cfg := filepath.Join(dir, "afterimage.yaml")
	os.WriteFile(cfg, []byte(f.config(dir, "")), 0o644)
	_, errOut, code := cli(t, func(k string) string {
		if k == schedules.EnvXBearerToken {
			return ""
		}
		return f.env(nil)(k)
	}, "--config", cfg, "collect")
	if code != 2 || !strings.Contains(errOut, schedules.EnvXBearerToken) {
		t.Fatalf("exit %d, want 2 and an error naming %s: %s", code, schedules.EnvXBearerToken, errOut)
	}
}
