package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/export/signals"
)

//go:embed report.html.tmpl
var reportTemplate string

// Render writes the report for d to w. It fails only when w fails.
func Render(w io.Writer, d *Data) error {
	t, err := template.New("report").Funcs(funcs).Parse(reportTemplate)
	if err != nil {
		return fmt.Errorf("report: template: %w", err) // a bug: the template is embedded
	}
	if err := t.Execute(w, d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

var funcs = template.FuncMap{
	"time":      fmtTime,
	"dur":       fmtDuration,
	"pct":       func(s signals.Share) string { return s.Percent() },
	"short":     short,
	"timeline":  timelineChart,
	"creation":  creationChart,
	"share":     func(s signals.Share) template.HTML { return svgShare(s.Count, s.Total) },
	"rr":        relativeRisk,
	"interval":  removalInterval,
	"removed":   signals.Removed,
	"name":      func(d *Data, id string) string { return accountName(d, id) },
	"join":      strings.Join,
	"add":       func(a, b int) int { return a + b },
	"ratePair":  func(s signals.Share) string { return fmt.Sprintf("%d of %d", s.Count, s.Total) },
	"platstate": platformStateRows,
}

// fmtTime formats t in UTC to the second, "unknown" for the zero time.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// fmtDuration formats a duration in days, hours and minutes.
func fmtDuration(d time.Duration) string {
	if d < 0 {
		return "-" + fmtDuration(-d)
	}
	days, h, m := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	}
	return strconv.Itoa(int(d/time.Second)) + "s"
}

// short cuts a capture id or hash to its first 12 characters.
func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func accountName(d *Data, id string) string {
	if h := d.AccountNames[id]; h != "" {
		return h
	}
	return id
}

func timelineChart(days []signals.Day) template.HTML {
	bars := make([]bar, len(days))
	for i, d := range days {
		bars[i] = bar{Label: d.Date.Format("2006-01-02"), Values: []int{d.Seen, d.Removed}}
	}
	return svgBars(chart{Width: 900, Height: 240, Series: []string{"posts first seen", "posts first seen missing (removed since)"},
		LabelEvery: labelEvery(len(bars)), Title: "Posts seen and removed per day (UTC)"}, bars)
}

func creationChart(c signals.Creation) template.HTML {
	bars := make([]bar, len(c.Months))
	for i, m := range c.Months {
		bars[i] = bar{Label: m.Month.String(), Values: []int{m.Count}, Mark: c.InDensestWindow(m.Month.Start())}
	}
	return svgBars(chart{Width: 900, Height: 240, Series: []string{"accounts created"},
		MarkLabel: "densest 4-month window", LabelEvery: labelEvery(len(bars)),
		Title: "Account creation dates by calendar month (UTC)"}, bars)
}

// labelEvery keeps axis labels readable: at most about 40 labels.
func labelEvery(n int) int { return max(1, (n+39)/40) }

func relativeRisk(s signals.Suspension) string {
	rr, ok := s.RelativeRisk()
	if !ok {
		return "not defined (a group is empty or the rest has no suspension)"
	}
	return strconv.FormatFloat(rr, 'f', 2, 64)
}

// removalInterval states what is known of an exhibit's removal.
func removalInterval(e Exhibit) string {
	if e.FirstMissing.IsZero() {
		return ""
	}
	s := fmt.Sprintf("Removed after %s (last seen alive) and at or before %s (first seen missing)",
		fmtTime(e.LastSeenAlive), fmtTime(e.FirstMissing))
	if !e.ConfirmedAt.IsZero() {
		s += fmt.Sprintf("; confirmed %s at %s", e.State, fmtTime(e.ConfirmedAt))
	} else {
		s += "; not yet confirmed by a second check"
	}
	return s + "."
}

// psRow is one platform's counts by state.
type psRow struct {
	Platform string
	Counts   []int
	Total    int
}

func platformStateRows(c signals.Counts) []psRow {
	var rows []psRow
	for _, p := range c.ByPlatform {
		r := psRow{Platform: p.Key, Total: p.Count}
		for _, st := range c.ByState {
			r.Counts = append(r.Counts, c.ByPlatformState[p.Key][st.Key])
		}
		rows = append(rows, r)
	}
	return rows
}
