package schedules

import (
	"strings"
	"testing"
	"time"
)

const fullConfig = `storage: {type: local, path: ./afterimage-data/store}
network:
  user_agent: "afterimage/0.1 (+https://example.org/contact)"
  allow_private_addresses: false
  timeout: 30s
  max_body: 50MB
  retries: 4
  robots: respect
platforms:
  mastodon:
    instances:
      - https://mastodon.social
      - {url: "https://mstdn.social", token_env: AFTERIMAGE_MSTDN_TOKEN}
  bluesky:  {service: "https://bsky.social", appview: "https://public.api.bsky.app"}
  telegram: {base_url: "https://t.me", channels: ["some_channel"]}
  x:        {base_url: "https://api.x.com", max_posts_per_run: 500}
  reddit:   {base_url: "https://oauth.reddit.com", auth_url: "https://www.reddit.com/api/v1/access_token"}
targets:
  - name: freeiran
    hashtags: [FreeIran, Iran_Regime_Change]
    platforms: [mastodon, bluesky, telegram, x, reddit]
    schedule: "*/30 * * * *"
  - name: news
    urls: ["https://example.org/news"]
    depth: 1
    schedule: "@daily"
    timezone: Asia/Tehran
recheck:
  plan: [1h, 6h, 24h, 72h, 168h, 720h]
  every: 720h
  confirm_after: 6h
`

func TestParseFull(t *testing.T) {
	c, err := Parse("afterimage.yaml", []byte(fullConfig))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Network.MaxBody; got != 50_000_000 {
		t.Errorf("max_body = %d", got)
	}
	if got := c.Platforms.Mastodon.Instances[1]; got.URL != "https://mstdn.social" || got.TokenEnv != "AFTERIMAGE_MSTDN_TOKEN" {
		t.Errorf("instance = %+v", got)
	}
	if c.Platforms.Mastodon.Instances[0].URL != "https://mastodon.social" {
		t.Errorf("plain instance = %+v", c.Platforms.Mastodon.Instances[0])
	}
	if c.Platforms.Bluesky.Web != "https://bsky.app" {
		t.Errorf("bluesky web default not applied: %q", c.Platforms.Bluesky.Web)
	}
	if c.Recheck.ConfirmAfter.Std() != 6*time.Hour {
		t.Errorf("confirm_after = %v", c.Recheck.ConfirmAfter)
	}
	if c.Hash() == DefaultConfig().Hash() || len(c.Hash()) != 64 {
		t.Errorf("hash %q", c.Hash())
	}
}

func TestParseErrorsNameFileLineKey(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown key", "storage:\n  type: local\n  colour: red\n", "afterimage.yaml: [3:3] unknown field \"colour\""},
		{"bad store", "storage:\n  type: ftp\n", "afterimage.yaml:2: storage.type: unknown store \"ftp\""},
		{"bad schedule", "targets:\n  - name: a\n    urls: [\"https://example.org/\"]\n    schedule: \"61 * * * *\"\n", "afterimage.yaml:4: targets[0].schedule: target \"a\": invalid cron schedule"},
		{"bad zone", "targets:\n  - name: a\n    urls: [\"https://example.org/\"]\n    schedule: \"@daily\"\n    timezone: Mars/Olympus\n", "afterimage.yaml:4: targets[0].schedule: target \"a\": unknown timezone \"Mars/Olympus\""},
		{"unconfigured platform", "targets:\n  - name: a\n    hashtags: [x]\n    platforms: [bluesky]\n", "afterimage.yaml:4: targets[0].platforms[0]: platform \"bluesky\" is not configured"},
		{"unknown platform", "targets:\n  - name: a\n    hashtags: [x]\n    platforms: [myspace]\n", "targets[0].platforms[0]: unknown platform \"myspace\""},
		{"bad duration", "network:\n  timeout: soon\n", "afterimage.yaml:2: network.timeout: not a duration"},
		{"bad size", "network:\n  max_body: lots\n", "not a size"},
		{"s3 without bucket", "storage:\n  type: s3\n  endpoint: 127.0.0.1:7070\n", "afterimage.yaml:2: storage.bucket: required"},
		{"bad url", "targets:\n  - name: a\n    urls: [\"ftp://example.org/\"]\n", "afterimage.yaml:3: targets[0].urls[0]: URL \"ftp://example.org/\": scheme must be http or https"},
		{"duplicate target", "targets:\n  - name: a\n    urls: [\"https://a.example/\"]\n  - name: a\n    urls: [\"https://b.example/\"]\n", "targets[1].name: target \"a\" is defined twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("afterimage.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestReadSecretsNamesVariable(t *testing.T) {
	c, err := Parse("afterimage.yaml", []byte(fullConfig))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		EnvBlueskyIdentifier: "me.example", EnvBlueskyAppPassword: "pw",
		EnvXBearerToken: "tok", EnvRedditClientID: "id",
		"AFTERIMAGE_MSTDN_TOKEN": "mt",
	}
	_, err = c.ReadSecrets(func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), EnvRedditClientSecret) {
		t.Fatalf("err = %v, want it to name %s", err, EnvRedditClientSecret)
	}
	env[EnvRedditClientSecret] = "secret"
	s, err := c.ReadSecrets(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if s.MastodonTokens["https://mstdn.social"] != "mt" || s.XBearerToken != "tok" {
		t.Errorf("secrets = %+v", s)
	}
}

func TestScheduleNext(t *testing.T) {
	from := time.Date(2026, 11, 29, 10, 7, 0, 0, time.UTC)
	cases := []struct {
		spec, tz string
		want     time.Time
	}{
		{"*/30 * * * *", "", time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC)},
		{"@daily", "", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)},
		{"@every 10m", "", from.Add(10 * time.Minute)},
		{"@hourly", "", time.Date(2026, 11, 29, 11, 0, 0, 0, time.UTC)},
		// Midnight in Tehran (UTC+03:30) is 20:30 UTC the day before.
		{"0 0 * * *", "Asia/Tehran", time.Date(2026, 11, 29, 20, 30, 0, 0, time.UTC)},
		{"15 8 * * 1", "", time.Date(2026, 11, 30, 8, 15, 0, 0, time.UTC)}, // next Monday
	}
	for _, c := range cases {
		s, err := ParseSchedule(c.spec, c.tz)
		if err != nil {
			t.Fatalf("%s: %v", c.spec, err)
		}
		if got := s.Next(from).UTC(); !got.Equal(c.want) {
			t.Errorf("%s (%s): Next = %v, want %v", c.spec, c.tz, got, c.want)
		}
	}
	for _, bad := range []string{"* * *", "TZ=UTC * * * * *", "@fortnightly", "60 * * * *"} {
		if _, err := ParseSchedule(bad, ""); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
