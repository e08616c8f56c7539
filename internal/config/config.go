// Package config holds every setting of shohyo. Each setting is declared
// once, with its environment variable, flag name, default and help text;
// a flag given on the command line wins over the environment, which wins
// over the default. `shohyo serve --help` prints the whole table.
package config

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

// Config is the settings of one process.
type Config struct {
	Addr   string // serve: HTTP listen address
	Server string // clients: base URL of a running serve
	Data   string // data directory of the embedded default

	S3Endpoint      string
	S3AccessKey     string
	S3SecretKey     string
	S3Region        string
	S3Secure        bool
	S3InboxBucket   string
	S3ArchiveBucket string

	RedisURL string // empty: a private redis-server under Data

	Workers          int
	OCRLanguages     string
	MaxBytes         int64
	ReconcileEvery   time.Duration
	InboxSettle      time.Duration
	WebhookToken     string
	IndexDir         string
	TaskMaxRetry     int
	ShutdownDeadline time.Duration
}

// Embedded reports whether storage is the local data directory.
func (c *Config) Embedded() bool { return c.S3Endpoint == "" }

// IndexPath is where the bleve index lives.
func (c *Config) IndexPath() string {
	if c.IndexDir != "" {
		return c.IndexDir
	}
	return c.Data + "/index"
}

// Group names which commands a setting belongs to.
type Group int

const (
	GroupServer Group = 1 << iota // serve
	GroupWorker                   // serve and worker
	GroupClient                   // ingest, search, reindex
	GroupLocal                    // extract
)

type setting struct {
	flag, env, help string
	group           Group
	bind            func(fs *flag.FlagSet, c *Config, name, def, help string)
	def             string
}

func str(p func(*Config) *string) func(*flag.FlagSet, *Config, string, string, string) {
	return func(fs *flag.FlagSet, c *Config, name, def, help string) { fs.StringVar(p(c), name, def, help) }
}

func num(p func(*Config) *int) func(*flag.FlagSet, *Config, string, string, string) {
	return func(fs *flag.FlagSet, c *Config, name, def, help string) {
		n, _ := strconv.Atoi(def)
		fs.IntVar(p(c), name, n, help)
	}
}

func size(p func(*Config) *int64) func(*flag.FlagSet, *Config, string, string, string) {
	return func(fs *flag.FlagSet, c *Config, name, def, help string) {
		n, _ := strconv.ParseInt(def, 10, 64)
		fs.Int64Var(p(c), name, n, help)
	}
}

func dur(p func(*Config) *time.Duration) func(*flag.FlagSet, *Config, string, string, string) {
	return func(fs *flag.FlagSet, c *Config, name, def, help string) {
		d, _ := time.ParseDuration(def)
		fs.DurationVar(p(c), name, d, help)
	}
}

func boolean(p func(*Config) *bool) func(*flag.FlagSet, *Config, string, string, string) {
	return func(fs *flag.FlagSet, c *Config, name, def, help string) {
		b, _ := strconv.ParseBool(def)
		fs.BoolVar(p(c), name, b, help)
	}
}

const storageGroups = GroupServer | GroupWorker

var settings = []setting{
	{"addr", "SHOHYO_ADDR", "HTTP listen address", GroupServer, str(func(c *Config) *string { return &c.Addr }), "127.0.0.1:8080"},
	{"server", "SHOHYO_SERVER", "base URL of a running shohyo serve", GroupClient, str(func(c *Config) *string { return &c.Server }), "http://127.0.0.1:8080"},
	{"data", "SHOHYO_DATA", "data directory (embedded storage, inbox/, index, private Redis)", storageGroups, str(func(c *Config) *string { return &c.Data }), "./data"},
	{"s3-endpoint", "SHOHYO_S3_ENDPOINT", "S3 endpoint host:port; set to use S3/MinIO instead of the data directory", storageGroups, str(func(c *Config) *string { return &c.S3Endpoint }), ""},
	{"s3-access-key", "SHOHYO_S3_ACCESS_KEY", "S3 access key", storageGroups, str(func(c *Config) *string { return &c.S3AccessKey }), ""},
	{"s3-secret-key", "SHOHYO_S3_SECRET_KEY", "S3 secret key", storageGroups, str(func(c *Config) *string { return &c.S3SecretKey }), ""},
	{"s3-region", "SHOHYO_S3_REGION", "S3 region", storageGroups, str(func(c *Config) *string { return &c.S3Region }), "us-east-1"},
	{"s3-secure", "SHOHYO_S3_SECURE", "use HTTPS to reach S3", storageGroups, boolean(func(c *Config) *bool { return &c.S3Secure }), "false"},
	{"s3-inbox-bucket", "SHOHYO_S3_INBOX_BUCKET", "bucket watched for new scans", storageGroups, str(func(c *Config) *string { return &c.S3InboxBucket }), "shohyo-inbox"},
	{"s3-archive-bucket", "SHOHYO_S3_ARCHIVE_BUCKET", "bucket holding originals, OCR results and records", storageGroups, str(func(c *Config) *string { return &c.S3ArchiveBucket }), "shohyo-archive"},
	{"redis-url", "SHOHYO_REDIS_URL", "Redis URL (redis://host:port/db); empty starts a private redis-server under the data directory", storageGroups, str(func(c *Config) *string { return &c.RedisURL }), ""},
	{"workers", "SHOHYO_WORKERS", "pipeline worker goroutines (one Tesseract client each)", storageGroups, num(func(c *Config) *int { return &c.Workers }), strconv.Itoa(runtime.NumCPU())},
	{"ocr-languages", "SHOHYO_OCR_LANGUAGES", "Tesseract languages", storageGroups | GroupLocal, str(func(c *Config) *string { return &c.OCRLanguages }), "jpn+eng"},
	{"max-bytes", "SHOHYO_MAX_BYTES", "largest accepted file in bytes", storageGroups | GroupLocal, size(func(c *Config) *int64 { return &c.MaxBytes }), "104857600"},
	{"reconcile-every", "SHOHYO_RECONCILE_EVERY", "how often the inbox is listed in full (S3 mode; events do the rest)", GroupServer, dur(func(c *Config) *time.Duration { return &c.ReconcileEvery }), "30s"},
	{"inbox-settle", "SHOHYO_INBOX_SETTLE", "how long a file in the local inbox must stay unchanged before it is taken", GroupServer, dur(func(c *Config) *time.Duration { return &c.InboxSettle }), "1s"},
	{"webhook-token", "SHOHYO_WEBHOOK_TOKEN", "bearer token the S3 event webhook must present (empty: none)", GroupServer, str(func(c *Config) *string { return &c.WebhookToken }), ""},
	{"index-dir", "SHOHYO_INDEX_DIR", "bleve index directory (default DATA/index)", GroupServer, str(func(c *Config) *string { return &c.IndexDir }), ""},
	{"task-max-retry", "SHOHYO_TASK_MAX_RETRY", "retries of a pipeline step on transient faults before the document is quarantined", storageGroups, num(func(c *Config) *int { return &c.TaskMaxRetry }), "8"},
	{"shutdown-deadline", "SHOHYO_SHUTDOWN_DEADLINE", "how long a stopping process waits for running steps", storageGroups, dur(func(c *Config) *time.Duration { return &c.ShutdownDeadline }), "30s"},
}

// Parse registers the settings of groups g on fs, applies the environment,
// then the command line, and validates. A malformed value in the
// environment is an error, not a silent default.
func Parse(fs *flag.FlagSet, g Group, args []string) (*Config, error) {
	c := &Config{}
	other := flag.NewFlagSet("other", flag.ContinueOnError)
	for _, s := range settings {
		target := fs
		if s.group&g == 0 {
			target = other // still bound, so every field has its value
		}
		s.bind(target, c, s.flag, s.def, fmt.Sprintf("%s (env %s)", s.help, s.env))
		if v, ok := os.LookupEnv(s.env); ok {
			if err := target.Set(s.flag, v); err != nil {
				return nil, fmt.Errorf("config: %s=%q: %w", s.env, v, err)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return c, c.Validate()
}

// Validate checks values flags cannot: bad numbers from the environment
// surface here rather than as silent zeros.
func (c *Config) Validate() error {
	if c.Workers < 1 {
		return fmt.Errorf("config: workers must be at least 1, got %d", c.Workers)
	}
	if c.MaxBytes < 1 {
		return fmt.Errorf("config: max-bytes must be positive, got %d", c.MaxBytes)
	}
	if !c.Embedded() && (c.S3AccessKey == "" || c.S3SecretKey == "") {
		return fmt.Errorf("config: SHOHYO_S3_ENDPOINT is set but the access or secret key is empty")
	}
	return nil
}
