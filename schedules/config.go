package schedules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Config is afterimage's whole configuration. Every key is documented in the
// README. Secrets never live here: they come from environment variables.
type Config struct {
	DataDir   string    `yaml:"data_dir" json:"data_dir"`
	Storage   Storage   `yaml:"storage" json:"storage"`
	Log       LogConfig `yaml:"log" json:"log"`
	Network   Network   `yaml:"network" json:"network"`
	Platforms Platforms `yaml:"platforms" json:"platforms"`
	Targets   []Target  `yaml:"targets" json:"targets"`
	Recheck   Recheck   `yaml:"recheck" json:"recheck"`

	// File is the path the config was read from, "" for the embedded default.
	File string `yaml:"-" json:"-"`
	// Raw is the file's bytes, for error positions.
	raw []byte
}

// Storage selects and configures the evidence store.
type Storage struct {
	Type       string     `yaml:"type" json:"type"` // local | s3
	Path       string     `yaml:"path" json:"path"` // local
	Endpoint   string     `yaml:"endpoint" json:"endpoint"`
	Bucket     string     `yaml:"bucket" json:"bucket"`
	Region     string     `yaml:"region" json:"region"`
	Insecure   bool       `yaml:"insecure" json:"insecure"`
	ObjectLock ObjectLock `yaml:"object_lock" json:"object_lock"`
}

// ObjectLock is the S3 Object Lock retention applied to every object.
type ObjectLock struct {
	Mode      string `yaml:"mode" json:"mode"` // compliance | governance | "" (none)
	Days      int    `yaml:"days" json:"days"`
	LegalHold bool   `yaml:"legal_hold" json:"legal_hold"`
}

// LogConfig configures the evidence log.
type LogConfig struct {
	Origin string `yaml:"origin" json:"origin"`
	TSA    []TSA  `yaml:"tsa" json:"tsa"`
}

// TSA is one RFC 3161 time-stamping authority.
type TSA struct {
	URL string `yaml:"url" json:"url"`
	// Roots is a PEM file of trusted roots for this TSA; "" means the
	// system roots.
	Roots string `yaml:"roots" json:"roots"`
}

// Network is the fetch policy, recorded in every manifest.
type Network struct {
	UserAgent             string   `yaml:"user_agent" json:"user_agent"`
	AllowPrivateAddresses bool     `yaml:"allow_private_addresses" json:"allow_private_addresses"`
	Timeout               Duration `yaml:"timeout" json:"timeout"`
	MaxBody               ByteSize `yaml:"max_body" json:"max_body"`
	Retries               int      `yaml:"retries" json:"retries"`
	Robots                string   `yaml:"robots" json:"robots"` // respect | ignore
	Parallelism           int      `yaml:"parallelism" json:"parallelism"`
	// Delay is the pause between requests to one host (0: none).
	Delay Duration `yaml:"delay" json:"delay"`
	// MaxRetryWait is the longest wait a Retry-After or rate-limit reset
	// header may impose before a retry; a longer one ends the retries and
	// the answer counts as unavailable.
	MaxRetryWait Duration `yaml:"max_retry_wait" json:"max_retry_wait"`
}

// Recheck is the decaying recheck plan.
type Recheck struct {
	Plan         []Duration `yaml:"plan" json:"plan"`
	Every        Duration   `yaml:"every" json:"every"`
	ConfirmAfter Duration   `yaml:"confirm_after" json:"confirm_after"`
	Batch        int        `yaml:"batch" json:"batch"`
	Schedule     string     `yaml:"schedule" json:"schedule"`
}

// Target is something to watch on a schedule.
type Target struct {
	Name      string   `yaml:"name" json:"name"`
	Hashtags  []string `yaml:"hashtags" json:"hashtags"`
	Platforms []string `yaml:"platforms" json:"platforms"`
	URLs      []string `yaml:"urls" json:"urls"`
	Depth     int      `yaml:"depth" json:"depth"`
	Schedule  string   `yaml:"schedule" json:"schedule"`
	Timezone  string   `yaml:"timezone" json:"timezone"`
}

// DefaultConfig is the embedded default: a local store under
// ./afterimage-data, no targets.
func DefaultConfig() *Config {
	return &Config{
		DataDir: "./afterimage-data",
		Storage: Storage{Type: "local"},
		Log:     LogConfig{Origin: "afterimage.local/log"},
		Network: Network{
			UserAgent:    "afterimage/0.1 (+https://github.com/afterimage-archive/afterimage)",
			Timeout:      Duration(30 * time.Second),
			MaxBody:      ByteSize(50 * 1000 * 1000),
			Retries:      4,
			Robots:       "respect",
			Parallelism:  8,
			MaxRetryWait: Duration(2 * time.Minute),
		},
		Recheck: Recheck{
			Plan: []Duration{Duration(time.Hour), Duration(6 * time.Hour), Duration(24 * time.Hour),
				Duration(72 * time.Hour), Duration(168 * time.Hour), Duration(720 * time.Hour)},
			Every:        Duration(720 * time.Hour),
			ConfirmAfter: Duration(6 * time.Hour),
			Batch:        500,
			Schedule:     "@every 10m",
		},
	}
}

// ErrNoConfig means the config file does not exist.
var ErrNoConfig = errors.New("config file not found")

// Load reads and validates the config file at path. A missing file fails
// with ErrNoConfig; callers fall back to DefaultConfig. Every error names
// the file, and where it can the line and key.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, ErrNoConfig)
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, b)
}

// Parse decodes config bytes (named file in messages) over the defaults and
// validates them.
func Parse(file string, b []byte) (*Config, error) {
	c := DefaultConfig()
	c.Storage.Type = ""
	if err := yaml.UnmarshalWithOptions(b, c, yaml.Strict()); err != nil {
		return nil, decodeError(file, b, err)
	}
	c.File, c.raw = file, b
	if c.Storage.Type == "" {
		c.Storage.Type = "local"
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeError formats a YAML decode error with the file name and, when the
// decoder gave no position (errors from value parsers such as durations),
// the line and key that hold the offending value.
func decodeError(file string, raw []byte, err error) error {
	msg := oneLine(yaml.FormatError(err, false, false))
	if strings.HasPrefix(msg, "[") {
		return fmt.Errorf("%s: %s", file, msg)
	}
	if q := quoted(msg); q != "" {
		for i, line := range strings.Split(string(raw), "\n") {
			_, v, ok := strings.Cut(line, ":")
			if ok && strings.Trim(strings.TrimSpace(v), `"'`) == q {
				return fmt.Errorf("%s:%d: %s: %s", file, i+1, keyPath(raw, i), msg)
			}
		}
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// keyPath returns the dotted path of the key on line i (0-based) of a
// block-style YAML document, from the keys of the less indented lines
// above it, e.g. "network.timeout".
func keyPath(raw []byte, i int) string {
	lines := strings.Split(string(raw), "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " -")) }
	key := func(l string) string {
		k, _, _ := strings.Cut(strings.TrimLeft(l, " -"), ":")
		return strings.TrimSpace(k)
	}
	path := []string{key(lines[i])}
	level := indent(lines[i])
	for j := i - 1; j >= 0 && level > 0; j-- {
		l := lines[j]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") || !strings.Contains(l, ":") {
			continue
		}
		if n := indent(l); n < level {
			path = append([]string{key(l)}, path...)
			level = n
		}
	}
	return strings.Join(path, ".")
}

// quoted returns the first Go-quoted string in msg.
func quoted(msg string) string {
	i := strings.Index(msg, `"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(msg[i+1:], `"`)
	if j < 0 {
		return ""
	}
	return msg[i+1 : i+1+j]
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

// errAt returns an error naming the file, the line of key path (a YAML path
// such as "$.storage.type" or "$.targets[1].schedule") and the key.
func (c *Config) errAt(path, format string, args ...any) error {
	key := strings.TrimPrefix(path, "$.")
	msg := fmt.Sprintf(format, args...)
	file := c.File
	if file == "" {
		file = "default config"
	}
	if line := c.line(path); line > 0 {
		return fmt.Errorf("%s:%d: %s: %s", file, line, key, msg)
	}
	return fmt.Errorf("%s: %s: %s", file, key, msg)
}

func (c *Config) line(path string) int {
	if len(c.raw) == 0 {
		return 0
	}
	f, err := parser.ParseBytes(c.raw, 0)
	if err != nil {
		return 0
	}
	for p := path; p != "$"; p = parentPath(p) {
		yp, err := yaml.PathString(p)
		if err != nil {
			continue
		}
		n, err := yp.FilterFile(f)
		if err == nil && n != nil {
			return nodeLine(n)
		}
	}
	return 0
}

func nodeLine(n ast.Node) int {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 1 {
		return "$"
	}
	return p[:i]
}

// Hash is the hex SHA-256 of the effective configuration (defaults applied,
// secrets excluded since they never live in the config), recorded in every
// manifest and warcinfo record.
func (c *Config) Hash() string {
	b, err := json.Marshal(c)
	if err != nil {
		panic(fmt.Sprintf("config hash: %v", err)) // plain data: cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// StorePath is the local store directory: storage.path, or <data_dir>/store.
func (c *Config) StorePath() string {
	if c.Storage.Path != "" {
		return c.Storage.Path
	}
	return filepath.Join(c.DataDir, "store")
}
