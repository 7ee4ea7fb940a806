package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/s3"
	"github.com/afterimage-archive/afterimage/archive/s3/s3test"
	"github.com/afterimage-archive/afterimage/schedules"
)

func TestS3InitCaptureVerify(t *testing.T) {
	t.Parallel()
	srv := s3test.Start(t)
	bucket := srv.Bucket()
	site := httptest.NewServer(testSite())
	defer site.Close()
	e := newEnv(t, fmt.Sprintf(`data_dir: {{DIR}}/data
storage:
  type: s3
  endpoint: %q
  bucket: %s
  region: %s
  insecure: true
  object_lock: {mode: governance, days: 1}
log:
  origin: test.afterimage.local/log
network:
  allow_private_addresses: true
  retries: 0
  robots: ignore
`, srv.Endpoint, bucket, srv.Region))

	// Without keys in the environment the store cannot be opened.
	if r := e.run("init"); r.code != exitUsage || !strings.Contains(r.err.Error(), schedules.EnvS3AccessKey) {
		t.Fatalf("init without S3 keys: exit %d (%v), want 2 naming %s", r.code, r.err, schedules.EnvS3AccessKey)
	}
	e.env[schedules.EnvS3AccessKey], e.env[schedules.EnvS3SecretKey] = srv.AccessKey, srv.SecretKey

	r := e.mustRun("init")
	if !strings.Contains(r.stdout, "bucket ready: s3://"+bucket+"@"+srv.Endpoint) {
		t.Errorf("init does not report the bucket:\n%s", r)
	}
	vkey, _, _ := initKey(t, r)
	if !strings.HasPrefix(vkey, "test.afterimage.local/log+") {
		t.Errorf("init key %q is not named after the log origin", vkey)
	}

	c := parseCapture(t, e.mustRun("capture", "--depth", "1", site.URL+"/"))
	v := e.mustRun("verify")
	if !strings.Contains(v.stdout, "all sound") || !strings.Contains(v.stdout, "s3://"+bucket) || logLeaves(t, v) != 1 {
		t.Errorf("verify of the S3 archive:\n%s", v)
	}
	if s := e.mustRun("show", c.id); !strings.Contains(s.stdout, site.URL+"/about") {
		t.Errorf("show from S3:\n%s", s)
	}

	// The stored objects are under governance retention.
	ctx := context.Background()
	st, err := s3.New(ctx, s3.Config{Endpoint: srv.Endpoint, Bucket: bucket, Region: srv.Region, Insecure: true,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"warc/" + c.warc + ".warc.gz", "manifests/" + c.manifest + ".json"} {
		info, err := st.Stat(ctx, key)
		if err != nil {
			t.Errorf("stat %s: %v", key, err)
			continue
		}
		if info.LockMode != "GOVERNANCE" || info.RetainUntil.IsZero() || info.VersionID == "" {
			t.Errorf("%s: lock %q until %v, version %q; want GOVERNANCE retention and a version", key, info.LockMode, info.RetainUntil, info.VersionID)
		}
	}
	// A second init keeps the bucket and the key.
	if vkey2, _, isNew := initKey(t, e.mustRun("init")); vkey2 != vkey || isNew {
		t.Errorf("second init: key %q (new %v), want %q", vkey2, isNew, vkey)
	}
}
