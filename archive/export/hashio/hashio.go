package hashio

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"sync"
)

// chunk bounds the bytes handed to the hashing goroutine at once, and
// queue the number of chunks in flight.
const (
	chunk = 1 << 20
	queue = 8
)

// Writer passes every Write to an underlying writer and hashes the bytes
// that were written on a goroutine of its own. Call Sum exactly once when
// done (also after a failure: it stops the goroutine). A Writer is not
// safe for concurrent use.
type Writer struct {
	w    io.Writer
	n    int64
	cur  []byte // bytes written but not yet queued
	work chan []byte
	free chan []byte
	done chan [32]byte
	once sync.Once
	sum  [32]byte
}

// New returns a Writer writing to w (which may be io.Discard, to hash
// only).
func New(w io.Writer) *Writer {
	hw := &Writer{w: w, work: make(chan []byte, queue), free: make(chan []byte, queue+1), done: make(chan [32]byte, 1)}
	go hw.hash()
	return hw
}

func (w *Writer) hash() {
	h := sha256.New()
	for b := range w.work {
		h.Write(b)
		select {
		case w.free <- b[:0]:
		default:
		}
	}
	var sum [32]byte
	h.Sum(sum[:0])
	w.done <- sum
}

// Write writes p to the underlying writer and queues the bytes written for
// hashing, in chunks: small writes are gathered first.
func (w *Writer) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.n += int64(n)
	for rest := p[:n]; len(rest) > 0; {
		if w.cur == nil {
			select {
			case w.cur = <-w.free:
			default:
				w.cur = make([]byte, 0, chunk)
			}
		}
		k := min(len(rest), chunk-len(w.cur))
		w.cur = append(w.cur, rest[:k]...)
		rest = rest[k:]
		if len(w.cur) == chunk {
			w.work <- w.cur
			w.cur = nil
		}
	}
	return n, err
}

// Sum waits for the hashing to finish and returns the SHA-256 and the
// number of bytes written. Later calls return the same values.
func (w *Writer) Sum() (sum [32]byte, n int64) {
	w.once.Do(func() {
		if len(w.cur) > 0 {
			w.work <- w.cur
		}
		close(w.work)
		w.sum = <-w.done
	})
	return w.sum, w.n
}

// Hex returns Sum's hash in lowercase hex and the byte count.
func (w *Writer) Hex() (string, int64) {
	s, n := w.Sum()
	return hex.EncodeToString(s[:]), n
}
