package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxSafeInteger is 2^53: integers of larger magnitude are not exactly
// representable as IEEE 754 doubles, which RFC 8785 numbers are.
const maxSafeInteger = 1 << 53

// Canonical returns the RFC 8785 (JSON Canonicalization Scheme) form of v.
// v is first encoded with encoding/json, then decoded into generic values
// and written again canonically: object keys sorted by their UTF-16 code
// units, no white space, strings escaped as ECMAScript's JSON.stringify
// does (\" \\ \b \f \n \r \t, \u00xx for other control characters, every
// other character as literal UTF-8).
//
// afterimage's formats use only strings, integers, booleans, null, arrays
// and objects. Canonical returns an error for a number that is not written
// as an integer or whose magnitude exceeds 2^53, for a string holding
// invalid UTF-8 or a lone UTF-16 surrogate escape, and for anything
// encoding/json cannot encode. encoding/json writes invalid UTF-8 as the
// escape \ufffd, so an escaped U+FFFD in a json.RawMessage is rejected too.
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	return canonicalize(raw)
}

// canonicalize re-serialises one JSON text canonically.
func canonicalize(raw []byte) ([]byte, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("canonical json: invalid UTF-8")
	}
	if err := checkEscapes(raw); err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("canonical json: data after the top-level value")
	}
	var buf bytes.Buffer
	buf.Grow(len(raw))
	if err := writeValue(&buf, generic, ""); err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	return buf.Bytes(), nil
}

// checkEscapes rejects \u escapes that decoding would silently turn into
// U+FFFD: lone surrogates, and \ufffd itself, which is how encoding/json
// writes invalid UTF-8. Outside strings JSON has no backslashes, so every
// backslash starts an escape.
func checkEscapes(raw []byte) error {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			continue
		}
		if raw[i+1] != 'u' {
			i++
			continue
		}
		u, ok := hex4(raw, i+2)
		if !ok {
			return fmt.Errorf("bad \\u escape at byte %d", i)
		}
		switch {
		case u == 0xfffd:
			return fmt.Errorf("invalid UTF-8 (escaped U+FFFD) at byte %d", i)
		case utf16.IsSurrogate(rune(u)) && u < 0xdc00:
			low, ok := hex4(raw, i+8)
			if !ok || raw[i+6] != '\\' || raw[i+7] != 'u' || low < 0xdc00 || low > 0xdfff {
				return fmt.Errorf("lone UTF-16 surrogate at byte %d", i)
			}
			i += 11
		case utf16.IsSurrogate(rune(u)):
			return fmt.Errorf("lone UTF-16 surrogate at byte %d", i)
		default:
			i += 5
		}
	}
	return nil
}

// hex4 reads four hex digits at raw[at:].
func hex4(raw []byte, at int) (uint16, bool) {
	if at+4 > len(raw) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(raw[at:at+4]), 16, 16)
	return uint16(n), err == nil
}

// writeValue writes one decoded value; path names it in errors.
func writeValue(buf *bytes.Buffer, v any, path string) error {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case string:
		writeString(buf, x)
	case json.Number:
		return writeNumber(buf, x, path)
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeValue(buf, e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case map[string]any:
		return writeObject(buf, x, path)
	default:
		return fmt.Errorf("%s: unsupported value of type %T", where(path), v)
	}
	return nil
}

// writeObject writes an object with its keys in UTF-16 code unit order.
func writeObject(buf *bytes.Buffer, obj map[string]any, path string) error {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareUTF16)
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(buf, k)
		buf.WriteByte(':')
		sub := k
		if path != "" {
			sub = path + "." + k
		}
		if err := writeValue(buf, obj[k], sub); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// writeNumber writes an integer of magnitude at most 2^53.
func writeNumber(buf *bytes.Buffer, n json.Number, path string) error {
	s := n.String()
	if strings.ContainsAny(s, ".eE") {
		return fmt.Errorf("%s: number %s is not an integer", where(path), s)
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil || i > maxSafeInteger || i < -maxSafeInteger {
		return fmt.Errorf("%s: integer %s is beyond ±2^53", where(path), s)
	}
	buf.WriteString(strconv.FormatInt(i, 10))
	return nil
}

// writeString writes s quoted and escaped as ECMAScript's JSON.stringify.
func writeString(buf *bytes.Buffer, s string) {
	const hexDigits = "0123456789abcdef"
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf.WriteString(s[start:i])
		switch c {
		case '"', '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			buf.WriteString(`\u00`)
			buf.WriteByte(hexDigits[c>>4])
			buf.WriteByte(hexDigits[c&0xf])
		}
		start = i + 1
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// compareUTF16 orders strings by their UTF-16 code units, as RFC 8785
// sorts object keys. It differs from byte order only where a character
// above U+FFFF (a surrogate pair, 0xD800-0xDBFF first) meets one in
// U+E000-U+FFFF.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return int(firstUnit(ra)) - int(firstUnit(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

// firstUnit is the sort key of a rune's UTF-16 encoding: runes with the
// same first unit share a high surrogate, and then differ in the low one,
// which orders them as the runes themselves do.
func firstUnit(r rune) rune {
	if r < 0x10000 {
		return r << 10
	}
	hi, lo := utf16.EncodeRune(r)
	return hi<<10 | (lo - 0xdc00)
}

// where names a value's path in an error.
func where(path string) string {
	if path == "" {
		return "top-level value"
	}
	return path
}
