package report

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// bar is one bar (or group of bars) of a chart.
type bar struct {
	Label  string
	Values []int // one per series
	Mark   bool  // highlighted (e.g. inside the densest window)
}

// chart lays out a vertical bar chart.
type chart struct {
	Width, Height     float64
	Series            []string // legend names, one per value
	Colors            []string
	LabelEvery        int    // label every n-th bar (1 = all)
	MarkLabel         string // legend text for marked bars
	Title             string
	left, bottom, top float64
}

// seriesColors are colors that print distinguishably in grey too.
var seriesColors = []string{"#2b6cb0", "#c53030", "#718096"}

// svgBars renders bars as an inline SVG bar chart with axes, a legend and
// an accessible title. Values are drawn side by side within each bar slot.
func svgBars(c chart, bars []bar) template.HTML {
	if len(bars) == 0 {
		return template.HTML(`<p class="empty">No data.</p>`)
	}
	c.left, c.bottom, c.top = 44, 48, 24
	maxV := 1
	for _, b := range bars {
		for _, v := range b.Values {
			maxV = max(maxV, v)
		}
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 %.0f %.0f" width="100%%" class="chart">`, c.Width, c.Height)
	fmt.Fprintf(&s, `<title>%s</title>`, html.EscapeString(c.Title))
	plotW, plotH := c.Width-c.left-10, c.Height-c.bottom-c.top
	slot := plotW / float64(len(bars))
	c.axes(&s, maxV, plotW, plotH)
	every := max(1, c.LabelEvery)
	for i, b := range bars {
		x := c.left + float64(i)*slot
		if b.Mark {
			fmt.Fprintf(&s, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="#fefcbf"/>`, x, c.top, slot, plotH)
		}
		bw := slot * 0.8 / float64(max(1, len(b.Values)))
		for k, v := range b.Values {
			h := plotH * float64(v) / float64(maxV)
			fmt.Fprintf(&s, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="%s"><title>%s: %d</title></rect>`,
				x+slot*0.1+float64(k)*bw, c.top+plotH-h, bw, h, seriesColors[k%len(seriesColors)], html.EscapeString(b.Label), v)
		}
		if i%every == 0 {
			fmt.Fprintf(&s, `<text x="%.2f" y="%.2f" font-size="10" text-anchor="end" transform="rotate(-45 %.2f %.2f)">%s</text>`,
				x+slot/2, c.top+plotH+12, x+slot/2, c.top+plotH+12, html.EscapeString(b.Label))
		}
	}
	c.legend(&s)
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// axes draws the y axis with a few gridlines and the x baseline.
func (c chart) axes(s *strings.Builder, maxV int, plotW, plotH float64) {
	step := niceStep(maxV)
	for v := 0; v <= maxV; v += step {
		y := c.top + plotH - plotH*float64(v)/float64(maxV)
		fmt.Fprintf(s, `<line x1="%.2f" x2="%.2f" y1="%.2f" y2="%.2f" stroke="#e2e8f0"/>`, c.left, c.left+plotW, y, y)
		fmt.Fprintf(s, `<text x="%.2f" y="%.2f" font-size="10" text-anchor="end">%d</text>`, c.left-4, y+3, v)
	}
	fmt.Fprintf(s, `<line x1="%.2f" x2="%.2f" y1="%.2f" y2="%.2f" stroke="#4a5568"/>`, c.left, c.left+plotW, c.top+plotH, c.top+plotH)
}

// legend draws the series names (and the marked-bar meaning) on top.
func (c chart) legend(s *strings.Builder) {
	x := c.left
	for k, name := range c.Series {
		fmt.Fprintf(s, `<rect x="%.2f" y="6" width="10" height="10" fill="%s"/><text x="%.2f" y="15" font-size="11">%s</text>`,
			x, seriesColors[k%len(seriesColors)], x+14, html.EscapeString(name))
		x += 24 + 7*float64(len(name))
	}
	if c.MarkLabel != "" {
		fmt.Fprintf(s, `<rect x="%.2f" y="6" width="10" height="10" fill="#fefcbf" stroke="#d69e2e"/><text x="%.2f" y="15" font-size="11">%s</text>`,
			x, x+14, html.EscapeString(c.MarkLabel))
	}
}

// niceStep returns a gridline step giving at most about five lines.
func niceStep(maxV int) int {
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000} {
		if maxV/s <= 5 {
			return s
		}
	}
	return max(1, maxV/5)
}

// svgShare renders a horizontal bar showing count out of total.
func svgShare(count, total int) template.HTML {
	f := 0.0
	if total > 0 {
		f = float64(count) / float64(total)
	}
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 14" width="200" height="14" class="share">`+
		`<rect x="0" y="0" width="200" height="14" fill="#e2e8f0"/><rect x="0" y="0" width="%.1f" height="14" fill="#2b6cb0"/></svg>`, 200*f))
}
