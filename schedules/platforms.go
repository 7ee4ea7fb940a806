package schedules

import (
	"fmt"
	"strings"
)

// Platforms configures each platform's base URLs; credentials come from
// the environment.
type Platforms struct {
	Mastodon *MastodonConfig `yaml:"mastodon" json:"mastodon,omitempty"`
	Bluesky  *BlueskyConfig  `yaml:"bluesky" json:"bluesky,omitempty"`
	Telegram *TelegramConfig `yaml:"telegram" json:"telegram,omitempty"`
	X        *XConfig        `yaml:"x" json:"x,omitempty"`
	Reddit   *RedditConfig   `yaml:"reddit" json:"reddit,omitempty"`
}

// MastodonConfig lists the instances whose tag timelines are read.
type MastodonConfig struct {
	Instances []MastodonInstance `yaml:"instances" json:"instances"`
}

// MastodonInstance is one instance; written as a URL string or as
// {url, token_env}.
type MastodonInstance struct {
	URL string `yaml:"url" json:"url"`
	// TokenEnv names the environment variable holding an optional access
	// token for this instance.
	TokenEnv string `yaml:"token_env" json:"token_env"`
}

// UnmarshalYAML accepts a plain URL or a mapping.
func (m *MastodonInstance) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err == nil {
		m.URL = s
		return nil
	}
	type plain MastodonInstance
	var p plain
	if err := unmarshal(&p); err != nil {
		return err
	}
	*m = MastodonInstance(p)
	return nil
}

// BlueskyConfig names the Bluesky hosts.
type BlueskyConfig struct {
	Service string `yaml:"service" json:"service"` // createSession and authenticated search
	AppView string `yaml:"appview" json:"appview"` // public reads
	Web     string `yaml:"web" json:"web"`         // public post pages
}

// TelegramConfig names the public channels searched.
type TelegramConfig struct {
	BaseURL  string   `yaml:"base_url" json:"base_url"`
	Channels []string `yaml:"channels" json:"channels"`
}

// XConfig configures the X API v2.
type XConfig struct {
	BaseURL        string `yaml:"base_url" json:"base_url"`
	Web            string `yaml:"web" json:"web"`
	MaxPostsPerRun int    `yaml:"max_posts_per_run" json:"max_posts_per_run"`
}

// RedditConfig configures the Reddit API.
type RedditConfig struct {
	BaseURL string `yaml:"base_url" json:"base_url"`
	AuthURL string `yaml:"auth_url" json:"auth_url"`
	Web     string `yaml:"web" json:"web"`
}

// Environment variables holding platform secrets.
const (
	EnvBlueskyIdentifier  = "AFTERIMAGE_BLUESKY_IDENTIFIER"
	EnvBlueskyAppPassword = "AFTERIMAGE_BLUESKY_APP_PASSWORD"
	EnvXBearerToken       = "AFTERIMAGE_X_BEARER_TOKEN"
	EnvRedditClientID     = "AFTERIMAGE_REDDIT_CLIENT_ID"
	EnvRedditClientSecret = "AFTERIMAGE_REDDIT_CLIENT_SECRET"
	EnvS3AccessKey        = "AFTERIMAGE_S3_ACCESS_KEY"
	EnvS3SecretKey        = "AFTERIMAGE_S3_SECRET_KEY"
)

// KnownPlatforms are the platform names a target may list.
var KnownPlatforms = []string{"mastodon", "bluesky", "telegram", "x", "reddit"}

func (p *Platforms) configured(name string) bool {
	switch name {
	case "mastodon":
		return p.Mastodon != nil && len(p.Mastodon.Instances) > 0
	case "bluesky":
		return p.Bluesky != nil
	case "telegram":
		return p.Telegram != nil && len(p.Telegram.Channels) > 0
	case "x":
		return p.X != nil
	case "reddit":
		return p.Reddit != nil
	}
	return false
}

// applyDefaults fills the public base URLs of configured platforms.
func (p *Platforms) applyDefaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	if b := p.Bluesky; b != nil {
		def(&b.Service, "https://bsky.social")
		def(&b.AppView, "https://public.api.bsky.app")
		def(&b.Web, "https://bsky.app")
	}
	if t := p.Telegram; t != nil {
		def(&t.BaseURL, "https://t.me")
	}
	if x := p.X; x != nil {
		def(&x.BaseURL, "https://api.x.com")
		def(&x.Web, "https://x.com")
		if x.MaxPostsPerRun == 0 {
			x.MaxPostsPerRun = 500
		}
	}
	if r := p.Reddit; r != nil {
		def(&r.BaseURL, "https://oauth.reddit.com")
		def(&r.AuthURL, "https://www.reddit.com/api/v1/access_token")
		def(&r.Web, "https://www.reddit.com")
	}
}

// Secrets are the platform credentials read from the environment.
type Secrets struct {
	MastodonTokens     map[string]string // instance URL -> token
	BlueskyIdentifier  string
	BlueskyAppPassword string
	XBearerToken       string
	RedditClientID     string
	RedditClientSecret string
}

// ReadSecrets reads the credentials that the targets' platforms need. A
// target naming a platform whose secret is missing is an error naming the
// variable.
func (c *Config) ReadSecrets(getenv func(string) string) (Secrets, error) {
	s := Secrets{MastodonTokens: map[string]string{}}
	if m := c.Platforms.Mastodon; m != nil {
		for _, in := range m.Instances {
			if in.TokenEnv != "" {
				s.MastodonTokens[in.URL] = getenv(in.TokenEnv)
			}
		}
	}
	need := map[string]bool{}
	for _, t := range c.Targets {
		for _, p := range t.Platforms {
			need[p] = true
		}
	}
	get := func(platform, name string, dst *string) error {
		*dst = getenv(name)
		if *dst == "" && need[platform] {
			return fmt.Errorf("%s: platform %s needs the environment variable %s, which is not set", c.name(), platform, name)
		}
		return nil
	}
	for _, e := range []error{
		get("bluesky", EnvBlueskyIdentifier, &s.BlueskyIdentifier),
		get("bluesky", EnvBlueskyAppPassword, &s.BlueskyAppPassword),
		get("x", EnvXBearerToken, &s.XBearerToken),
		get("reddit", EnvRedditClientID, &s.RedditClientID),
		get("reddit", EnvRedditClientSecret, &s.RedditClientSecret),
	} {
		if e != nil {
			return s, e
		}
	}
	return s, nil
}

func (c *Config) name() string {
	if c.File == "" {
		return "default config"
	}
	return c.File
}

func validPlatform(name string) bool {
	for _, p := range KnownPlatforms {
		if p == name {
			return true
		}
	}
	return false
}

func knownList() string { return strings.Join(KnownPlatforms, ", ") }
