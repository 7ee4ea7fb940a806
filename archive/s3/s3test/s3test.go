package s3test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Install is the command that installs the versitygw binary Start runs.
const Install = "go install github.com/versity/versitygw/cmd/versitygw@v1.8.0"

// EnvBinary names the environment variable that may point at the
// versitygw binary; PATH and $(go env GOPATH)/bin are tried after it.
const EnvBinary = "AFTERIMAGE_VERSITYGW"

// startTimeout bounds how long Start waits for the server to answer.
const startTimeout = 15 * time.Second

// Server is a running versitygw reachable on 127.0.0.1 over plain HTTP.
type Server struct {
	Endpoint  string // "127.0.0.1:<port>", no scheme
	AccessKey string
	SecretKey string
	Region    string
}

// Start runs a versitygw with a posix backend and a versioning directory
// in t.TempDir(), on a free port of 127.0.0.1 with random credentials,
// waits until it answers and stops it when the test ends. It fails the test
// (never skips) if the binary is missing or the server does not come up.
func Start(t testing.TB) Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatalf("s3test: %v", err)
		return Server{}
	}
	dir := t.TempDir()
	srv := Server{AccessKey: random(10), SecretKey: random(20), Region: "us-east-1"}
	var last error
	for range 3 { // the free port may be taken before the server binds it
		if last = srv.run(t, bin, dir); last == nil {
			return srv
		}
	}
	t.Fatalf("s3test: %v", last)
	return Server{}
}

// Bucket returns a new bucket name, unique to this call; it does not create
// the bucket.
func (s Server) Bucket() string { return "t-" + random(8) }

// run starts one versitygw process on a free port and waits for it.
func (s *Server) run(t testing.TB, bin, dir string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	data, versions := filepath.Join(dir, "data"), filepath.Join(dir, "versions")
	for _, d := range []string{data, versions} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	log := &bytes.Buffer{}
	cmd := exec.Command(bin, "--port", port, "--region", s.Region, "--quiet", "--health", "/health",
		"posix", "--versioning-dir", versions, data)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY_ID="+s.AccessKey, "ROOT_SECRET_ACCESS_KEY="+s.SecretKey)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	if err := waitHealthy(port, exited); err != nil {
		stop(cmd, exited)
		return fmt.Errorf("versitygw on %s: %w; output:\n%s", port, err, log)
	}
	t.Cleanup(func() { stop(cmd, exited) })
	s.Endpoint = port
	return nil
}

// waitHealthy polls the health endpoint until it answers 200, the process
// exits, or startTimeout passes.
func waitHealthy(addr string, exited <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/health", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("exited before answering: %v", err)
		case <-ctx.Done():
			return errors.New("no answer within " + startTimeout.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// stop interrupts the server and kills it if it does not exit promptly.
func stop(cmd *exec.Cmd, exited <-chan error) {
	cmd.Process.Signal(os.Interrupt)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
}

// freePort returns a 127.0.0.1 address whose port was free a moment ago.
func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Binary finds the versitygw binary: $AFTERIMAGE_VERSITYGW, then PATH, then
// $(go env GOPATH)/bin. The error says how to install it.
func Binary() (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("$%s=%s: %w; install versitygw with: %s", EnvBinary, p, err, Install)
		}
		return p, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, gp := range filepath.SplitList(strings.TrimSpace(string(out))) {
			p := filepath.Join(gp, "bin", "versitygw")
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("versitygw binary not found ($%s, PATH, $(go env GOPATH)/bin); install it with: %s", EnvBinary, Install)
}

// random returns n random bytes as lowercase hex.
func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
