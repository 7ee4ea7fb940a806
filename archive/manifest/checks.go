package manifest

import (
	"fmt"
	"strings"
	"time"
)

// time checks an RFC 3339 UTC time; "" is accepted unless required.
func (v *validator) time(p, s string, required bool) {
	if s == "" {
		if required {
			v.addf(p, "empty, want an RFC 3339 UTC time")
		}
		return
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil || !strings.HasSuffix(s, "Z") {
		v.addf(p, "%q is not an RFC 3339 UTC time (…Z)", s)
	}
}

// hex checks 64 lowercase hex digits; "" is accepted unless required.
func (v *validator) hex(p, s string, required bool) {
	if s == "" && !required {
		return
	}
	if !isHex64(s) {
		v.addf(p, "%q is not 64 lowercase hex digits", s)
	}
}

// digest checks "sha256:<64 lowercase hex>"; "" is accepted unless required.
func (v *validator) digest(p, s string, required bool) {
	if s == "" && !required {
		return
	}
	hex, ok := strings.CutPrefix(s, "sha256:")
	if !ok || !isHex64(hex) {
		v.addf(p, "%q is not sha256:<64 lowercase hex digits>", s)
	}
}

// itemID checks an item id and returns its platform, "" when invalid.
func (v *validator) itemID(p, id string) string {
	platform, _, err := SplitItemID(id)
	if err != nil {
		v.addf(p, "%v", err)
		return ""
	}
	return platform
}

func (v *validator) recordRefs(p string, refs []string, ids map[string]bool) {
	for i, r := range refs {
		if !ids[r] {
			v.addf(fmt.Sprintf("%s[%d]", p, i), "record %q is not in records", r)
		}
	}
}

func (v *validator) httpStatus(p string, s int) {
	if s != 0 && (s < 100 || s > 599) {
		v.addf(p, "%d is not an HTTP status", s)
	}
}

func (v *validator) oneOf(p, s string, allowed ...string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	v.addf(p, "%q is not one of %s", s, strings.Join(quoteAll(allowed), ", "))
}

func (v *validator) nonEmpty(p, s string) {
	if s == "" {
		v.addf(p, "empty")
	}
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
