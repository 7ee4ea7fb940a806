package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// verdict says whether a figure meets its target.
type verdict int

const (
	info   verdict = iota // no target: for reading only
	met                   // the target is met
	missed                // the target is missed
)

func (v verdict) String() string {
	switch v {
	case met:
		return "met"
	case missed:
		return "MISSED"
	}
	return ""
}

// figure is one printed measurement.
type figure struct {
	Group   string // store, verify, capture, memory
	Name    string
	Value   float64
	Unit    string
	Target  string // "" for information only
	Verdict verdict
}

// atLeast returns a figure whose target is a minimum.
func atLeast(group, name string, v float64, unit string, min float64) figure {
	f := figure{Group: group, Name: name, Value: v, Unit: unit, Target: ">= " + formatValue(min), Verdict: met}
	if v < min {
		f.Verdict = missed
	}
	return f
}

// below returns a figure whose target is a strict maximum.
func below(group, name string, v float64, unit string, max float64) figure {
	f := figure{Group: group, Name: name, Value: v, Unit: unit, Target: "< " + formatValue(max), Verdict: met}
	if v >= max {
		f.Verdict = missed
	}
	return f
}

// infoFig returns a figure without a target.
func infoFig(group, name string, v float64, unit string) figure {
	return figure{Group: group, Name: name, Value: v, Unit: unit}
}

// formatValue prints v with about three significant digits.
func formatValue(v float64) string {
	a := v
	if a < 0 {
		a = -a
	}
	switch {
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// writeTable prints the figures as an aligned table, then one line per
// missed target.
func writeTable(w io.Writer, figs []figure) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "group\tfigure\tvalue\tunit\ttarget\tresult")
	fmt.Fprintln(tw, "-----\t------\t-----\t----\t------\t------")
	var misses []string
	targets := 0
	for _, f := range figs {
		if f.Verdict != info {
			targets++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.Group, f.Name, formatValue(f.Value), f.Unit, f.Target, f.Verdict)
		if f.Verdict == missed {
			misses = append(misses, f.Group+" "+f.Name)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(misses) > 0 {
		_, err := fmt.Fprintf(w, "\nmissed targets: %s\n", strings.Join(misses, "; "))
		return err
	}
	if targets == 0 {
		return nil
	}
	_, err := fmt.Fprintf(w, "\nall %d targets met\n", targets)
	return err
}

// mb is bytes in megabytes (10^6), the unit of every MB/s figure.
func mb(n int64) float64 { return float64(n) / 1e6 }
