package crawler

// NoCursors is the Cursors of a job that carries none: Get finds nothing
// and Set forgets, so every run reads back as far as the source goes.
type NoCursors struct{}

// Get implements Cursors; it always returns "".
func (NoCursors) Get(string) string { return "" }

// Set implements Cursors; it keeps nothing.
func (NoCursors) Set(string, string) {}

// CursorsOf returns c, or NoCursors when c is nil.
func CursorsOf(c Cursors) Cursors {
	if c == nil {
		return NoCursors{}
	}
	return c
}
