package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress prints a one-line progress display on a terminal, at most a few
// times a second, and nothing when the output is not a terminal.
type progress struct {
	w     io.Writer
	label string
	on    bool
	mu    sync.Mutex
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, label string) *progress {
	p := &progress{w: w, label: label}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

// bytes shows done of total bytes.
func (p *progress) bytes(done, total int64) {
	p.show(func() string {
		pct := 100.0
		if total > 0 {
			pct = float64(done) * 100 / float64(total)
		}
		return fmt.Sprintf("%s: %3.0f%% (%s of %s)", p.label, pct, humanBytes(done), humanBytes(total))
	})
}

// count shows a free-form status line.
func (p *progress) count(format string, args ...any) {
	p.show(func() string { return fmt.Sprintf(p.label+": "+format, args...) })
}

func (p *progress) show(line func() string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.shown = true
	fmt.Fprintf(p.w, "\r\033[K%s", line())
}

// clear removes the progress line before other output.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
		p.last = time.Time{}
	}
}

func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
