package schedules

import (
	"fmt"
	"net/url"
	"strings"
)

// Validate checks the whole config and applies platform defaults. Errors
// name the file, line and key.
func (c *Config) Validate() error {
	c.Platforms.applyDefaults()
	checks := []func() error{c.validateStorage, c.validateLog, c.validateNetwork,
		c.validatePlatforms, c.validateTargets, c.validateRecheck}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateStorage() error {
	s := &c.Storage
	if c.DataDir == "" {
		return c.errAt("$.data_dir", "must not be empty")
	}
	switch s.Type {
	case "local":
	case "s3":
		if s.Endpoint == "" {
			return c.errAt("$.storage.endpoint", "required when storage.type is s3 (host:port)")
		}
		if strings.Contains(s.Endpoint, "://") {
			return c.errAt("$.storage.endpoint", "give host:port without a scheme; set insecure: true for plain HTTP")
		}
		if s.Bucket == "" {
			return c.errAt("$.storage.bucket", "required when storage.type is s3")
		}
		if s.Region == "" {
			s.Region = "us-east-1"
		}
	default:
		return c.errAt("$.storage.type", "unknown store %q (want local or s3)", s.Type)
	}
	switch strings.ToLower(s.ObjectLock.Mode) {
	case "", "compliance", "governance":
		s.ObjectLock.Mode = strings.ToLower(s.ObjectLock.Mode)
	default:
		return c.errAt("$.storage.object_lock.mode", "unknown mode %q (want compliance or governance)", s.ObjectLock.Mode)
	}
	if s.ObjectLock.Mode != "" && s.ObjectLock.Days <= 0 {
		return c.errAt("$.storage.object_lock.days", "must be a positive number of days when a lock mode is set")
	}
	return nil
}

func (c *Config) validateLog() error {
	o := c.Log.Origin
	if o == "" || strings.ContainsAny(o, " +\t\n") {
		return c.errAt("$.log.origin", "must be a non-empty name without spaces or '+', e.g. archive.example.org/log")
	}
	for i, t := range c.Log.TSA {
		if err := checkURL(t.URL); err != nil {
			return c.errAt(fmt.Sprintf("$.log.tsa[%d].url", i), "%v", err)
		}
	}
	return nil
}

func (c *Config) validateNetwork() error {
	n := &c.Network
	switch n.Robots {
	case "respect", "ignore":
	default:
		return c.errAt("$.network.robots", "unknown policy %q (want respect or ignore)", n.Robots)
	}
	if n.Timeout <= 0 {
		return c.errAt("$.network.timeout", "must be positive")
	}
	if n.MaxBody <= 0 {
		return c.errAt("$.network.max_body", "must be positive")
	}
	if n.Retries < 0 || n.Retries > 20 {
		return c.errAt("$.network.retries", "must be between 0 and 20")
	}
	if n.Parallelism < 1 || n.Parallelism > 64 {
		return c.errAt("$.network.parallelism", "must be between 1 and 64")
	}
	if strings.TrimSpace(n.UserAgent) == "" {
		return c.errAt("$.network.user_agent", "must not be empty: platforms and site owners should know who is fetching")
	}
	return nil
}

func (c *Config) validatePlatforms() error {
	p := &c.Platforms
	if m := p.Mastodon; m != nil {
		for i, in := range m.Instances {
			if err := checkURL(in.URL); err != nil {
				return c.errAt(fmt.Sprintf("$.platforms.mastodon.instances[%d]", i), "%v", err)
			}
		}
	}
	urls := map[string]string{}
	if b := p.Bluesky; b != nil {
		urls["$.platforms.bluesky.service"], urls["$.platforms.bluesky.appview"], urls["$.platforms.bluesky.web"] = b.Service, b.AppView, b.Web
	}
	if t := p.Telegram; t != nil {
		urls["$.platforms.telegram.base_url"] = t.BaseURL
	}
	if x := p.X; x != nil {
		urls["$.platforms.x.base_url"], urls["$.platforms.x.web"] = x.BaseURL, x.Web
		if x.MaxPostsPerRun < 0 {
			return c.errAt("$.platforms.x.max_posts_per_run", "must not be negative")
		}
	}
	if r := p.Reddit; r != nil {
		urls["$.platforms.reddit.base_url"], urls["$.platforms.reddit.auth_url"], urls["$.platforms.reddit.web"] = r.BaseURL, r.AuthURL, r.Web
	}
	for path, u := range urls {
		if err := checkURL(u); err != nil {
			return c.errAt(path, "%v", err)
		}
	}
	return nil
}

func (c *Config) validateTargets() error {
	seen := map[string]bool{}
	for i, t := range c.Targets {
		at := func(key string) string { return fmt.Sprintf("$.targets[%d]%s", i, key) }
		if t.Name == "" || strings.ContainsAny(t.Name, " /\t") {
			return c.errAt(at(".name"), "a target needs a name without spaces or '/'")
		}
		if seen[t.Name] {
			return c.errAt(at(".name"), "target %q is defined twice", t.Name)
		}
		seen[t.Name] = true
		if len(t.Hashtags) == 0 && len(t.URLs) == 0 {
			return c.errAt(at(""), "target %q needs hashtags (with platforms) or urls", t.Name)
		}
		if len(t.Hashtags) > 0 && len(t.Platforms) == 0 {
			return c.errAt(at(".platforms"), "target %q lists hashtags but no platforms (%s)", t.Name, knownList())
		}
		for j, p := range t.Platforms {
			if !validPlatform(p) {
				return c.errAt(fmt.Sprintf("$.targets[%d].platforms[%d]", i, j), "unknown platform %q (want %s)", p, knownList())
			}
			if !c.Platforms.configured(p) {
				return c.errAt(fmt.Sprintf("$.targets[%d].platforms[%d]", i, j), "platform %q is not configured under platforms.%s", p, p)
			}
		}
		for j, u := range t.URLs {
			if err := checkURL(u); err != nil {
				return c.errAt(fmt.Sprintf("$.targets[%d].urls[%d]", i, j), "%v", err)
			}
		}
		if t.Depth < 0 {
			return c.errAt(at(".depth"), "must not be negative")
		}
		if t.Schedule != "" {
			if _, err := ParseSchedule(t.Schedule, t.Timezone); err != nil {
				return c.errAt(at(".schedule"), "target %q: %v", t.Name, err)
			}
		} else if t.Timezone != "" {
			return c.errAt(at(".timezone"), "target %q sets a timezone but no schedule", t.Name)
		}
	}
	return nil
}

func (c *Config) validateRecheck() error {
	r := &c.Recheck
	for i, d := range r.Plan {
		if d <= 0 || (i > 0 && d <= r.Plan[i-1]) {
			return c.errAt(fmt.Sprintf("$.recheck.plan[%d]", i), "the plan must be positive, increasing durations")
		}
	}
	if r.Every <= 0 {
		return c.errAt("$.recheck.every", "must be positive")
	}
	if r.ConfirmAfter <= 0 {
		return c.errAt("$.recheck.confirm_after", "must be positive")
	}
	if r.Batch <= 0 {
		return c.errAt("$.recheck.batch", "must be positive")
	}
	if r.Schedule != "" {
		if _, err := ParseSchedule(r.Schedule, ""); err != nil {
			return c.errAt("$.recheck.schedule", "%v", err)
		}
	}
	return nil
}

// checkURL accepts absolute http and https URLs with a host.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("URL %q: scheme must be http or https", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("URL %q has no host", raw)
	}
	return nil
}
