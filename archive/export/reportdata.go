package export

import (
	"bufio"
	"io"
	"time"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/export/report"
	"github.com/afterimage-archive/afterimage/archive/export/signals"
)

// ReportFile is the case report of a bundle.
const ReportFile = "report.html"

// writeReport renders report.html.
func writeReport(w io.Writer, opt *Options, p *plan, ps *proofSet, accs []accountInfo, sig signals.Signals, created time.Time) error {
	d := &report.Data{Title: opt.title(), Software: opt.Software, Filter: opt.Filter, Created: created,
		Origin: ps.cp.Origin, CheckpointSize: ps.cp.Size, CheckpointRoot: ps.cp.Root.String(),
		KeyHash: evlog.KeyHash(ps.vkey), Tokens: len(ps.tokens), Captures: len(p.captures),
		Records: len(p.records), Accounts: len(accs), Signals: sig, AccountNames: map[string]string{}}
	byID := map[string]accountInfo{}
	for _, a := range accs {
		byID[a.ID] = a
		if a.Handle != "" {
			d.AccountNames[a.ID] = a.Handle
		}
	}
	for i := range opt.Items {
		d.Exhibits = append(d.Exhibits, exhibit(&opt.Items[i], p, byID))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := report.Render(bw, d); err != nil {
		return err
	}
	return bw.Flush()
}

// exhibit converts one item for the report.
func exhibit(it *Item, p *plan, accs map[string]accountInfo) report.Exhibit {
	e := report.Exhibit{ID: it.ID, Platform: it.Platform, Kind: it.Kind, URL: it.URL, Text: it.Text, Tags: it.Tags,
		State: it.State, CreatedAt: it.CreatedAt, StateSince: it.StateSince, FirstSeen: it.FirstSeen,
		LastSeenAlive: it.LastSeenAlive, FirstMissing: it.FirstMissing, ConfirmedAt: it.ConfirmedAt,
		Captures: itemCaptures(it)}
	acc := it.Author
	if it.Kind == "account" && it.Account != nil {
		acc = it.Account
	}
	if acc != nil {
		a := accs[acc.ID]
		if a.ID == "" {
			a = accountInfo{Account: *acc, meta: true}
		}
		e.Author = &report.Author{ID: a.ID, Handle: a.Handle, DisplayName: a.DisplayName, AvatarURL: a.AvatarURL,
			State: a.State, CreatedAt: a.CreatedAt, Followers: a.Followers, Following: a.Following, Posts: a.Posts,
			DefaultAvatar: a.DefaultAvatar, Known: a.meta}
	}
	for _, o := range it.Observations {
		e.History = append(e.History, report.Step{At: o.At, Status: o.Status, State: o.State, Detail: o.Detail,
			HTTPStatus: o.HTTPStatus, Capture: o.Capture, ContentSHA256: o.ContentSHA256})
	}
	for _, m := range p.byItem[it.ID] {
		e.Records = append(e.Records, report.Record{Capture: m.c.id, ID: m.rec.ID, Type: m.rec.Type, URI: m.rec.TargetURI,
			Status: m.rec.Status, SHA256: m.rec.SHA256, PayloadDigest: m.rec.PayloadDigest, File: "archive/" + m.file, Offset: m.offset})
	}
	return e
}
