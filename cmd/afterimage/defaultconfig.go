package main

// defaultConfigText is what `afterimage init` writes: the embedded default,
// with every key explained.
const defaultConfigText = `# afterimage configuration. Every key is described in README.md.
# Secrets never go in this file: they are read from environment variables.

# Spool, SQLite index and the log's private signing key live here.
data_dir: ./afterimage-data

storage:
  type: local                      # local (the default) or s3
  path: ./afterimage-data/store    # local store directory
  # For S3-compatible storage with Object Lock (keys from
  # AFTERIMAGE_S3_ACCESS_KEY and AFTERIMAGE_S3_SECRET_KEY):
  # type: s3
  # endpoint: 127.0.0.1:7070       # host:port
  # bucket: evidence
  # region: us-east-1
  # insecure: true                 # plain HTTP, for a local server
  # object_lock: {mode: compliance, days: 3650, legal_hold: false}

log:
  origin: afterimage.local/log     # checkpoint origin line and key name
  tsa: []                          # RFC 3161 authorities: [{url: ..., roots: roots.pem}]

network:
  user_agent: "afterimage/0.1 (+https://github.com/afterimage-archive/afterimage)"
  allow_private_addresses: false   # refuse loopback/private/link-local targets
  timeout: 30s                     # per request
  max_body: 50MB                   # bytes kept per response; longer bodies are cut and marked
  retries: 4                       # on 429 and 5xx, with backoff
  robots: respect                  # respect | ignore
  parallelism: 8                   # concurrent requests per host
  delay: 0s                        # pause between requests to one host
  max_retry_wait: 2m               # longest Retry-After/rate-limit wait honoured before giving up

# platforms:
#   mastodon:
#     instances:
#       - https://mastodon.social
#       - {url: "https://mstdn.social", token_env: AFTERIMAGE_MSTDN_TOKEN}
#   bluesky:  {service: "https://bsky.social", appview: "https://public.api.bsky.app"}
#   telegram: {base_url: "https://t.me", channels: ["some_channel"]}
#   x:        {base_url: "https://api.x.com", max_posts_per_run: 500}
#   reddit:   {base_url: "https://oauth.reddit.com", auth_url: "https://www.reddit.com/api/v1/access_token"}

targets: []
# targets:
#   - name: freeiran
#     hashtags: [FreeIran, Iran_Regime_Change]
#     platforms: [mastodon, bluesky]
#     schedule: "*/30 * * * *"
#   - name: news
#     urls: ["https://example.org/news"]
#     depth: 1
#     schedule: "@daily"
#     timezone: Asia/Tehran

recheck:
  plan: [1h, 6h, 24h, 72h, 168h, 720h]   # after first capture
  every: 720h                            # then forever at this interval
  confirm_after: 6h                      # second look before a missing item is deleted
  batch: 500                             # items per recheck job
  schedule: "@every 10m"                 # how often due rechecks are looked for
`
