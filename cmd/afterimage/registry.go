package main

import (
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/sources/bluesky"
	"github.com/afterimage-archive/afterimage/crawler/sources/mastodon"
	"github.com/afterimage-archive/afterimage/crawler/sources/reddit"
	"github.com/afterimage-archive/afterimage/crawler/sources/telegram"
	"github.com/afterimage-archive/afterimage/crawler/sources/web"
	"github.com/afterimage-archive/afterimage/crawler/sources/x"
)

// registry lists the sources of the configured platforms, with their
// credentials read from the environment. It is the one place that knows
// platform names and packages.
func (a *app) registry() (crawler.Registry, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	sec, err := c.ReadSecrets(a.getenv)
	if err != nil {
		return nil, &usageError{err}
	}
	reg := crawler.Registry{"web": web.New()}
	p := c.Platforms
	if m := p.Mastodon; m != nil {
		var ins []mastodon.Instance
		for _, in := range m.Instances {
			ins = append(ins, mastodon.Instance{URL: in.URL, Token: sec.MastodonTokens[in.URL]})
		}
		reg["mastodon"] = mastodon.New(mastodon.Config{Instances: ins, Now: a.now})
	}
	if b := p.Bluesky; b != nil {
		reg["bluesky"] = bluesky.New(bluesky.Config{Service: b.Service, AppView: b.AppView, WebURL: b.Web,
			Identifier: sec.BlueskyIdentifier, AppPassword: sec.BlueskyAppPassword, Now: a.now})
	}
	if t := p.Telegram; t != nil {
		reg["telegram"] = telegram.New(telegram.Config{BaseURL: t.BaseURL, Channels: t.Channels, Now: a.now})
	}
	if xc := p.X; xc != nil {
		reg["x"] = x.New(x.Config{BaseURL: xc.BaseURL, WebURL: xc.Web, BearerToken: sec.XBearerToken,
			MaxPostsPerRun: xc.MaxPostsPerRun, Now: a.now})
	}
	if r := p.Reddit; r != nil {
		reg["reddit"] = reddit.New(reddit.Config{BaseURL: r.BaseURL, AuthURL: r.AuthURL, WebURL: r.Web,
			ClientID: sec.RedditClientID, ClientSecret: sec.RedditClientSecret, UserAgent: c.Network.UserAgent, Now: a.now})
	}
	return reg, nil
}
