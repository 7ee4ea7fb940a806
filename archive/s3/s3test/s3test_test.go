package s3test_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/s3/s3test"
)

func TestStart(t *testing.T) {
	srv := s3test.Start(t)
	if !strings.HasPrefix(srv.Endpoint, "127.0.0.1:") || srv.AccessKey == "" || srv.SecretKey == "" || srv.Region == "" {
		t.Fatalf("Start() = %+v, want a 127.0.0.1 endpoint and credentials", srv)
	}
	// Unsigned requests are refused: the server runs with our credentials.
	resp, err := http.Get("http://" + srv.Endpoint + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("anonymous ListBuckets: %s, want 403", resp.Status)
	}
	if a, b := srv.Bucket(), srv.Bucket(); a == b || len(a) < 3 || strings.ToLower(a) != a {
		t.Errorf("Bucket() = %q, %q; want distinct lowercase names", a, b)
	}
}

// fatalTB records Fatalf instead of stopping the test.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Fatalf(format string, args ...any) { f.msg = fmt.Sprintf(format, args...) }

func TestMissingBinaryFails(t *testing.T) {
	t.Setenv(s3test.EnvBinary, t.TempDir()+"/no-versitygw")
	tb := &fatalTB{TB: t}
	s3test.Start(tb)
	if !strings.Contains(tb.msg, s3test.Install) {
		t.Errorf("Start without a binary reported %q, want the install command", tb.msg)
	}
}

// BenchmarkStart measures how long a versitygw takes to start and answer.
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		tb := &cleanupTB{TB: b}
		s3test.Start(tb)
		b.StopTimer()
		tb.cleanup()
		b.StartTimer()
	}
}

// cleanupTB runs cleanups when told, so a benchmark stops each server
// before starting the next.
type cleanupTB struct {
	testing.TB
	fns []func()
}

func (c *cleanupTB) Cleanup(fn func()) { c.fns = append(c.fns, fn) }

func (c *cleanupTB) cleanup() {
	for i := len(c.fns) - 1; i >= 0; i-- {
		c.fns[i]()
	}
}
