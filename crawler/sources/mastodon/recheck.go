package mastodon

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// recheck is the state of one Recheck call.
type recheck struct {
	src  *Source
	f    crawler.Fetcher
	sink crawler.Sink
	mu   sync.Mutex
	accs map[string]*lookupEntry // origin + "|" + username
}

type lookupEntry struct {
	once sync.Once
	res  verdict
}

// verdict is what the answers about one item say.
type verdict struct {
	status  string // seen, changed, missing, suspended, unavailable
	http    int
	detail  string
	hash    string
	records []string
}

// Recheck asks each item's origin server about it again and reports one
// observation per item (see the package comment). Items are checked
// Config.Parallel at a time; the only error is a cancelled context.
func (s *Source) Recheck(ctx context.Context, f crawler.Fetcher, items []crawler.ItemRef, sink crawler.Sink) error {
	rc := &recheck{src: s, f: f, sink: sink, accs: map[string]*lookupEntry{}}
	crawler.Parallel(s.cfg.Parallel, items, func(it crawler.ItemRef) { rc.item(ctx, it) })
	return ctx.Err()
}

func (rc *recheck) item(ctx context.Context, it crawler.ItemRef) {
	var v verdict
	key, ok := strings.CutPrefix(it.ID, Platform+":")
	switch {
	case !ok:
		v = verdict{status: "unavailable", detail: "not a mastodon item id"}
	case it.Kind == "account":
		v = rc.account(ctx, key, it)
	default:
		v = rc.post(ctx, key, it)
	}
	v.records = crawler.FetchPage(ctx, rc.f, v.records, it.URL)
	if v.records == nil {
		v.records = []string{}
	}
	rc.sink.Observe(manifest.Observation{Item: it.ID, Status: v.status,
		At: crawler.Stamp(rc.src.cfg.Now), HTTPStatus: v.http,
		ContentSHA256: v.hash, Detail: v.detail, Records: v.records})
}

// post checks a status on its origin server.
func (rc *recheck) post(ctx context.Context, key string, it crawler.ItemRef) verdict {
	origin, id, user, ok := statusOrigin(key, it.URL)
	if !ok {
		return verdict{status: "unavailable", detail: "no Mastodon status id in " + key}
	}
	resp, err := rc.get(ctx, origin, "/api/v1/statuses/"+url.PathEscape(id))
	if err != nil {
		return verdict{status: "unavailable", detail: err.Error()}
	}
	v := verdict{http: resp.Status, records: []string{resp.RecordID}}
	switch resp.Status {
	case http.StatusOK:
		st, err := parseStatus(resp.Body)
		if err != nil {
			return unavailable(v, "malformed status: "+err.Error())
		}
		return seen(v, postHash(st), it.ContentSHA256)
	case http.StatusNotFound, http.StatusGone:
		v.detail = errorText(resp)
		return rc.absent(ctx, v, origin, user)
	default:
		return unavailable(v, answerText(resp))
	}
}

// absent decides between missing and suspended for a status the origin
// does not show: 404 "Not Found" (the code's answer for a suspended
// author) and 404 "Record not found" (the docs' answer for both) alike are
// suspended when the author's account is.
func (rc *recheck) absent(ctx context.Context, v verdict, origin, user string) verdict {
	v.status = "missing"
	if user == "" {
		return v
	}
	acc := rc.lookup(ctx, origin, user)
	v.records = append(v.records, acc.records...)
	if acc.status == "suspended" {
		v.status = "suspended"
		v.detail += "; account " + acc.detail
	}
	return v
}

// account checks an account on its origin server.
func (rc *recheck) account(ctx context.Context, key string, it crawler.ItemRef) verdict {
	origin, user, ok := accountOrigin(key)
	if !ok {
		return verdict{status: "unavailable", detail: "no Mastodon username in " + key}
	}
	v := rc.lookup(ctx, origin, user)
	if v.status == "seen" {
		v = seen(v, v.hash, it.ContentSHA256)
	}
	return v
}

// lookup resolves user on origin (/api/v1/accounts/lookup, then
// /api/v1/accounts/:id), once per Recheck.
func (rc *recheck) lookup(ctx context.Context, origin, user string) verdict {
	rc.mu.Lock()
	e := rc.accs[origin+"|"+user]
	if e == nil {
		e = &lookupEntry{}
		rc.accs[origin+"|"+user] = e
	}
	rc.mu.Unlock()
	e.once.Do(func() { e.res = rc.resolve(ctx, origin, user) })
	return e.res
}

func (rc *recheck) resolve(ctx context.Context, origin, user string) verdict {
	resp, err := rc.get(ctx, origin, "/api/v1/accounts/lookup?acct="+url.QueryEscape(user))
	if err != nil {
		return verdict{status: "unavailable", detail: err.Error()}
	}
	v := verdict{http: resp.Status, records: []string{resp.RecordID}}
	if resp.Status != http.StatusOK {
		return accountAnswer(v, resp)
	}
	a, err := parseAccount(resp.Body)
	if err != nil {
		return unavailable(v, "malformed account: "+err.Error())
	}
	resp, err = rc.get(ctx, origin, "/api/v1/accounts/"+url.PathEscape(a.ID))
	if err != nil {
		return unavailable(v, err.Error())
	}
	v.http, v.records = resp.Status, append(v.records, resp.RecordID)
	if resp.Status != http.StatusOK {
		return accountAnswer(v, resp)
	}
	if a, err = parseAccount(resp.Body); err != nil {
		return unavailable(v, "malformed account: "+err.Error())
	}
	if a.Suspended {
		v.status, v.detail = "suspended", "suspended: true"
		return v
	}
	v.status, v.hash = "seen", accountHash(a, hostOf(origin))
	return v
}

// accountAnswer maps a non-200 account answer: 404 missing, 410 suspended
// (2.4 to 3.2 servers), anything else unavailable.
func accountAnswer(v verdict, resp *crawler.Response) verdict {
	switch resp.Status {
	case http.StatusNotFound:
		v.status, v.detail = "missing", errorText(resp)
	case http.StatusGone:
		v.status, v.detail = "suspended", errorText(resp)
	default:
		v = unavailable(v, answerText(resp))
	}
	return v
}

func (rc *recheck) get(ctx context.Context, origin, path string) (*crawler.Response, error) {
	scheme, host, _ := strings.Cut(origin, "://")
	return rc.f.Do(ctx, apiRequest(origin+path, rc.src.tokenFor(scheme, host)))
}

// seen decides a live item: seen, or changed when its hash differs from
// before (see crawler.SeenStatus).
func seen(v verdict, hash, before string) verdict {
	v.status, v.hash = crawler.SeenStatus(hash, before), hash
	return v
}

func unavailable(v verdict, detail string) verdict {
	v.status, v.detail = "unavailable", detail
	return v
}

// errorText is the server's error text, or the HTTP status text.
func errorText(resp *crawler.Response) string {
	if msg := parseError(resp.Body); msg != "" {
		return msg
	}
	return http.StatusText(resp.Status)
}

// answerText describes an answer that says nothing about the item: a login
// wall (401, 403), a rate limit, a server error or anything unexpected.
func answerText(resp *crawler.Response) string {
	switch {
	case authAnswer(resp.Status, parseError(resp.Body)) || resp.Status == http.StatusForbidden:
		return fmt.Sprintf("login wall (%d): %s", resp.Status, errorText(resp))
	case resp.Status == http.StatusTooManyRequests:
		return fmt.Sprintf("rate limited (429), X-RateLimit-Reset %s", resp.Header.Get("X-RateLimit-Reset"))
	default:
		return fmt.Sprintf("%d: %s", resp.Status, errorText(resp))
	}
}
