package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/schedules"
)

func TestBadConfigNamesFileLineKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		want       []string // in the error, after the file name
	}{
		{"unknown store", "data_dir: {{DIR}}/data\nstorage:\n  type: ftp\n", []string{":3:", "storage.type", "ftp"}},
		{"store type on line 2", "storage: {type: ftp}\ndata_dir: {{DIR}}/data\n", []string{":1:", "storage.type", "ftp"}},
		{"bad duration", "data_dir: {{DIR}}/data\nnetwork:\n  timeout: soon\n", []string{":3", "timeout"}},
		{"unknown key", "data_dir: {{DIR}}/data\nstorage:\n  typo: local\n", []string{":3", "typo"}},
		{"s3 without bucket", "data_dir: {{DIR}}/data\nstorage:\n  type: s3\n  endpoint: 127.0.0.1:9\n", []string{"storage.bucket"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, c.text)
			for _, cmd := range [][]string{{"capture", "http://127.0.0.1:9/"}, {"verify"}} {
				r := e.run(cmd...)
				if r.code != exitUsage {
					t.Fatalf("%s with a bad config: exit %d (%v), want 2", cmd[0], r.code, r.err)
				}
				msg := r.err.Error()
				if !strings.HasPrefix(msg, e.cfgPath+":") {
					t.Errorf("%s: error %q does not start with the file name %s", cmd[0], msg, e.cfgPath)
				}
				for _, w := range c.want {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: error %q lacks %q", cmd[0], msg, w)
					}
				}
				if strings.Contains(msg, "\n") {
					t.Errorf("%s: error is not one line: %q", cmd[0], msg)
				}
			}
			if _, err := os.Stat(e.dataDir); err == nil {
				t.Errorf("a command with a bad config created the data directory")
			}
		})
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	for _, args := range [][]string{
		{"capture", "--bogus", "http://127.0.0.1:9/"},
		{"capture"},
		{"capture", "--depth", "-1", "http://127.0.0.1:9/"},
		{"nosuchcommand"},
		{"verify", "extra"},
		{"show"},
	} {
		r := e.run(args...)
		if r.code != exitUsage {
			t.Errorf("afterimage %s: exit %d (%v), want 2", strings.Join(args, " "), r.code, r.err)
		}
	}
	r := runCLI(t, e.getenv, "--config", filepath.Join(e.dir, "missing.yaml"), "verify")
	if r.code != exitUsage || !strings.Contains(r.err.Error(), "missing.yaml") {
		t.Errorf("verify with a missing --config file: exit %d (%v), want 2 naming the file", r.code, r.err)
	}
}

var (
	reNewKey  = regexp.MustCompile(`(?m)^(new|existing) log key: (\S+)$`)
	reKeyHash = regexp.MustCompile(`(?m)^key hash \(sha256 of the key line\): ([0-9a-f]{64})$`)
)

// initKey returns the key line and hash init printed, and whether it
// said the key is new.
func initKey(t *testing.T, r cliResult) (vkey, hash string, isNew bool) {
	t.Helper()
	k, h := reNewKey.FindStringSubmatch(r.stdout), reKeyHash.FindStringSubmatch(r.stdout)
	if k == nil || h == nil {
		t.Fatalf("init does not print the key name and hash:\n%s", r)
	}
	if evlog.KeyHash(k[2]) != h[1] {
		t.Errorf("init printed hash %s for key %s; want %s", h[1], k[2], evlog.KeyHash(k[2]))
	}
	return k[2], h[1], k[1] == "new"
}

// TestInitWithoutConfig runs init on a fresh machine: no config, the
// current directory empty. It changes the working directory, so it does
// not run in parallel.
func TestInitWithoutConfig(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	getenv := func(string) string { return "" }

	r := runCLI(t, getenv, "init")
	if r.code != 0 {
		t.Fatalf("init: %v\n%s", r.err, r)
	}
	if !strings.Contains(r.stdout, "wrote ./afterimage.yaml") {
		t.Errorf("init does not say it wrote the config:\n%s", r)
	}
	b, err := os.ReadFile(filepath.Join(dir, "afterimage.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := schedules.Parse("afterimage.yaml", b)
	if err != nil {
		t.Fatalf("the config init wrote does not parse: %v\n%s", err, b)
	}
	if c.Storage.Type != "local" || c.DataDir != "./afterimage-data" || c.Network.AllowPrivateAddresses {
		t.Errorf("init's config is not the local default: %+v", c)
	}
	if d := schedules.DefaultConfig(); c.Log.Origin != d.Log.Origin || c.Network.Robots != d.Network.Robots {
		t.Errorf("init's config differs from the embedded default: origin %q robots %q", c.Log.Origin, c.Network.Robots)
	}
	if n := strings.Count(string(b), "#"); n < 10 {
		t.Errorf("init's config has %d comments; it should explain its keys", n)
	}
	vkey, _, isNew := initKey(t, r)
	if !isNew || !strings.HasPrefix(vkey, c.Log.Origin+"+") {
		t.Errorf("init made key %q (new %v), want a new key named %s", vkey, isNew, c.Log.Origin)
	}
	if fi, err := os.Stat(filepath.Join(dir, "afterimage-data", evlog.KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("signing key file: %v (mode %v), want mode 0600", err, fi)
	}
	pub, err := os.ReadFile(filepath.Join(dir, "afterimage-data", "store", "keys", c.Log.Origin+".vkey"))
	if err != nil || strings.TrimSpace(string(pub)) != vkey {
		t.Errorf("published key %q (%v), want %q", pub, err, vkey)
	}

	// A second init keeps the config and the key.
	r2 := runCLI(t, getenv, "init")
	if r2.code != 0 || !strings.Contains(r2.stdout, "kept existing ./afterimage.yaml") {
		t.Fatalf("second init:\n%s", r2)
	}
	if vkey2, _, isNew2 := initKey(t, r2); vkey2 != vkey || isNew2 {
		t.Errorf("second init: key %q (new %v), want the existing %q", vkey2, isNew2, vkey)
	}
	if v := runCLI(t, getenv, "verify"); v.code != 0 || !strings.Contains(v.stdout, "all sound") {
		t.Errorf("verify of a fresh archive:\n%s", v)
	}
}
