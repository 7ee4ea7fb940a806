package evlog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/tsa"
)

// maxToken bounds a stored RFC 3161 token.
const maxToken = 1 << 20

// Timestamp asks every authority for an RFC 3161 token over the stored
// bytes of checkpoint cp, verifies each on receipt (tsa.Client.Stamp) and
// stores it at log/checkpoints/<size>.tsr.<i>, i being the next free
// number. The checkpoint is never lost or changed by a failing authority:
// Timestamp returns the tokens it stored and, when some authority failed,
// an error joining one error per failure, each naming the authority's URL.
func (l *Log) Timestamp(ctx context.Context, c *tsa.Client, auths []tsa.Authority, cp Checkpoint) ([]tsa.Token, error) {
	stored, err := readObject(ctx, l.s, CheckpointKey(cp.Size), maxCheckpoint)
	if err != nil {
		return nil, fmt.Errorf("timestamp checkpoint %d: %w", cp.Size, err)
	}
	if !bytes.Equal(stored, cp.Note) {
		return nil, fmt.Errorf("timestamp checkpoint %d: it differs from %s", cp.Size, CheckpointKey(cp.Size))
	}
	var toks []tsa.Token
	var errs []error
	for _, a := range auths {
		tok, err := c.Stamp(ctx, a, cp.Note)
		if err == nil {
			err = l.putToken(ctx, cp.Size, tok.DER)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("timestamp checkpoint %d: %w", cp.Size, err))
			continue
		}
		toks = append(toks, tok)
	}
	return toks, errors.Join(errs...)
}

// putToken stores a token under the first free .tsr.<i> of size.
func (l *Log) putToken(ctx context.Context, size int64, der []byte) error {
	is, err := l.tokenNumbers(ctx, size)
	if err != nil {
		return err
	}
	next := 0
	if len(is) > 0 {
		next = is[len(is)-1] + 1
	}
	for tries := 0; tries < 100; tries++ {
		key := TokenKey(size, next+tries)
		_, err := l.s.Put(ctx, key, bytes.NewReader(der), int64(len(der)), sha256.Sum256(der))
		if !errors.Is(err, archive.ErrExists) {
			return err
		}
	}
	return fmt.Errorf("store token for checkpoint %d: no free name", size)
}

// tokenNumbers lists the numbers i of the tokens stored for size.
func (l *Log) tokenNumbers(ctx context.Context, size int64) ([]int, error) {
	var is []int
	err := l.s.List(ctx, CheckpointKey(size)+tokenInfix, func(info archive.Info) error {
		if sz, i, ok := parseCheckpointKey(info.Key); ok && sz == size && i >= 0 {
			is = append(is, i)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens of checkpoint %d: %w", size, err)
	}
	slices.Sort(is)
	return is, nil
}

// Tokens returns the stored RFC 3161 tokens (TimeStampResp DER) over the
// checkpoint for size, in the order of their names. They are not verified
// here: use tsa.Verify with the checkpoint's bytes.
func (l *Log) Tokens(ctx context.Context, size int64) ([][]byte, error) {
	is, err := l.tokenNumbers(ctx, size)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, 0, len(is))
	for _, i := range is {
		b, err := readObject(ctx, l.s, TokenKey(size, i), maxToken)
		if err != nil {
			return nil, fmt.Errorf("read token: %w", err)
		}
		out = append(out, b)
	}
	return out, nil
}
