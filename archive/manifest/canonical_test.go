package manifest

import (
	"encoding/json"
	"strings"
	"testing"
)

// The RFC 8785 §3.2.2 sample without its floating-point numbers.
func TestCanonicalRFC8785Sample(t *testing.T) {
	in := json.RawMessage(`{
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false],
  "numbers": [0, -0, 1, -42, 9007199254740992, -9007199254740992]
}`)
	want := `{"literals":[null,true,false],"numbers":[0,0,1,-42,9007199254740992,-9007199254740992],"string":"€$\u000f\nA'B\"\\\\\"/"}`
	got, err := Canonical(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// The RFC 8785 §3.2.3 sorting example: U+1F600 (surrogates D83D DE00)
// sorts before U+FB33 although its code point is larger.
func TestCanonicalKeyOrderUTF16(t *testing.T) {
	in := json.RawMessage(`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`)
	want := "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"," +
		"\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\"," +
		"\"\U0001F600\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}"
	got, err := Canonical(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCompareUTF16(t *testing.T) {
	ordered := []string{"", "\x00", "a", "ab", "b", "\u00e9", "\uD7FF", "\U00010000", "\U0001F600", "\U0010FFFF", "\uE000", "\uFB33", "\uFFFF"}
	for i := range ordered {
		for j := range ordered {
			got := compareUTF16(ordered[i], ordered[j])
			if (i < j) != (got < 0) || (i == j) != (got == 0) {
				t.Errorf("compareUTF16(%q, %q) = %d", ordered[i], ordered[j], got)
			}
		}
	}
}

func TestCanonicalStrings(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<>&", `"<>&"`},
		{"\u2028\u2029", "\"\u2028\u2029\""},
		{"\x7f", "\"\x7f\""},
		{"\x00\x01\x1f", `"\u0000\u0001\u001f"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{`"\`, `"\"\\"`},
		{"ایران 😀", `"ایران 😀"`},
		{"/", `"/"`},
	}
	for _, c := range cases {
		got, err := Canonical(c.in)
		if err != nil {
			t.Errorf("Canonical(%q): %v", c.in, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("Canonical(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestCanonicalGoValues(t *testing.T) {
	type inner struct {
		B   int      `json:"b"`
		A   []string `json:"a"`
		Nil []string `json:"nil"`
	}
	v := map[string]any{"z": true, "y": inner{B: 2}, "x": nil, "w": float64(3)}
	got, err := Canonical(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"w":3,"x":null,"y":{"a":null,"b":2,"nil":null},"z":true}`
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestCanonicalRejects(t *testing.T) {
	cases := []struct {
		name string
		in   any
		want string
	}{
		{"fraction", json.RawMessage(`{"a":1.5}`), "a: number 1.5 is not an integer"},
		{"exponent", json.RawMessage(`[1e3]`), "[0]: number 1e3 is not an integer"},
		{"float value", 0.25, "not an integer"},
		{"above 2^53", json.RawMessage(`{"n":9007199254740993}`), "n: integer 9007199254740993 is beyond ±2^53"},
		{"below -2^53", json.RawMessage(`-9007199254740993`), "beyond ±2^53"},
		{"huge", json.RawMessage(`123456789012345678901234567890`), "beyond ±2^53"},
		{"invalid UTF-8", "a\xffb", "invalid UTF-8"},
		{"lone high surrogate", json.RawMessage(`"\ud83d"`), "lone UTF-16 surrogate"},
		{"lone low surrogate", json.RawMessage(`"\ude00x"`), "lone UTF-16 surrogate"},
		{"high then non-low", json.RawMessage(`"\ud83d\u0041"`), "lone UTF-16 surrogate"},
		{"unsupported", func() {}, "unsupported type"},
	}
	for _, c := range cases {
		_, err := Canonical(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestCanonicalIdempotent(t *testing.T) {
	in := json.RawMessage(`{"b":[{"d":"\u00e9","c":"x\u001fy"}],"a":{"\ud83d\ude00":1,"\uffff":2}}`)
	once, err := Canonical(in)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := Canonical(json.RawMessage(once))
	if err != nil {
		t.Fatal(err)
	}
	if string(once) != string(twice) {
		t.Errorf("not idempotent:\n%s\n%s", once, twice)
	}
}
