package telegramfake

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestAnswers(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddMessage(Message{Channel: "c", ID: 1, Text: "a & b #x"})
	get := func(p string) (string, string) {
		resp, err := http.Get(s.URL() + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.Request.URL.Path, string(b)
	}
	if _, body := get("/s/c"); !strings.Contains(body, `a &amp; b <a href="?q=%23x">#x</a>`) {
		t.Errorf("preview: %s", body)
	}
	s.DeleteMessage("c", 1)
	if _, body := get("/c/1?embed=1&mode=tme"); !strings.Contains(body, `<div class="tgme_widget_message_error">Post not found</div>`) {
		t.Errorf("deleted embed: %s", body)
	}
	s.RemoveChannel("c")
	if path, body := get("/s/c"); path != "/c" || !strings.Contains(body, "<title>Telegram: Contact @c</title>") {
		t.Errorf("removed channel: %s %s", path, body)
	}
}
