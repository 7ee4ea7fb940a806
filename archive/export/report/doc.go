// Package report renders the case report of an export bundle:
// report.html, one self-contained HTML file (inline CSS, inline SVG
// charts, no script, no network access) that prints to PDF with one
// exhibit per page.
//
// The report has a summary, then each coordination signal on its own
// with its numbers and what it can and cannot show, then one exhibit per
// item: its text, author, times, state history with the removal interval,
// the hashes of its evidence records and the captures that hold them.
// Signals are worded as evidence to corroborate, never as a verdict.
package report
