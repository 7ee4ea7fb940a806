package warc

import (
	"bytes"
	"strconv"
)

// Format and ConformsTo are the warcinfo "format" and "conformsTo" values
// of every file afterimage writes.
const (
	Format     = "WARC File Format 1.1"
	ConformsTo = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
)

// Warcinfo is the collection context written as the first record of every
// file, as an application/warc-fields block. Empty fields are left out;
// format and conformsTo are always written.
type Warcinfo struct {
	// Filename is written as WARC-Filename in the record header, if set.
	Filename string
	// Software names the tool and version, e.g. "afterimage 0.3.0".
	Software string
	// Operator is the pseudonymous id of whoever ran the capture.
	Operator string
	// Hostname of the collecting machine; "" when withheld.
	Hostname string
	// IP is the egress address, if known.
	IP string
	// UserAgent is the User-Agent the crawler sent.
	UserAgent string
	// Robots is the robots.txt policy: "respect" or "ignore".
	Robots string
	// BodyCap is the number of entity-body bytes kept per response; 0 means
	// the field is left out.
	BodyCap int64
	// Timeout is the per-exchange timeout as a Go duration, e.g. "30s".
	Timeout string
	// ConfigSHA256 is the hex SHA-256 of the effective configuration.
	ConfigSHA256 string
	// Description and IsPartOf are the DCMI terms (e.g. the target name).
	Description string
	IsPartOf    string
	// Extra fields are written after the others, in order.
	Extra []Field
}

// fields returns the warc-fields of the warcinfo block, in a fixed order.
func (wi Warcinfo) fields() []Field {
	var fs []Field
	add := func(name, v string) {
		if v != "" {
			fs = append(fs, Field{name, v})
		}
	}
	add("software", wi.Software)
	add("format", Format)
	add("conformsTo", ConformsTo)
	add("operator", wi.Operator)
	add("hostname", wi.Hostname)
	add("ip", wi.IP)
	add("http-header-user-agent", wi.UserAgent)
	add("robots", wi.Robots)
	if wi.BodyCap > 0 {
		add("afterimage-body-cap", strconv.FormatInt(wi.BodyCap, 10))
	}
	add("afterimage-timeout", wi.Timeout)
	add("afterimage-config-sha256", wi.ConfigSHA256)
	add("description", wi.Description)
	add("isPartOf", wi.IsPartOf)
	return append(fs, wi.Extra...)
}

// block renders the application/warc-fields block. It fails on a value
// with CR or LF or a name that is not a token.
func (wi Warcinfo) block() ([]byte, error) {
	var b bytes.Buffer
	for _, f := range wi.fields() {
		if err := checkName(f.Name); err != nil {
			return nil, err
		}
		if err := checkValue(f.Name, f.Value); err != nil {
			return nil, err
		}
		b.WriteString(f.Name)
		b.WriteString(": ")
		b.WriteString(f.Value)
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}
