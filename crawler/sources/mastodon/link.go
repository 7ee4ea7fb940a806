package mastodon

import "strings"

// parseLink parses an HTTP Link header into a map from rel to URL, as
// Mastodon writes it: `<https://h/…?max_id=1>; rel="next", <…>; rel="prev"`.
// Malformed parts are skipped.
func parseLink(h string) map[string]string {
	out := map[string]string{}
	for h != "" {
		start := strings.IndexByte(h, '<')
		if start < 0 {
			break
		}
		end := strings.IndexByte(h[start:], '>')
		if end < 0 {
			break
		}
		target := h[start+1 : start+end]
		rest := h[start+end+1:]
		params := rest
		if next := strings.IndexByte(rest, '<'); next >= 0 {
			params, rest = rest[:next], rest[next:]
		} else {
			rest = ""
		}
		for _, rel := range relValues(params) {
			if _, dup := out[rel]; !dup {
				out[rel] = target
			}
		}
		h = rest
	}
	return out
}

// relValues returns the rel values of one link's parameters.
func relValues(params string) []string {
	var rels []string
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		v = strings.Trim(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(v), ",")), `"`)
		rels = append(rels, strings.Fields(strings.ToLower(v))...)
	}
	return rels
}
