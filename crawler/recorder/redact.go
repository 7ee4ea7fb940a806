package recorder

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Redacted replaces every credential in a request record.
const Redacted = "[redacted]"

type secretBodyKey struct{}

// WithSecretBody returns req marked so that its body (a login form, a
// password) is recorded as "[redacted]". The body is still sent.
func WithSecretBody(req *http.Request) *http.Request {
	return req.WithContext(context.WithValue(req.Context(), secretBodyKey{}, true))
}

// secretBody reports whether req's body is marked secret, by WithSecretBody
// or by the HeaderSecretBody request header.
func secretBody(req *http.Request) bool {
	v, _ := req.Context().Value(secretBodyKey{}).(bool)
	return v || req.Header.Get(HeaderSecretBody) != ""
}

// redactRequest returns the request record block for the wire bytes of a
// request: the same bytes with the values of credential headers and, if
// secret, the body replaced by "[redacted]", and what was replaced.
func redactRequest(wire []byte, secret bool) (block, body []byte, redactions []string) {
	end := bytes.Index(wire, []byte("\r\n\r\n"))
	if end < 0 {
		return wire, nil, nil // req.Write always ends the header; never here
	}
	var out bytes.Buffer
	out.Grow(len(wire))
	redactions = redactHeader(&out, wire[:end+4], "request header ", isRequestCredential)
	body = wire[end+4:]
	if secret && len(body) > 0 {
		body = []byte(Redacted)
		redactions = append(redactions, "request body")
	}
	n := out.Len()
	out.Write(body)
	return out.Bytes(), out.Bytes()[n:], redactions
}

// redactResponse returns the response record block of a secret exchange
// (a login answer carries session cookies and tokens): the header as
// received with Set-Cookie values replaced, and the body replaced by
// "[redacted]" in the same transfer coding, so the record still parses.
func redactResponse(head []byte, hasBody, chunked bool) (block, payload []byte, redactions []string) {
	var out bytes.Buffer
	redactions = redactHeader(&out, head, "response header ", isResponseCredential)
	if !hasBody {
		return out.Bytes(), nil, redactions
	}
	if chunked {
		fmt.Fprintf(&out, "%x\r\n%s\r\n0\r\n\r\n", len(Redacted), Redacted)
	} else {
		out.WriteString(Redacted)
	}
	return out.Bytes(), []byte(Redacted), append(redactions, "response body")
}

// redactHeader copies an HTTP header (start line through the empty line)
// to out with the values of credential fields replaced, and lists them.
// Interim 1xx responses before the final one are copied the same way.
func redactHeader(out *bytes.Buffer, head []byte, what string, credential func(string) bool) []string {
	var redactions []string
	start := true
	for _, line := range bytes.SplitAfter(head, []byte("\r\n")) {
		name, _, ok := bytes.Cut(line, []byte(":"))
		switch {
		case len(line) == 0:
		case start || !ok || !credential(string(name)):
			out.Write(line)
		default:
			out.WriteString(string(name) + ": " + Redacted + "\r\n")
			redactions = append(redactions, what+string(name))
		}
		start = string(line) == "\r\n"
	}
	return redactions
}

// isRequestCredential names the request headers whose values never enter a
// record.
func isRequestCredential(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "authorization", "proxy-authorization", "cookie":
		return true
	}
	return false
}

// isResponseCredential names the response headers redacted in the answer
// to a secret request.
func isResponseCredential(name string) bool {
	return strings.EqualFold(strings.TrimSpace(name), "Set-Cookie")
}
