package telegram

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler/sources/telegram/telegramfake"
)

func fakePages(tb testing.TB) [][]byte {
	s := telegramfake.New()
	defer s.Close()
	s.AddChannel(telegramfake.Channel{Name: "c", Title: "T & <C>", Subscribers: 1500, Photo: true})
	s.AddMessage(telegramfake.Message{Channel: "c", ID: 5, Text: "a & b\n#ایران", Date: time.Unix(0, 0), Photos: 2, Video: true, ReplyText: "r"})
	var out [][]byte
	for _, p := range []string{"/s/c?q=%23ایران", "/c/5?embed=1", "/c/6?embed=1", "/c", "/nobody"} {
		resp, err := http.Get(s.URL() + p)
		if err != nil {
			tb.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, b)
	}
	return out
}

func TestParsePageKinds(t *testing.T) {
	pages := fakePages(t)
	want := []pageKind{kindPreview, kindEmbed, kindEmbed, kindNoPreview, kindNoChannel}
	for i, b := range pages {
		p, err := parsePage(b)
		if err != nil || p.Kind != want[i] {
			t.Errorf("page %d: kind %v err %v, want %v", i, p.Kind, err, want[i])
		}
	}
	p, _ := parsePage(pages[0])
	if p.Info.Title != "T & <C>" || p.Info.Subscribers != 1500 || len(p.Messages) != 1 {
		t.Fatalf("preview %+v", p)
	}
	m := p.Messages[0]
	if m.Text != "a & b\n#ایران" || len(m.Photos) != 2 || len(m.Videos) != 1 || m.Date != "1970-01-01T00:00:00Z" {
		t.Errorf("message %+v", m)
	}
	if p, _ := parsePage(pages[2]); p.Error != "Post not found" {
		t.Errorf("embed error %q", p.Error)
	}
}

func TestParseCount(t *testing.T) {
	for in, want := range map[string]int64{"950": 950, "12.3K": 12300, "1.2M": 1200000, "1 234": 1234, "x": 0, "NaN": 0, "-5": 0} {
		if got := parseCount(in); got != want {
			t.Errorf("parseCount(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParsePage(f *testing.F) {
	for _, b := range fakePages(f) {
		f.Add(b)
	}
	f.Add([]byte(`<div class="tgme_widget_message" data-post="/"></div>`))
	f.Add([]byte(`<div class="tgme_channel_history"><div class="tgme_widget_message" data-post="c/99999999999999999999"></div></div>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parsePage(b)
		if err != nil {
			return
		}
		for _, m := range p.Messages {
			if m.Number <= 0 || m.Channel == "" {
				t.Errorf("accepted message %+v", m)
			}
		}
	})
}

func BenchmarkParsePage(b *testing.B) {
	s := telegramfake.New()
	defer s.Close()
	for i := int64(1); i <= 20; i++ {
		s.AddMessage(telegramfake.Message{Channel: "c", ID: i, Text: "some text & more #FreeIran", Photos: 1})
	}
	resp, err := http.Get(s.URL() + "/s/c")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := parsePage(body); err != nil {
			b.Fatal(err)
		}
	}
}
