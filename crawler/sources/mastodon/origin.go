package mastodon

import (
	"net/url"
	"strings"
)

// statusOrigin finds the origin server of a status, its id there and its
// author's username, from the status uri ("https://host/users/u/statuses/id")
// or else from its public page URL ("https://host/@u/id"). ok is false for
// servers that use other id forms.
func statusOrigin(uri, page string) (origin, id, user string, ok bool) {
	if origin, segs, ok := splitURL(uri); ok && len(segs) == 4 && segs[0] == "users" && segs[2] == "statuses" && validID(segs[3]) {
		return origin, segs[3], segs[1], true
	}
	for _, u := range []string{page, uri} {
		origin, segs, ok := splitURL(u)
		if ok && len(segs) == 2 && strings.HasPrefix(segs[0], "@") && validID(segs[1]) {
			name := strings.TrimPrefix(segs[0], "@")
			if !strings.Contains(name, "@") && name != "" {
				return origin, segs[1], name, true
			}
		}
	}
	return "", "", "", false
}

// accountOrigin finds the origin server and username of an account from
// its key ("https://host/@u" or "https://host/users/u").
func accountOrigin(key string) (origin, user string, ok bool) {
	origin, segs, ok := splitURL(key)
	switch {
	case !ok:
		return "", "", false
	case len(segs) == 1 && strings.HasPrefix(segs[0], "@") && len(segs[0]) > 1 && !strings.Contains(segs[0][1:], "@"):
		return origin, segs[0][1:], true
	case len(segs) == 2 && segs[0] == "users" && segs[1] != "":
		return origin, segs[1], true
	}
	return "", "", false
}

// splitURL returns "scheme://host" and the path segments of an http(s) URL.
func splitURL(s string) (origin string, segs []string, ok bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", nil, false
	}
	path := strings.Trim(u.Path, "/")
	if path == "" {
		return u.Scheme + "://" + u.Host, nil, true
	}
	return u.Scheme + "://" + u.Host, strings.Split(path, "/"), true
}
