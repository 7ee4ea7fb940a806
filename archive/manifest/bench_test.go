package manifest

import (
	"fmt"
	"testing"
)

// bigManifest is a capture of n posts, each with a request and a response
// record and an observation.
func bigManifest(n int) *Manifest {
	m := fixture()
	m.Records, m.Items, m.Observations = nil, nil, nil
	for i := range n {
		req := fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", 2*i)
		resp := fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", 2*i+1)
		r := fixture().Records
		r[0].ID, r[0].ConcurrentTo, r[1].ID, r[1].ConcurrentTo = req, resp, resp, req
		m.Records = append(m.Records, r...)
		it := fixture().Items[0]
		it.ID = fmt.Sprintf("mastodon:https://mastodon.example/users/a/statuses/%d", i)
		it.Records = []string{resp}
		m.Items = append(m.Items, it)
		o := fixture().Observations[0]
		o.Item, o.Records = it.ID, []string{resp}
		m.Observations = append(m.Observations, o)
	}
	return m
}

func BenchmarkMarshal(b *testing.B) {
	m := bigManifest(1000)
	out, err := Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	for b.Loop() {
		if _, err := Marshal(m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Records)*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkParse(b *testing.B) {
	in, err := Marshal(bigManifest(1000))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}
