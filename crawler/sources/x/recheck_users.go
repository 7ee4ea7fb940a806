package x

import (
	"context"
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
)

// userBatch looks up up to 100 users: account items, and the authors of
// posts that got an Authorization Error.
func (s *Source) userBatch(ctx context.Context, f crawler.Fetcher, cs []*check) error {
	var ids []string
	seen := map[string]bool{}
	for _, c := range cs {
		if id := c.userID(); !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	accounts, waiting := splitWaiting(cs)
	resp, ok, err := s.lookup(ctx, f, "/2/users", ids, accounts)
	if !ok {
		for _, c := range waiting {
			if resp != nil {
				c.o.Records = append(c.o.Records, resp.RecordID)
			}
			c.o = s.decide(c.o, "unavailable", c.o.Detail+" (author lookup failed)")
		}
		return err
	}
	a, perr := parseUsers(resp.Body)
	if perr != nil {
		s.decideAll(accounts, resp, "unavailable", "malformed answer: "+perr.Error())
		for _, c := range waiting {
			c.o = s.decide(c.o, "unavailable", c.o.Detail+" (author lookup: malformed answer)")
		}
		return nil
	}
	data := map[string]*user{}
	for i := range a.Data {
		data[a.Data[i].ID] = &a.Data[i]
	}
	probs := problemsByID(a.Errors)
	for _, c := range accounts {
		c.o.HTTPStatus, c.o.Records = resp.Status, append(c.o.Records, resp.RecordID)
		s.decideUser(c, data[c.id], probs[c.id])
	}
	for _, c := range waiting {
		c.o.Records = append(c.o.Records, resp.RecordID)
		s.decideByAuthor(c, data[c.waitUser], probs[c.waitUser])
	}
	return nil
}

// userID is the user a check looks up.
func (c *check) userID() string {
	if c.waitUser != "" {
		return c.waitUser
	}
	return c.id
}

// splitWaiting separates account checks from posts awaiting their author.
func splitWaiting(cs []*check) (accounts, waiting []*check) {
	for _, c := range cs {
		if c.waitUser != "" {
			waiting = append(waiting, c)
		} else {
			accounts = append(accounts, c)
		}
	}
	return accounts, waiting
}

// userVerdict classifies a user lookup: status and the API's words.
func userVerdict(u *user, e *problem) (string, string) {
	switch {
	case u != nil && u.Withheld != nil:
		return "withheld", withheldDetail(u.Withheld)
	case u != nil:
		return "seen", ""
	case e == nil:
		return "unavailable", "absent from answer"
	case e.Title == "Forbidden" || strings.HasPrefix(e.Detail, "User has been suspended"):
		return "suspended", e.Detail
	case e.Title == "Not Found Error" || strings.HasPrefix(e.Detail, "Could not find"):
		return "missing", e.Detail
	}
	return "unavailable", strings.Trim(e.Title+": "+e.Detail, ": ")
}

// decideUser decides an account item.
func (s *Source) decideUser(c *check, u *user, e *problem) {
	status, detail := userVerdict(u, e)
	if status == "seen" {
		c.o = s.seen(c.o, accountHash(u), c.ref.ContentSHA256)
		return
	}
	c.o = s.decide(c.o, status, detail)
}

// decideByAuthor settles a post's Authorization Error by its author: a
// suspended author makes it suspended, a gone author missing, a live
// protected author unavailable.
func (s *Source) decideByAuthor(c *check, u *user, e *problem) {
	status, detail := userVerdict(u, e)
	postWords := c.o.Detail
	switch status {
	case "suspended", "missing":
		c.o = s.decide(c.o, status, postWords+" (author: "+detail+")")
	case "seen", "withheld":
		note := "author is not suspended"
		if u.Protected {
			note = "author is protected"
		}
		c.o = s.decide(c.o, "unavailable", postWords+" ("+note+")")
	default:
		c.o = s.decide(c.o, "unavailable", postWords+" (author lookup: "+detail+")")
	}
}
