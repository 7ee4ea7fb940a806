package manifest

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func golden(t testing.TB) []byte {
	b, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRejects(t *testing.T) {
	g := string(golden(t))
	rep := func(old, new string) string {
		if !strings.Contains(g, old) {
			t.Fatalf("golden lacks %q", old)
		}
		return strings.Replace(g, old, new, 1)
	}
	cases := []struct {
		name, in, want string
	}{
		{"empty", "", "EOF"},
		{"not an object", "[]", "cannot unmarshal"},
		{"trailing data", g + "{}", "data after the manifest"},
		{"trailing newline", g + "\n", "not in canonical form"},
		{"leading space", " " + g, "not in canonical form"},
		{"unknown field", rep(`{"context":`, `{"zz":1,"context":`), `unknown field "zz"`},
		{"unknown nested field", rep(`{"block_digest"`, `{"extra":"x","block_digest"`), `unknown field "extra"`},
		{"unknown account field", rep(`{"avatar_url"`, `{"bot":true,"avatar_url"`), `unknown field "bot"`},
		{"version 2", rep(`"version":1`, `"version":2`), "version 2, this afterimage reads version 1"},
		{"version 2 with a new field", rep(`"version":1`, `"version":2,"zz":1`), "version 2"},
		{"null list", rep(`"media":[]`, `"media":null`), "not in canonical form"},
		{"missing field", rep(`"hostname":"lab-1",`, ``), "not in canonical form"},
		{"keys out of order", rep(`"body_cap":50000000,"command":"collect"`, `"command":"collect","body_cap":50000000`), "not in canonical form"},
		{"capitalised key", rep(`"hostname"`, `"Hostname"`), "not in canonical form"},
		{"needless escape", rep(`"bio"`, `"\u0062io"`), "not in canonical form"},
		{"escaped slash", rep(`"https://mastodon.example/@a"`, `"https:\/\/mastodon.example/@a"`), "not in canonical form"},
		{"float", rep(`"size":4096`, `"size":4096.0`), "cannot unmarshal"},
		{"invalid UTF-8", rep(`"bio"`, "\"bi\xff\""), "invalid UTF-8"},
		{"lone surrogate", rep(`"bio"`, `"\ud800"`), "lone UTF-16 surrogate"},
		{"duplicate key", rep(`"hostname":"lab-1"`, `"hostname":"x","hostname":"lab-1"`), "not in canonical form"},
		{"bad sha256", rep(`"sha256":"1111`, `"sha256":"111X`), "records[0].sha256"},
		{"bad record type", rep(`"type":"request"`, `"type":"revisit"`), `records[0].type: "revisit" is not one of`},
		{"bad status", rep(`"status":"seen"`, `"status":"gone"`), "observations[0].status"},
		{"bad time", rep(`"started":"2024-03-01T12:00:00Z"`, `"started":"2024-03-01T13:00:00+01:00"`), "started:"},
		{"unknown record", rep(`"records":["<urn:uuid:00000000-0000-4000-8000-000000000002>"],"status"`, `"records":["<urn:uuid:nope>"],"status"`), `observations[0].records[0]: record "<urn:uuid:nope>" is not in records`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestValidateNamesFields(t *testing.T) {
	cases := []struct {
		name   string
		modify func(m *Manifest)
		want   string
	}{
		{"kind", func(m *Manifest) { m.Kind = "crawl" }, `kind: "crawl" is not capture or export`},
		{"export on capture", func(m *Manifest) { m.Export = &Export{} }, "export: set on a capture manifest"},
		{"warc key", func(m *Manifest) { m.WARCs[0].Key = "warc/x.warc.gz" }, "warcs[0].key"},
		{"warc index", func(m *Manifest) { m.Records[1].WARC = 1 }, "records[1].warc: index 1 out of range (1 warcs)"},
		{"duplicate record", func(m *Manifest) { m.Records[1].ID = m.Records[0].ID }, "records[1].id: duplicate record id"},
		{"block digest", func(m *Manifest) { m.Records[0].BlockDigest = "sha1:abc" }, "records[0].block_digest"},
		{"payload digest", func(m *Manifest) { m.Records[1].PayloadDigest = "sha256:" + hexOf('A') }, "records[1].payload_digest"},
		{"http status", func(m *Manifest) { m.Records[1].Status = 42 }, "records[1].status: 42 is not an HTTP status"},
		{"fetch time", func(m *Manifest) { m.Records[1].FetchEnd = "yesterday" }, "records[1].fetch_end"},
		{"item platform", func(m *Manifest) { m.Items[0].ID = "myspace:1" }, `items[0].id: item id "myspace:1": unknown platform "myspace"`},
		{"item no colon", func(m *Manifest) { m.Items[0].ID = "post1" }, "items[0].id"},
		{"item empty key", func(m *Manifest) { m.Items[0].ID = "x:" }, "items[0].id"},
		{"platform mismatch", func(m *Manifest) { m.Items[0].Platform = "bluesky" }, "items[0].platform"},
		{"duplicate item", func(m *Manifest) { m.Items[1].ID = m.Items[0].ID }, "items[1].id: duplicate of items[0]"},
		{"item kind", func(m *Manifest) { m.Items[0].Kind = "story" }, "items[0].kind"},
		{"account on post", func(m *Manifest) { m.Items[0].Account = &Account{} }, `items[0].account: set on a "post" item`},
		{"negative followers", func(m *Manifest) { m.Items[1].Account.Followers = -1 }, "items[1].account: negative count"},
		{"author id", func(m *Manifest) { m.Items[0].Author = "nobody" }, "items[0].author"},
		{"item record", func(m *Manifest) { m.Items[1].Records = []string{"r"} }, `items[1].records[0]: record "r" is not in records`},
		{"empty tag", func(m *Manifest) { m.Items[0].Tags = []string{""} }, "items[0].tags[0]: empty"},
		{"observation item", func(m *Manifest) { m.Observations[0].Item = "" }, "observations[0].item"},
		{"content hash", func(m *Manifest) { m.Observations[0].ContentSHA256 = "abc" }, "observations[0].content_sha256"},
		{"observation time", func(m *Manifest) { m.Observations[0].At = "" }, "observations[0].at: empty"},
		{"failure", func(m *Manifest) { m.Failures[0].URL = "" }, "failures[0].url: empty"},
		{"robots", func(m *Manifest) { m.Context.Robots = "maybe" }, "context.robots"},
		{"config hash", func(m *Manifest) { m.Context.ConfigSHA256 = "c" }, "context.config_sha256"},
		{"timeout", func(m *Manifest) { m.Context.Timeout = "soon" }, "context.timeout"},
		{"export without export", func(m *Manifest) { m.Kind = KindExport }, "export: missing on an export manifest"},
	}
	for _, c := range cases {
		m := fixture()
		c.modify(m)
		err := m.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
		if _, err := Marshal(m); err == nil {
			t.Errorf("%s: Marshal accepted an invalid manifest", c.name)
		}
	}
	if err := fixture().Validate(); err != nil {
		t.Errorf("fixture: %v", err)
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	m := fixture()
	for i := range 30 {
		m.Failures = append(m.Failures, Failure{URL: "u", Error: "e", At: "bad" + strings.Repeat("x", i)})
	}
	m.Kind = "crawl"
	err := m.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "kind:") || !strings.Contains(msg, "failures[1].at") || !strings.Contains(msg, "and 11 more") {
		t.Errorf("error = %s", msg)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(golden(f))
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			return
		}
		out, err := Marshal(m)
		if err != nil {
			t.Fatalf("Parse accepted what Marshal rejects: %v", err)
		}
		if !bytes.Equal(out, b) {
			t.Fatalf("Marshal(Parse(b)) != b:\n%q\n%q", b, out)
		}
	})
}
