package mastodon

import (
	"testing"
)

func TestParseLink(t *testing.T) {
	h := `<https://h/api/v1/timelines/tag/cats?max_id=7163058>; rel="next", <https://h/api/v1/timelines/tag/cats?min_id=7275607>; rel="prev"`
	got := parseLink(h)
	if got["next"] != "https://h/api/v1/timelines/tag/cats?max_id=7163058" || got["prev"] != "https://h/api/v1/timelines/tag/cats?min_id=7275607" {
		t.Fatalf("%v", got)
	}
	if len(parseLink("")) != 0 || len(parseLink("garbage; rel=next")) != 0 {
		t.Fatal("garbage parsed")
	}
	if got := parseLink(`<a,b>; rel=next`); got["next"] != "a,b" {
		t.Fatalf("%v", got)
	}
}

func TestIDLess(t *testing.T) {
	cases := []struct {
		a, b string
		less bool
	}{
		{"99", "100", true}, {"100", "99", false}, {"109", "110", true}, {"110", "110", false},
		{"0099", "100", true}, {"113580447958523904", "113580447958523905", true},
	}
	for _, c := range cases {
		if idLess(c.a, c.b) != c.less {
			t.Errorf("idLess(%s, %s) != %v", c.a, c.b, c.less)
		}
	}
}

func TestHTMLText(t *testing.T) {
	in := `<p>Tom &amp; Jerry &lt;3 &quot;q&quot; &#39;s <a href="x" class="mention hashtag" rel="tag">#<span>FreeIran</span></a><br />two</p><p>next</p>`
	if got := htmlText(in); got != "Tom & Jerry <3 \"q\" 's #FreeIran\ntwo\n\nnext" {
		t.Fatalf("%q", got)
	}
}

func TestStatusOrigin(t *testing.T) {
	o, id, user, ok := statusOrigin("https://m.example/users/al/statuses/123", "")
	if !ok || o != "https://m.example" || id != "123" || user != "al" {
		t.Fatal(o, id, user, ok)
	}
	o, id, user, ok = statusOrigin("https://other.example/objects/x-y", "https://other.example/@al/AbC9")
	if !ok || o != "https://other.example" || id != "AbC9" || user != "al" {
		t.Fatal(o, id, user, ok)
	}
	if _, _, _, ok := statusOrigin("at://did/x", "ftp://x/@a/1"); ok {
		t.Fatal("parsed a non-http uri")
	}
	if o, u, ok := accountOrigin("https://m.example/@al"); !ok || o != "https://m.example" || u != "al" {
		t.Fatal(o, u, ok)
	}
}

func FuzzParseStatuses(f *testing.F) {
	f.Add([]byte(`[{"id":"1","uri":"https://h/users/a/statuses/1","content":"<p>x</p>","account":{"id":"2"},"media_attachments":[{"url":null}]}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"error":"Record not found"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sts, err := parseStatuses(b)
		if err != nil {
			return
		}
		for _, st := range sts {
			if st.ID == "" || st.URI == "" {
				t.Fatal("accepted a status without id or uri")
			}
			_ = postHash(st)
			_ = normTags(st)
		}
	})
}

func FuzzParseStatus(f *testing.F) {
	f.Add([]byte(`{"id":"1","uri":"u","content":"<p>&amp;</p>"}`))
	f.Add([]byte(`{"id":"../x","uri":"u"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if st, err := parseStatus(b); err == nil && !validID(st.ID) {
			t.Fatalf("accepted id %q", st.ID)
		}
	})
}

func FuzzParseAccount(f *testing.F) {
	f.Add([]byte(`{"id":"1","acct":"a","avatar":"https://h/avatars/original/missing.png","suspended":true}`))
	f.Add([]byte(`{"error":"Not Found"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if a, err := parseAccount(b); err == nil {
			_ = accountHash(a, "h")
			_ = parseError(b)
		}
	})
}

func FuzzParseLink(f *testing.F) {
	f.Add(`<https://h/x?max_id=1>; rel="next", <https://h/x?min_id=2>; rel="prev"`)
	f.Add(`<>;rel=`)
	f.Fuzz(func(t *testing.T, h string) {
		for rel := range parseLink(h) {
			if rel == "" {
				t.Fatal("empty rel")
			}
		}
	})
}

func FuzzHTMLText(f *testing.F) {
	f.Add(`<p>a &amp; b<br>c</p>`)
	f.Fuzz(func(t *testing.T, s string) { _ = htmlText(s) })
}
