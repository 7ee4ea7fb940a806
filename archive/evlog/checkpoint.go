package evlog

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is a signed head of the log.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   tlog.Hash
	// Note is the signed note exactly as stored at log/checkpoints/<Size>;
	// RFC 3161 tokens are taken over these bytes.
	Note []byte
}

// checkpointText formats a C2SP checkpoint body.
func checkpointText(origin string, size int64, root tlog.Hash) string {
	return fmt.Sprintf("%s\n%d\n%s\n", origin, size, root)
}

// signCheckpoint signs the checkpoint for a tree with signer.
func signCheckpoint(signer note.Signer, origin string, size int64, root tlog.Hash) (Checkpoint, error) {
	msg, err := note.Sign(&note.Note{Text: checkpointText(origin, size, root)}, signer)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("sign checkpoint %d: %w", size, err)
	}
	return Checkpoint{Origin: origin, Size: size, Root: root, Note: msg}, nil
}

// OpenCheckpoint verifies a signed checkpoint with v and parses it. It
// fails when no signature by v verifies (a forged or replaced checkpoint),
// when the origin line is not origin, or when the text is not exactly
// "<origin>\n<size>\n<base64 root>\n" with a canonical decimal size.
func OpenCheckpoint(msg []byte, origin string, v note.Verifier) (Checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, signatureError(err, v)
	}
	cp, err := parseCheckpointText(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if cp.Origin != origin {
		return Checkpoint{}, fmt.Errorf("checkpoint origin is %q, want %q", cp.Origin, origin)
	}
	cp.Note = msg
	return cp, nil
}

// signatureError explains why note.Open refused a checkpoint.
func signatureError(err error, v note.Verifier) error {
	var unverified *note.UnverifiedNoteError
	var invalid *note.InvalidSignatureError
	switch {
	case errors.As(err, &unverified):
		return fmt.Errorf("%w: not signed by log key %s+%08x", ErrSignature, v.Name(), v.KeyHash())
	case errors.As(err, &invalid):
		return fmt.Errorf("%w: the signature by log key %s+%08x is invalid", ErrSignature, v.Name(), v.KeyHash())
	}
	return fmt.Errorf("%w: not a valid signed note: %v", ErrSignature, err)
}

// parseCheckpointText parses a checkpoint body, refusing extension lines
// and non-canonical fields.
func parseCheckpointText(text string) (Checkpoint, error) {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) != 4 || lines[3] != "" {
		return Checkpoint{}, errors.New("checkpoint text is not three lines (origin, size, root)")
	}
	origin := strings.TrimSuffix(lines[0], "\n")
	if origin == "" {
		return Checkpoint{}, errors.New("checkpoint origin is empty")
	}
	size, ok := parseDecimal(strings.TrimSuffix(lines[1], "\n"))
	if !ok {
		return Checkpoint{}, fmt.Errorf("checkpoint size %q is not a canonical decimal", strings.TrimSuffix(lines[1], "\n"))
	}
	rootText := strings.TrimSuffix(lines[2], "\n")
	root, err := tlog.ParseHash(rootText)
	if err != nil || root.String() != rootText {
		return Checkpoint{}, fmt.Errorf("checkpoint root %q is not a base64 SHA-256", rootText)
	}
	return Checkpoint{Origin: origin, Size: size, Root: root}, nil
}
