package evlog_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/local"
)

func ExampleFormatProof() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "evlog-example")
	defer os.RemoveAll(dir)
	store, _ := local.New(dir)

	// A fixed key, so that the signature below is always the same.
	skey, vkey, _ := note.GenerateKey(bytes.NewReader(make([]byte, 32)), "example.org/log")
	signer, _ := note.NewSigner(skey)
	verifier, _ := note.NewVerifier(vkey)

	lg, _ := evlog.Open(ctx, store, "example.org/log", verifier)
	var leaves [][]byte
	for _, m := range []string{`{"n":0}`, `{"n":1}`, `{"n":2}`} {
		sum := sha256.Sum256([]byte(m))
		store.Put(ctx, archive.ManifestKey(sum), strings.NewReader(m), int64(len(m)), sum)
		leaves = append(leaves, []byte(m))
	}
	_, cp, _ := lg.Append(ctx, signer, leaves...)

	proof, _ := lg.ProveRecord(ctx, 1, cp.Size)
	file := evlog.FormatProof(1, proof, cp.Note)
	fmt.Print(string(file))
	fmt.Println(evlog.VerifyProof(file, []byte(`{"n":1}`), vkey, "example.org/log"))
	// Output:
	// c2sp.org/tlog-proof@v1
	// index 1
	// +UBwq/0toL9ykC6xOoCOeU+VTZ4nRcaCoVj27Q1KwDY=
	// PR3ndt8IbBrp9wSdK7DAR1rRQYX5h+Bk6NENyy20oyI=
	//
	// example.org/log
	// 3
	// LP73YnWX4AtWSXV3Stco7yEHBnWfym1kE4xt/By/LNo=
	//
	// — example.org/log TpMzAwoA/MFuqcDSph4bsTL8H6FrV+Bs1O63f4vyqrPSLwpFU/DeNQtw2LYVhp3XbAyYudiW2cSpxwWs03fp7vDUvwI=
	// <nil>
}

func TestProofRoundTripAndFailures(t *testing.T) {
	ctx := context.Background()
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	cp := appendN(t, l, s, k, 0, 13)
	for i := int64(0); i < 13; i++ {
		p, err := l.ProveRecord(ctx, i, 13)
		if err != nil {
			t.Fatal(err)
		}
		file := evlog.FormatProof(i, p, cp.Note)
		parsed, err := evlog.ParseProof(file)
		if err != nil {
			t.Fatal(err)
		}
		if parsed.Index != i || len(parsed.Path) != len(p) || !bytes.Equal(parsed.Checkpoint, cp.Note) || parsed.Extra != nil {
			t.Fatalf("ParseProof = %+v", parsed)
		}
		if err := evlog.VerifyProof(file, manifest(int(i)), k.vkey, origin); err != nil {
			t.Fatalf("leaf %d: %v", i, err)
		}
		if err := evlog.VerifyProof(file, manifest(int(i+1)), k.vkey, origin); !errors.Is(err, evlog.ErrInconsistent) {
			t.Fatalf("leaf %d with other data: %v", i, err)
		}
	}
	p, _ := l.ProveRecord(ctx, 4, 13)
	file := evlog.FormatProof(4, p, cp.Note)
	other := newKey(t, origin)
	if err := evlog.VerifyProof(file, manifest(4), other.vkey, origin); !errors.Is(err, evlog.ErrSignature) {
		t.Errorf("other key: %v", err)
	}
	if err := evlog.VerifyProof(file, manifest(4), k.vkey, "other.example/log"); err == nil {
		t.Error("other origin accepted")
	}
	moved := evlog.FormatProof(5, p, cp.Note)
	if err := evlog.VerifyProof(moved, manifest(4), k.vkey, origin); err == nil {
		t.Error("proof for another index accepted")
	}
	beyond := evlog.FormatProof(13, p, cp.Note)
	if err := evlog.VerifyProof(beyond, manifest(4), k.vkey, origin); err == nil {
		t.Error("index beyond the tree accepted")
	}
	// Extra data is parsed and not trusted.
	withExtra := bytes.Replace(file, []byte("index "), []byte("extra aGVsbG8=\nindex "), 1)
	parsed, err := evlog.ParseProof(withExtra)
	if err != nil || string(parsed.Extra) != "hello" {
		t.Errorf("extra: %q, %v", parsed.Extra, err)
	}
	if err := evlog.VerifyProof(withExtra, manifest(4), k.vkey, origin); err != nil {
		t.Errorf("proof with extra: %v", err)
	}
}

func TestParseProofRejects(t *testing.T) {
	h := tlog.RecordHash([]byte("x")).String()
	cp := "o\n1\n" + h + "\n\n— o AAAA\n"
	for _, bad := range []string{
		"",
		"c2sp.org/tlog-proof@v2\nindex 0\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 01\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex -1\n\n" + cp,
		"c2sp.org/tlog-proof@v1\n" + h + "\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 0\n" + h[:10] + "\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 0\n" + h + " \n\n" + cp,
		"c2sp.org/tlog-proof@v1\nextra !!\nindex 0\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 0\n" + h + "\n",
		"c2sp.org/tlog-proof@v1\nindex 0\n\n",
	} {
		if _, err := evlog.ParseProof([]byte(bad)); err == nil {
			t.Errorf("ParseProof(%q) succeeded", bad)
		}
	}
}

func FuzzParseProof(f *testing.F) {
	h := tlog.RecordHash([]byte("x")).String()
	f.Add([]byte("c2sp.org/tlog-proof@v1\nindex 3\n" + h + "\n" + h + "\n\no\n4\n" + h + "\n\n— o AAAA\n"))
	f.Add([]byte("c2sp.org/tlog-proof@v1\nextra AA==\nindex 0\n\nx"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := evlog.ParseProof(b)
		if err != nil {
			return
		}
		// What parses formats back to the same bytes (without extra).
		if p.Extra == nil && !bytes.Equal(evlog.FormatProof(p.Index, p.Path, p.Checkpoint), b) {
			t.Fatalf("round trip changed %q", b)
		}
	})
}
