package hashio

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"testing"
)

func TestWriterHashesWhatItWrites(t *testing.T) {
	data := make([]byte, 5*chunk+123)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	var out bytes.Buffer
	w := New(&out)
	for rest := data; len(rest) > 0; {
		k := min(len(rest), 1+r.IntN(3*chunk))
		if _, err := w.Write(rest[:k]); err != nil {
			t.Fatal(err)
		}
		rest = rest[k:]
	}
	sum, n := w.Sum()
	if sum != sha256.Sum256(data) || n != int64(len(data)) || !bytes.Equal(out.Bytes(), data) {
		t.Fatalf("sum/len/bytes differ: n=%d", n)
	}
	if s2, _ := w.Sum(); s2 != sum {
		t.Fatal("second Sum differs")
	}
}
