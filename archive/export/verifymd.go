package export

import (
	_ "embed"
	"fmt"
	"io"
	"text/template"
	"time"

	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// VerifyFile tells a third party how to check a bundle.
const VerifyFile = "VERIFY.md"

//go:embed verify.md.tmpl
var verifyTemplate string

// writeVerifyMD writes VERIFY.md.
func writeVerifyMD(w io.Writer, opt *Options, p *plan, ps *proofSet, created time.Time) error {
	t, err := template.New("verify").Parse(verifyTemplate)
	if err != nil {
		return fmt.Errorf("export: VERIFY.md template: %w", err)
	}
	whole := false
	for _, wp := range p.warcs {
		whole = whole || wp.whole
	}
	err = t.Execute(w, map[string]any{
		"Created": created.Format(time.RFC3339), "Software": opt.Software, "Filter": filterText(opt.Filter),
		"Items": len(opt.Items), "Records": len(p.records), "Captures": len(p.captures),
		"Size": ps.cp.Size, "Origin": ps.cp.Origin, "KeyHash": evlog.KeyHash(ps.vkey), "Tokens": len(ps.tokens),
		"Whole": whole,
	})
	if err != nil {
		return fmt.Errorf("export: %s: %w", VerifyFile, err)
	}
	return nil
}
