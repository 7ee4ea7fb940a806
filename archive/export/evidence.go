package export

import (
	"context"
	"io"
	"mime"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/export/wacz"
)

// WACZFile is the name of the WACZ in a bundle.
const WACZFile = "evidence.wacz"

// writeWACZ copies the planned records into a WACZ written to w, indexes
// them, adds one page per item, and signs it.
func writeWACZ(ctx context.Context, opt *Options, p *plan, w io.Writer, created time.Time) (dp wacz.DataPackage, dg wacz.Digest, err error) {
	ww := wacz.NewWriter(w, wacz.Options{Software: opt.Software, Version: opt.version(), Created: created,
		Title: opt.title(), Description: "Evidence exported by " + opt.Software + ". Selection: " + filterText(opt.Filter) + "."})
	defer func() {
		if err != nil {
			ww.Abandon()
		}
	}()
	var copied int64
	progress := func(n int64) {
		copied += n
		if opt.Progress != nil {
			opt.Progress(copied)
		}
	}
	for _, wp := range p.warcs {
		dst, err := ww.CreateWARC(wp.name)
		if err != nil {
			return wacz.DataPackage{}, wacz.Digest{}, err
		}
		if err := copyWARC(ctx, opt.Store, wp, dst, progress); err != nil {
			return wacz.DataPackage{}, wacz.Digest{}, err
		}
		for _, m := range wp.members {
			if e, ok := indexEntry(m); ok {
				ww.Index(e)
			}
		}
	}
	for i := range opt.Items {
		if pg, ok := itemPage(&opt.Items[i], p.byItem[opt.Items[i].ID]); ok {
			ww.AddPage(pg)
		}
	}
	return ww.Close()
}

// indexEntry returns the CDXJ entry of a copied response or resource
// record.
func indexEntry(m *record) (wacz.IndexEntry, bool) {
	r := m.rec
	if r.Type != "response" && r.Type != "resource" {
		return wacz.IndexEntry{}, false
	}
	return wacz.IndexEntry{URL: r.TargetURI, Date: recordDate(m), Digest: r.PayloadDigest, Mime: mediaType(r.ContentType),
		Filename: m.file, Offset: m.offset, Length: r.Length, Status: r.Status, RecordDigest: "sha256:" + r.SHA256}, true
}

// recordDate is the record's WARC-Date, or its fetch start when the
// header could not be read.
func recordDate(m *record) time.Time {
	if !m.date.IsZero() {
		return m.date
	}
	t, _ := time.Parse(time.RFC3339Nano, m.rec.FetchStart)
	return t
}

// mediaType strips the parameters of a Content-Type.
func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return strings.TrimSpace(strings.SplitN(ct, ";", 2)[0])
}

// itemPage picks the page ReplayWeb.page lists for an item: the first
// copied response at the item's URL, else its first response or
// resource.
func itemPage(it *Item, recs []*record) (wacz.Page, bool) {
	var pick *record
	for _, m := range recs {
		if m.rec.Type != "response" && m.rec.Type != "resource" {
			continue
		}
		if m.rec.TargetURI == it.URL {
			pick = m
			break
		}
		if pick == nil {
			pick = m
		}
	}
	if pick == nil {
		return wacz.Page{}, false
	}
	title := it.ID
	if t := oneLine(it.Text, 80); t != "" {
		title += ": " + t
	}
	return wacz.Page{ID: it.ID, URL: pick.rec.TargetURI, Title: title, TS: recordDate(pick)}, true
}

// oneLine collapses white space and cuts s to n runes with an ellipsis.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func filterText(f string) string {
	if f == "" {
		return "all items"
	}
	return f
}
