package recorder

import (
	"errors"
	"io"
)

// bodyReader is the body returned to the caller: the recorded entity body,
// read from its spool, which Close removes.
type bodyReader struct {
	r   io.Reader
	sp  *spool
	err error // returned instead of io.EOF when the read was cut
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.r == nil {
		return 0, errBodyClosed
	}
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		return n, b.err
	}
	return n, err
}

// Close releases the spool (and its temporary file); later Reads fail.
func (b *bodyReader) Close() error {
	if b.r == nil {
		return nil
	}
	b.r = nil
	return b.sp.Close()
}

var errBodyClosed = errors.New("recorder: read on closed response body")
