package evlog

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"

	"github.com/afterimage-archive/afterimage/archive"
)

// KeyFile is the name of the signer's private key file in the data
// directory. It never enters the store.
const KeyFile = "log-signer.key"

// GenerateKey makes a new Ed25519 note key pair named origin: skey is the
// private key ("PRIVATE+KEY+<origin>+<hash>+<base64>"), vkey the verifier
// key ("<origin>+<hash>+<base64>"). It fails when origin is not a valid key
// name (empty, or containing spaces or '+').
func GenerateKey(origin string) (skey, vkey string, err error) {
	if origin == "" || !utf8.ValidString(origin) || strings.IndexFunc(origin, unicode.IsSpace) >= 0 || strings.Contains(origin, "+") {
		return "", "", fmt.Errorf("generate log key: %q is not a key name (non-empty, no spaces, no '+')", origin)
	}
	skey, vkey, err = note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return "", "", fmt.Errorf("generate log key %q: %w", origin, err)
	}
	return skey, vkey, nil
}

// LoadOrCreateKey returns the log signer kept in <dataDir>/log-signer.key,
// making a new key named origin when the file does not exist (created is
// then true). The file is written with mode 0600 and published with a hard
// link, so two processes racing here end up with the same key. It fails
// when the file is unreadable or malformed, or holds a key for another
// origin.
func LoadOrCreateKey(dataDir, origin string) (signer note.Signer, vkey string, created bool, err error) {
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		created, err = createKeyFile(dataDir, path, origin)
		if err != nil {
			return nil, "", false, err
		}
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, "", false, fmt.Errorf("read log key: %w", err)
	}
	signer, vkey, err = parseSignerKey(strings.TrimSuffix(string(b), "\n"))
	if err != nil {
		return nil, "", false, fmt.Errorf("log key %s: %w", path, err)
	}
	if signer.Name() != origin {
		return nil, "", false, fmt.Errorf("log key %s is named %q but the log origin is %q", path, signer.Name(), origin)
	}
	return signer, vkey, created, nil
}

// createKeyFile writes a new key to a temporary file and links it to path.
// created is false when another process published a key first.
func createKeyFile(dataDir, path, origin string) (created bool, err error) {
	skey, _, err := GenerateKey(origin)
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return false, fmt.Errorf("create log key: %w", err)
	}
	f, err := os.CreateTemp(dataDir, KeyFile+".tmp*")
	if err != nil {
		return false, fmt.Errorf("create log key: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = io.WriteString(f, skey+"\n")
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("write log key %s: %w", f.Name(), err)
	}
	if err := os.Link(f.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("create log key %s: %w", path, err)
	}
	return true, syncDir(dataDir)
}

// syncDir makes a directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// parseSignerKey returns the signer for an Ed25519 skey and the matching
// verifier key, derived from the private seed.
func parseSignerKey(skey string) (note.Signer, string, error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, "", fmt.Errorf("not a note signer key: %w", err)
	}
	f := strings.SplitN(skey, "+", 5)
	if len(f) != 5 {
		return nil, "", errors.New("not a note signer key")
	}
	raw, err := base64.StdEncoding.DecodeString(f[4])
	if err != nil || len(raw) != 1+ed25519.SeedSize || raw[0] != 1 {
		return nil, "", errors.New("not an Ed25519 note signer key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(signer.Name(), pub)
	if err != nil {
		return nil, "", err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil || v.KeyHash() != signer.KeyHash() {
		return nil, "", errors.New("key hash does not match the key")
	}
	return signer, vkey, nil
}

// KeyHash returns the lowercase hex SHA-256 of the verifier key line, which
// the researcher publishes beside the key name so that others can tell the
// key in a bundle is the log's.
func KeyHash(vkey string) string {
	sum := sha256.Sum256([]byte(vkey))
	return hex.EncodeToString(sum[:])
}

// PublishKey puts vkey followed by "\n" at keys/<name>.vkey, name being the
// key's name (the origin). An existing identical object is fine; an object
// with other bytes fails with archive.ErrExists: the store names another
// key for this origin.
func PublishKey(ctx context.Context, s archive.Store, vkey string) error {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return fmt.Errorf("publish log key: %w", err)
	}
	key := archive.KeyName(v.Name())
	if err := putOnce(ctx, s, key, []byte(vkey+"\n")); err != nil {
		return fmt.Errorf("publish log key: %w", err)
	}
	return nil
}

// ReadPublishedKey returns the verifier key stored for name (the origin),
// without its trailing newline. A missing key fails with
// archive.ErrNotFound.
func ReadPublishedKey(ctx context.Context, s archive.Store, name string) (string, error) {
	b, err := readObject(ctx, s, archive.KeyName(name), 4096)
	if err != nil {
		return "", err
	}
	vkey := string(bytes.TrimSuffix(b, []byte("\n")))
	if _, err := note.NewVerifier(vkey); err != nil {
		return "", fmt.Errorf("read %s: %w", archive.KeyName(name), err)
	}
	return vkey, nil
}
