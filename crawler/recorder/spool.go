package recorder

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"os"
	"sync"
)

// spool holds the bytes of one message: in memory up to limit bytes, then
// in a temporary file. It hashes everything written to it. Spools are
// reused through a spools pool.
type spool struct {
	mem   []byte
	f     *os.File
	n     int64
	limit int64
	dir   string
	h     hash.Hash
	pool  *sync.Pool
}

// newSpool returns an empty spool from p (which holds *spool).
func newSpool(p *sync.Pool, dir string, limit int64) *spool {
	s, _ := p.Get().(*spool)
	if s == nil {
		s = &spool{h: sha256.New()}
	}
	s.mem, s.n, s.f = s.mem[:0], 0, nil
	s.limit, s.dir, s.pool = limit, dir, p
	s.h.Reset()
	return s
}

// Write appends p, moving the bytes to a temporary file once they exceed
// the memory limit.
func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil && s.n+int64(len(p)) > s.limit {
		if err := s.spill(); err != nil {
			return 0, err
		}
	}
	if s.f != nil {
		if _, err := s.f.Write(p); err != nil {
			return 0, fmt.Errorf("recorder spool: %w", err)
		}
	} else {
		s.mem = append(s.mem, p...)
	}
	s.h.Write(p)
	s.n += int64(len(p))
	return len(p), nil
}

func (s *spool) spill() error {
	f, err := os.CreateTemp(s.dir, "afterimage-spool-*")
	if err != nil {
		return fmt.Errorf("recorder spool: %w", err)
	}
	if _, err := f.Write(s.mem); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("recorder spool: %w", err)
	}
	s.f, s.mem = f, nil
	return nil
}

// Len is the number of bytes written.
func (s *spool) Len() int64 { return s.n }

// Sum is the SHA-256 of every byte written.
func (s *spool) Sum() []byte { return s.h.Sum(nil) }

// Section returns a reader of n bytes from off.
func (s *spool) Section(off, n int64) io.ReadSeeker {
	if s.f != nil {
		return io.NewSectionReader(s.f, off, n)
	}
	return bytes.NewReader(s.mem[off : off+n])
}

// Close removes the temporary file, if any, and returns the spool to its
// pool: nothing read from it may be used afterwards.
func (s *spool) Close() error {
	var err error
	if s.f != nil {
		name := s.f.Name()
		err = s.f.Close()
		if rerr := os.Remove(name); err == nil {
			err = rerr
		}
		s.f = nil
	}
	if s.pool != nil && cap(s.mem) <= 1<<20 {
		p := s.pool
		s.pool = nil
		p.Put(s)
	}
	return err
}
