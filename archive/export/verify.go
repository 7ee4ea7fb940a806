package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/archive/tsa"
)

// Problem is one thing wrong with a bundle: the file concerned (a path in
// the bundle; "evidence.wacz:<path>" for a file inside the WACZ) and what
// is wrong with it.
type Problem struct {
	File string
	What string
}

// String formats the problem as "file: what".
func (p Problem) String() string { return p.File + ": " + p.What }

// VerifyOptions configures VerifyBundle.
type VerifyOptions struct {
	// VKey is the log's verifier key obtained out of band; "" trusts the
	// bundle's proofs/log.vkey (and says so in Checked.KeyFromBundle).
	VKey string
	// TSARoots are the roots RFC 3161 tokens must chain to; nil means the
	// system roots.
	TSARoots *x509.CertPool
}

// Checked counts what VerifyBundle checked.
type Checked struct {
	Files         int // files checked against SHA256SUMS
	Manifests     int
	Proofs        int // inclusion proofs that verified
	Tokens        int // RFC 3161 tokens that verified
	Records       int // WARC records read back
	Origin        string
	Checkpoint    int64 // tree size of the checkpoint
	KeyFromBundle bool  // the key came from the bundle itself
	WACZSigned    bool  // the WACZ signature verified
	Problems      int
}

// verifier carries one VerifyBundle run.
type verifier struct {
	ctx     context.Context
	b       bundle
	opt     VerifyOptions
	report  func(Problem)
	checked Checked
	names   map[string]bool
	cp      []byte
	// manifests by capture id; records by WARC-Record-ID.
	manifests map[string]*manifest.Manifest
	records   map[string]recordOf
	// copied maps "file@offset" in the WACZ to the member SHA-256 read.
	copied map[string]string
}

type recordOf struct {
	capture string
	rec     *manifest.Record
}

// VerifyBundle checks the bundle at path (a directory or a ZIP) offline
// and calls report for every problem: files against SHA256SUMS, the log
// key, the checkpoint signature, every manifest against its name and
// inclusion proof, RFC 3161 tokens, the WACZ (hashes, index, signature),
// every WARC record's digests and its entry in a manifest, and the
// tables' references. It returns an error only when it could not run
// (path missing or neither a directory nor a ZIP, or ctx ended).
func VerifyBundle(ctx context.Context, path string, opt VerifyOptions, report func(Problem)) (Checked, error) {
	b, err := openBundle(path)
	if err != nil {
		return Checked{}, err
	}
	defer b.close()
	v := &verifier{ctx: ctx, b: b, opt: opt, names: map[string]bool{}, manifests: map[string]*manifest.Manifest{},
		records: map[string]recordOf{}, copied: map[string]string{}}
	v.report = func(p Problem) { v.checked.Problems++; report(p) }
	for _, n := range b.names() {
		v.names[n] = true
	}
	steps := []func() error{v.checkSums, v.checkProofs, v.checkWACZ, v.checkTables}
	for _, step := range steps {
		if err := step(); err != nil {
			return v.checked, err
		}
		if err := ctx.Err(); err != nil {
			return v.checked, err
		}
	}
	return v.checked, nil
}

func (v *verifier) problem(file, format string, args ...any) {
	v.report(Problem{File: file, What: fmt.Sprintf(format, args...)})
}

// readSmall reads a whole file of the bundle (at most limit bytes), or
// reports why it cannot.
func (v *verifier) readSmall(name string, limit int64) []byte {
	if !v.names[name] {
		v.problem(name, "missing")
		return nil
	}
	rc, err := v.b.open(name)
	if err != nil {
		v.problem(name, "cannot open: %v", err)
		return nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit))
	if err != nil {
		v.problem(name, "cannot read: %v", err)
		return nil
	}
	return b
}

// checkSums hashes every file listed in SHA256SUMS and reports files that
// are missing, altered or not listed.
func (v *verifier) checkSums() error {
	b := v.readSmall(SumsFile, 64<<20)
	if b == nil {
		return nil
	}
	sums, bad := parseSums(b)
	for _, msg := range bad {
		v.problem(SumsFile, "%s", msg)
	}
	for _, name := range sortedKeys(sums) {
		if !v.names[name] {
			v.problem(name, "listed in %s but missing", SumsFile)
			continue
		}
		got, err := v.hashFile(name)
		if err != nil {
			if cerr := v.ctx.Err(); cerr != nil {
				return cerr
			}
			v.problem(name, "cannot read: %v", err)
			continue
		}
		v.checked.Files++
		if got != sums[name] {
			v.problem(name, "SHA-256 is %s, %s says %s: the file was altered", got, SumsFile, sums[name])
		}
	}
	for _, name := range v.b.names() {
		if _, ok := sums[name]; !ok && name != SumsFile {
			v.problem(name, "not listed in %s", SumsFile)
		}
	}
	return nil
}

func (v *verifier) hashFile(name string) (string, error) {
	rc, err := v.b.open(name)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{v.ctx, rc}); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ctxReader stops reading when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

// Read fails once ctx has ended.
func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// key returns the verifier key to trust.
func (v *verifier) key() (string, note.Verifier) {
	bundled := strings.TrimSuffix(string(v.readSmall(KeyFile, 4096)), "\n")
	vkey := v.opt.VKey
	if vkey == "" {
		vkey, v.checked.KeyFromBundle = bundled, true
	} else if bundled != "" && bundled != vkey {
		v.problem(KeyFile, "differs from the trusted key given (%s)", evlog.KeyHash(vkey))
	}
	if vkey == "" {
		return "", nil
	}
	ver, err := note.NewVerifier(vkey)
	if err != nil {
		v.problem(KeyFile, "not a verifier key: %v", err)
		return "", nil
	}
	return vkey, ver
}

// checkProofs checks the checkpoint, its tokens, and every manifest with
// its inclusion proof.
func (v *verifier) checkProofs() error {
	vkey, ver := v.key()
	v.cp = v.readSmall(CheckpointFile, 64<<10)
	if ver != nil && v.cp != nil {
		v.checked.Origin = ver.Name()
		cp, err := evlog.OpenCheckpoint(v.cp, ver.Name(), ver)
		if err != nil {
			v.problem(CheckpointFile, "%v", err)
			ver = nil
		} else {
			v.checked.Checkpoint = cp.Size
		}
	}
	v.checkTokens()
	for _, name := range v.b.names() {
		id, ok := strings.CutSuffix(strings.TrimPrefix(name, ProofsDir), ".json")
		if ok && strings.HasPrefix(name, ProofsDir) && !strings.Contains(id, "/") {
			v.checkManifest(id, vkey, ver)
		}
		pid, ok := strings.CutSuffix(strings.TrimPrefix(name, ProofsDir), evlog.ProofExt)
		if ok && strings.HasPrefix(name, ProofsDir) && !v.names[ManifestFile(pid)] {
			v.problem(name, "no manifest %s beside it", ManifestFile(pid))
		}
	}
	if len(v.manifests) == 0 {
		v.problem(ProofsDir, "no manifest")
	}
	return nil
}

// checkManifest checks one manifest against its name, parses it, and
// checks its inclusion proof.
func (v *verifier) checkManifest(id, vkey string, ver note.Verifier) {
	name := ManifestFile(id)
	raw := v.readSmall(name, maxManifest)
	if raw == nil {
		return
	}
	v.checked.Manifests++
	if got := hexSum(sha256Bytes(raw)); got != id {
		v.problem(name, "SHA-256 is %s, not the capture id its name says", got)
	}
	m, err := manifest.Parse(raw)
	if err != nil {
		v.problem(name, "%v", err)
	} else {
		v.manifests[id] = m
		for i := range m.Records {
			v.records[m.Records[i].ID] = recordOf{capture: id, rec: &m.Records[i]}
		}
	}
	pf := ProofFile(id)
	proof := v.readSmall(pf, 1<<20)
	if proof == nil || ver == nil {
		return
	}
	if p, err := evlog.ParseProof(proof); err == nil && v.cp != nil && !bytes.Equal(p.Checkpoint, v.cp) {
		v.problem(pf, "is against another checkpoint than %s", CheckpointFile)
	}
	if err := evlog.VerifyProof(proof, raw, vkey, ver.Name()); err != nil {
		v.problem(pf, "%v", err)
		return
	}
	v.checked.Proofs++
}

// checkTokens verifies every RFC 3161 token over the checkpoint.
func (v *verifier) checkTokens() {
	for _, name := range v.b.names() {
		if !strings.HasPrefix(name, CheckpointFile+".tsr.") || v.cp == nil {
			continue
		}
		der := v.readSmall(name, 1<<20)
		if der == nil {
			continue
		}
		if _, err := tsa.Verify(der, v.cp, v.opt.TSARoots); err != nil {
			v.problem(name, "%v", err)
			continue
		}
		v.checked.Tokens++
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
