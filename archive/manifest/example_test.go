package manifest_test

import (
	"fmt"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

func ExampleCanonical() {
	b, err := manifest.Canonical(map[string]any{
		"text":       "ایران <b>\n",
		"id":         "mastodon:https://mastodon.example/users/a/statuses/1",
		"count":      3,
		"\U0001F600": true,
		"\uFF5A":     false,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))
	// Output:
	// {"count":3,"id":"mastodon:https://mastodon.example/users/a/statuses/1","text":"ایران <b>\n","😀":true,"ｚ":false}
}

func ExampleParse() {
	m := &manifest.Manifest{
		Version:  manifest.Version,
		Kind:     manifest.KindCapture,
		Context:  manifest.Context{Software: "afterimage 0.1.0", Command: "capture"},
		Started:  "2024-03-01T12:00:00Z",
		Finished: "2024-03-01T12:00:01Z",
	}
	b, err := manifest.Marshal(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))
	if _, err := manifest.Parse(append([]byte(" "), b...)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"context":{"body_cap":0,"command":"capture","config_sha256":"","hostname":"","redactions":[],"robots":"","software":"afterimage 0.1.0","target":"","timeout":"","user_agent":""},"failures":[],"finished":"2024-03-01T12:00:01Z","items":[],"kind":"capture","observations":[],"records":[],"started":"2024-03-01T12:00:00Z","version":1,"warcs":[]}
	// manifest parse: not in canonical form (RFC 8785, every field present, [] not null): first difference at byte 0
}
