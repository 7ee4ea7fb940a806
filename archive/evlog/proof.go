package evlog

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// proofHeader is the first line of a C2SP tlog-proof.
const proofHeader = "c2sp.org/tlog-proof@v1"

// ProofExt is the file extension C2SP recommends for proofs.
const ProofExt = ".tlog-proof"

// Proof is a parsed C2SP tlog-proof@v1: that the leaf at Index is in the
// tree of Checkpoint.
type Proof struct {
	// Extra is the optional opaque, unauthenticated extra data (nil when
	// absent). afterimage writes none.
	Extra      []byte
	Index      int64
	Path       tlog.RecordProof
	Checkpoint []byte // the signed checkpoint note, verbatim
}

// FormatProof formats a C2SP tlog-proof@v1:
//
//	c2sp.org/tlog-proof@v1
//	index <index>
//	<base64 hash, from the leaf's sibling up to the root's child>...
//	<empty line>
//	<checkpoint>
func FormatProof(index int64, proof tlog.RecordProof, checkpoint []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nindex %d\n", proofHeader, index)
	for _, h := range proof {
		fmt.Fprintf(&b, "%s\n", h)
	}
	b.WriteByte('\n')
	b.Write(checkpoint)
	return b.Bytes()
}

// ParseProof parses a C2SP tlog-proof@v1 strictly: the header line, an
// optional "extra <base64>" line, "index <decimal>" without leading zeros,
// one canonical base64 SHA-256 per line, an empty line, and a non-empty
// checkpoint. It does not verify anything (see VerifyProof).
func ParseProof(b []byte) (Proof, error) {
	head, cp, ok := bytes.Cut(b, []byte("\n\n"))
	if !ok || len(cp) == 0 {
		return Proof{}, errors.New("tlog-proof: no checkpoint after an empty line")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != proofHeader {
		return Proof{}, fmt.Errorf("tlog-proof: first line is not %q", proofHeader)
	}
	lines = lines[1:]
	p := Proof{Checkpoint: cp}
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		extra, err := base64.StdEncoding.Strict().DecodeString(strings.TrimPrefix(lines[0], "extra "))
		if err != nil {
			return Proof{}, fmt.Errorf("tlog-proof: extra line: %w", err)
		}
		p.Extra, lines = extra, lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return Proof{}, errors.New("tlog-proof: no index line")
	}
	index, ok := parseDecimal(strings.TrimPrefix(lines[0], "index "))
	if !ok {
		return Proof{}, fmt.Errorf("tlog-proof: bad index line %q", lines[0])
	}
	p.Index = index
	for _, line := range lines[1:] {
		h, err := tlog.ParseHash(line)
		if err != nil || h.String() != line {
			return Proof{}, fmt.Errorf("tlog-proof: bad hash line %q", line)
		}
		p.Path = append(p.Path, h)
	}
	return p, nil
}

// VerifyProof checks a tlog-proof file for leafData offline: the
// checkpoint must be signed by vkey (ErrSignature) for origin, and the
// proof must show tlog.RecordHash(leafData) at the proof's index in that
// checkpoint's tree.
func VerifyProof(proofFile []byte, leafData []byte, vkey string, origin string) error {
	p, err := ParseProof(proofFile)
	if err != nil {
		return err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return fmt.Errorf("tlog-proof: log key: %w", err)
	}
	cp, err := OpenCheckpoint(p.Checkpoint, origin, v)
	if err != nil {
		return fmt.Errorf("tlog-proof: %w", err)
	}
	if p.Index >= cp.Size {
		return fmt.Errorf("tlog-proof: index %d is not in the checkpoint's tree of %d leaves", p.Index, cp.Size)
	}
	if err := tlog.CheckRecord(p.Path, cp.Size, cp.Root, p.Index, tlog.RecordHash(leafData)); err != nil {
		return fmt.Errorf("tlog-proof: leaf %d is not in the tree of %d leaves with root %s: %w",
			p.Index, cp.Size, cp.Root, ErrInconsistent)
	}
	return nil
}
