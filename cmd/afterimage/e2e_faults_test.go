package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// failedLines returns capture's stderr lines that mention url.
func failedLines(stderr, url string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, url) {
			out = append(out, l)
		}
	}
	return out
}

// hangUpServer accepts connections on 127.0.0.1 and closes them at once.
func hangUpServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return l.Addr().String()
}

func TestCaptureBadInputOthersCaptured(t *testing.T) {
	t.Parallel()
	good := httptest.NewServer(testSite())
	defer good.Close()
	tlsSrv := httptest.NewTLSServer(testSite()) // certificate not trusted
	defer tlsSrv.Close()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // longer than network.timeout
		case <-release:
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer slow.Close()
	defer close(release)
	e := newEnv(t, strings.Replace(localConfig, "timeout: 2s", "timeout: 1s", 1))

	bad := []struct{ name, url, why string }{
		{"unreachable host", "http://" + closedPort(t) + "/", "refused"},
		{"refused connection", "http://127.0.0.2:" + portOf(t, closedPort(t)) + "/", "refused"},
		{"connection closed", "http://" + hangUpServer(t) + "/", ""},
		{"TLS: untrusted certificate", tlsSrv.URL + "/", "certificate"},
		{"TLS: https to plain HTTP", "https://" + good.Listener.Addr().String() + "/about", "tls"},
		{"timeout", slow.URL + "/", "timeout"},
		{"invalid URL", "http://bad host/", "invalid"},
		{"non-HTTP scheme", "ftp://127.0.0.1/file.txt", "scheme"},
	}
	args := []string{"capture", good.URL + "/"}
	for _, b := range bad {
		args = append(args, b.url)
	}
	r := e.run(args...)
	if r.code != exitProblems {
		t.Fatalf("capture with bad URLs: exit %d (%v), want 1\n%s", r.code, r.err, r)
	}
	c := parseCapture(t, r) // the good URL is captured
	for _, b := range bad {
		lines := failedLines(r.stderr, b.url)
		if len(lines) != 1 {
			t.Errorf("%s: want one error line naming %s, got %d\n%s", b.name, b.url, len(lines), r.stderr)
			continue
		}
		if !strings.HasPrefix(lines[0], "FAILED "+b.url+": ") || !strings.Contains(strings.ToLower(lines[0]), b.why) {
			t.Errorf("%s: error line %q does not say FAILED %s: …%s…", b.name, lines[0], b.url, b.why)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !strings.HasPrefix(l, "FAILED ") {
			t.Errorf("stderr line is not one error per URL: %q", l)
		}
	}
	if !strings.Contains(r.err.Error(), "8 URL(s) failed") {
		t.Errorf("capture error %q does not count the failures", r.err)
	}

	s := e.mustRun("show", c.id)
	if !strings.Contains(s.stdout, "response  200") || !strings.Contains(s.stdout, good.URL+"/style.css") {
		t.Errorf("the good page and its assets are not in the capture:\n%s", s.stdout)
	}
	if !strings.Contains(s.stdout, "failed    "+slow.URL+"/") {
		t.Errorf("the manifest does not list the timed-out fetch:\n%s", s.stdout)
	}
	if v := e.mustRun("verify"); !strings.Contains(v.stdout, "all sound") {
		t.Errorf("verify after a capture with failures:\n%s", v)
	}
}

func portOf(t *testing.T, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

func TestCaptureRefusesPrivateAddressesByDefault(t *testing.T) {
	t.Parallel()
	srv, conns := newCountingServer(t, testSite())
	port := portOf(t, srv.Listener.Addr().String())
	e := newEnv(t, strings.Replace(localConfig, "allow_private_addresses: true", "allow_private_addresses: false", 1))

	urls := []string{"http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/about"}
	r := e.run(append([]string{"capture"}, urls...)...)
	if r.code != exitProblems {
		t.Fatalf("capture of loopback URLs: exit %d (%v), want 1\n%s", r.code, r.err, r)
	}
	for _, u := range urls {
		lines := failedLines(r.stderr, u)
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "FAILED "+u+": ") ||
			!strings.Contains(lines[0], "127.0.0.1") && !strings.Contains(lines[0], "::1") {
			t.Errorf("want one line refusing %s and naming the loopback address, got %q\n%s", u, lines, r.stderr)
		}
	}
	if n := conns.n.Load(); n != 0 {
		t.Errorf("the server saw %d connections; the policy must refuse before connecting", n)
	}
	if v := e.mustRun("verify"); !strings.Contains(v.stdout, "all sound") {
		t.Errorf("verify after refused fetches:\n%s", v)
	}
}
