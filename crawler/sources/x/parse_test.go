package x

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler/sources/x/xfake"
)

func fakeAnswers(tb testing.TB) [][]byte {
	s := xfake.New()
	defer s.Close()
	s.AddUser(xfake.User{ID: "1", Username: "u", Name: "U & V", CreatedAt: time.Unix(0, 0), Avatar: true})
	s.AddPost(xfake.Post{ID: "10", AuthorID: "1", Text: "a & b #ایران", Photos: 2, Video: true})
	s.AddPost(xfake.Post{ID: "11", AuthorID: "1", Text: "#ایران"})
	s.DeletePost("11")
	var out [][]byte
	for _, p := range []string{"/2/tweets/search/recent?query=%23ایران", "/2/tweets?ids=10,11", "/2/users?ids=1,2"} {
		req, _ := http.NewRequest("GET", s.URL()+p, nil)
		req.Header.Set("Authorization", "Bearer "+xfake.BearerToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, b)
	}
	return out
}

func TestParseAnswer(t *testing.T) {
	bodies := fakeAnswers(t)
	a, err := parseAnswer(bodies[0])
	if err != nil || len(a.Data) != 1 || len(a.Includes.Media) != 3 || a.Includes.Users[0].Name != "U & V" {
		t.Fatalf("search answer %+v, %v", a, err)
	}
	if got := a.Data[0].tags(); len(got) != 1 || got[0] != "ایران" {
		t.Errorf("tags %v", got)
	}
	if got := mediaURLs(&a.Data[0], map[string]media{"3_101": {URL: "p"}, "7_10": {PreviewImageURL: "v"}}); len(got) != 2 || got[1] != "v" {
		t.Errorf("media %v", got)
	}
	b, err := parseAnswer(bodies[1])
	if err != nil || len(b.Errors) != 1 || b.Errors[0].Title != "Not Found Error" {
		t.Errorf("lookup answer %+v, %v", b, err)
	}
	if _, err := parseAnswer([]byte(`{"data":[{"id":"1x"}]}`)); err == nil {
		t.Error("accepted a non-numeric id")
	}
	u, err := parseUsers(bodies[2])
	if err != nil || len(u.Data) != 1 || len(u.Errors) != 1 {
		t.Errorf("users answer %+v, %v", u, err)
	}
}

func FuzzParseAnswer(f *testing.F) {
	for _, b := range fakeAnswers(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"meta":{"result_count":0}}`))
	f.Add([]byte(`{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if a, err := parseAnswer(b); err == nil {
			for _, p := range a.Data {
				if !validID(p.ID) {
					t.Errorf("accepted id %q", p.ID)
				}
				_ = p.tags()
			}
		}
		if u, err := parseUsers(b); err == nil {
			for _, x := range u.Data {
				_ = x.postCount()
			}
		}
		_ = apiWords(b)
	})
}

func TestNewerID(t *testing.T) {
	if !newerID("1000", "999") || newerID("999", "1000") || !newerID("1001", "1000") || newerID("5", "5") {
		t.Error("newerID order")
	}
}

func BenchmarkParseAnswer(b *testing.B) {
	s := xfake.New()
	defer s.Close()
	s.AddUser(xfake.User{ID: "1", Username: "u"})
	for i := 0; i < 100; i++ {
		s.AddPost(xfake.Post{ID: string(rune('1'+i%9)) + "0000" + string(rune('0'+i/10)) + string(rune('0'+i%10)), AuthorID: "1", Text: "some text & #FreeIran", Photos: 1})
	}
	req, _ := http.NewRequest("GET", s.URL()+"/2/tweets/search/recent?query=%23FreeIran&max_results=100", nil)
	req.Header.Set("Authorization", "Bearer "+xfake.BearerToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := parseAnswer(body); err != nil {
			b.Fatal(err)
		}
	}
}
