package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Marshal validates m and returns its canonical JSON bytes: the bytes that
// are stored under manifests/<sha256>.json and appended to the evidence
// log. Nil slices are written as [] so that the bytes do not depend on how
// m was built. An error means m is invalid (the message names the field
// path) or cannot be encoded canonically.
func Marshal(m *Manifest) ([]byte, error) {
	if m == nil {
		return nil, errors.New("manifest marshal: nil manifest")
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("manifest marshal: %w", err)
	}
	b, err := canonicalBytes(m)
	if err != nil {
		return nil, fmt.Errorf("manifest marshal: %w", err)
	}
	return b, nil
}

// canonicalBytes encodes m canonically without validating it, with the
// direct encoder (encodeManifest); referenceBytes is the same through the
// generic Canonical, which tests compare it with.
func canonicalBytes(m *Manifest) ([]byte, error) {
	n := normalized(m)
	return encodeManifest(&n)
}

func referenceBytes(m *Manifest) ([]byte, error) {
	n := normalized(m)
	return Canonical(&n)
}

// Parse decodes a stored manifest strictly: b must be one JSON object with
// no unknown field (at any depth) and nothing after it, of this Version,
// byte-identical to its canonical form, and valid (see Validate). Any
// other input is rejected with an error that says why; a manifest that
// was altered or re-serialised by another tool never parses.
func Parse(b []byte) (*Manifest, error) {
	if !utf8.Valid(b) {
		return nil, errors.New("manifest parse: invalid UTF-8")
	}
	if err := checkEscapes(b); err != nil {
		return nil, fmt.Errorf("manifest parse: %w", err)
	}
	if v, ok := peekVersion(b); ok && v != Version {
		return nil, fmt.Errorf("manifest parse: version %d, this afterimage reads version %d", v, Version)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest parse: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("manifest parse: data after the manifest object")
	}
	if m.Version != Version {
		return nil, fmt.Errorf("manifest parse: version %d, this afterimage reads version %d", m.Version, Version)
	}
	canon, err := canonicalBytes(&m)
	if err != nil {
		return nil, fmt.Errorf("manifest parse: %w", err)
	}
	if !bytes.Equal(canon, b) {
		return nil, fmt.Errorf("manifest parse: not in canonical form (RFC 8785, every field present, [] not null): first difference at byte %d", firstDiff(canon, b))
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("manifest parse: %w", err)
	}
	return &m, nil
}

// peekVersion finds the top-level version of a canonical manifest without
// decoding it: in canonical form it is the member before "warcs", the last
// key. Other input reports false and is left to the full decoder.
func peekVersion(b []byte) (int, bool) {
	i := bytes.LastIndex(b, []byte(`,"version":`))
	if i < 0 {
		return 0, false
	}
	rest := b[i+len(`,"version":`):]
	j := bytes.IndexByte(rest, ',')
	if j < 0 {
		return 0, false
	}
	v, err := strconv.Atoi(string(rest[:j]))
	return v, err == nil
}

// ID returns the capture id of canonical manifest bytes: their SHA-256 in
// lowercase hex.
func ID(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// firstDiff returns the offset of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// normalized returns a copy of m whose nil slices are empty, so that they
// encode as [] and never as null. m itself is not modified.
func normalized(m *Manifest) Manifest {
	n := *m
	n.Context.Redactions = nonNil(n.Context.Redactions)
	n.WARCs = nonNil(n.WARCs)
	n.Records = nonNil(n.Records)
	n.Failures = nonNil(n.Failures)
	n.Items = nonNil(n.Items)
	for i := range n.Items {
		if n.Items[i].Tags == nil || n.Items[i].Media == nil || n.Items[i].Records == nil {
			n.Items = cloneItems(n.Items)
			break
		}
	}
	n.Observations = nonNil(n.Observations)
	for i := range n.Observations {
		if n.Observations[i].Records == nil {
			n.Observations = cloneObservations(n.Observations)
			break
		}
	}
	if n.Export != nil {
		e := *n.Export
		e.Items, e.Captures = nonNil(e.Items), nonNil(e.Captures)
		n.Export = &e
	}
	return n
}

func cloneItems(items []Item) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		it.Tags, it.Media, it.Records = nonNil(it.Tags), nonNil(it.Media), nonNil(it.Records)
		out[i] = it
	}
	return out
}

func cloneObservations(obs []Observation) []Observation {
	out := make([]Observation, len(obs))
	for i, o := range obs {
		o.Records = nonNil(o.Records)
		out[i] = o
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
