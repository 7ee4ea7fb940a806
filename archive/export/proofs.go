package export

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// Proof files of a bundle, under proofs/.
const (
	ProofsDir      = "proofs/"
	CheckpointFile = ProofsDir + "checkpoint"
	KeyFile        = ProofsDir + "log.vkey"
)

// TokenFile is the name of the i-th RFC 3161 token over the checkpoint.
func TokenFile(i int) string { return CheckpointFile + ".tsr." + strconv.Itoa(i) }

// ManifestFile is the name of a capture's manifest in the bundle.
func ManifestFile(capture string) string { return ProofsDir + capture + ".json" }

// ProofFile is the name of a capture's inclusion proof in the bundle.
func ProofFile(capture string) string { return ProofsDir + capture + evlog.ProofExt }

// proofSet is what proofs/ holds.
type proofSet struct {
	cp     evlog.Checkpoint
	vkey   string
	tokens [][]byte
	proofs map[string][]byte // capture id -> tlog-proof
}

// makeProofs proves every capture of p against the log's latest
// checkpoint cp and checks each proof before it is written.
func makeProofs(ctx context.Context, log *evlog.Log, cp evlog.Checkpoint, vkey string, p *plan) (*proofSet, error) {
	ps := &proofSet{cp: cp, vkey: vkey, proofs: map[string][]byte{}}
	for _, c := range p.captures {
		rp, err := log.ProveRecord(ctx, c.logIndex, cp.Size)
		if err != nil {
			return nil, fmt.Errorf("export: prove capture %s: %w", c.id, err)
		}
		b := evlog.FormatProof(c.logIndex, rp, cp.Note)
		if err := evlog.VerifyProof(b, c.raw, vkey, cp.Origin); err != nil {
			return nil, fmt.Errorf("export: proof of capture %s does not verify: %w", c.id, err)
		}
		ps.proofs[c.id] = b
	}
	toks, err := log.Tokens(ctx, cp.Size)
	if err != nil {
		return nil, fmt.Errorf("export: timestamps of %s: %w", evlog.CheckpointKey(cp.Size), err)
	}
	ps.tokens = toks
	return ps, nil
}

// namedBytes is a small file of the bundle.
type namedBytes struct {
	name string
	b    []byte
}

// writeProofs writes proofs/ into the sink.
func writeProofs(s sink, p *plan, ps *proofSet) error {
	files := []namedBytes{{CheckpointFile, ps.cp.Note}, {KeyFile, []byte(ps.vkey + "\n")}}
	for i, t := range ps.tokens {
		files = append(files, namedBytes{TokenFile(i), t})
	}
	for _, c := range p.captures {
		files = append(files, namedBytes{ManifestFile(c.id), c.raw}, namedBytes{ProofFile(c.id), ps.proofs[c.id]})
	}
	for _, f := range files {
		if err := writeWhole(s, f.name, f.b); err != nil {
			return err
		}
	}
	return nil
}

// writeWhole writes one file from memory.
func writeWhole(s sink, name string, b []byte) error {
	w, err := s.create(name, false)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("export: write %s: %w", name, err)
	}
	return nil
}

// writeWith writes one file through fn.
func writeWith(s sink, name string, fn func(io.Writer) error) error {
	w, err := s.create(name, false)
	if err != nil {
		return err
	}
	return fn(w)
}
