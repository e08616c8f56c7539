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
	Token  string // clients: API token (Authorization: Bearer)
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

	// Compliance (docs/compliance.md): retention rules, input deadlines,
	// object lock, audit anchors and scheduled verification.
	S3ObjectLock        bool
	S3LockDays          int
	FiscalYearEnd       string // MM-DD
	FilingMonths        int
	RetentionYears      int
	RetentionClassYears string // class=years,…
	LossFiscalYears     string // years,…
	InputMethod         string
	ClosedDays          string // YYYY-MM-DD,…
	DefaultClass        string
	PDFOrigin           string
	TSAURL              string
	TSARoots            string // PEM file
	AnchorEvery         time.Duration
	VerifyEvery         time.Duration
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
	{"token", "SHOHYO_TOKEN", "API token of a running serve (`shohyo token create` makes one; prefer the environment, a flag shows in ps)", GroupClient, str(func(c *Config) *string { return &c.Token }), ""},
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
	{"s3-object-lock", "SHOHYO_S3_OBJECT_LOCK", "create the archive bucket with S3 object lock and lock every object in COMPLIANCE mode until its retain_until (an existing bucket must have it)", storageGroups, boolean(func(c *Config) *bool { return &c.S3ObjectLock }), "true"},
	{"s3-lock-days", "SHOHYO_S3_LOCK_DAYS", "default COMPLIANCE retention of the archive bucket in days, protecting every object from its first byte (cannot be shortened later)", storageGroups, num(func(c *Config) *int { return &c.S3LockDays }), "3653"},
	{"fiscal-year-end", "SHOHYO_FISCAL_YEAR_END", "last day of the fiscal year, MM-DD", storageGroups, str(func(c *Config) *string { return &c.FiscalYearEnd }), "03-31"},
	{"filing-months", "SHOHYO_FILING_MONTHS", "months from fiscal year end to the tax filing deadline (3 with an extension)", storageGroups, num(func(c *Config) *int { return &c.FilingMonths }), "2"},
	{"retention-years", "SHOHYO_RETENTION_YEARS", "years documents are kept from the day after the filing deadline (at least 7)", storageGroups, num(func(c *Config) *int { return &c.RetentionYears }), "10"},
	{"retention-class-years", "SHOHYO_RETENTION_CLASS_YEARS", "per-class years, e.g. important=7,general=7,past=10", storageGroups, str(func(c *Config) *string { return &c.RetentionClassYears }), ""},
	{"loss-fiscal-years", "SHOHYO_LOSS_FISCAL_YEARS", "fiscal years (by the year they end) with a loss carried forward, kept 10 years, e.g. 2024,2025", storageGroups, str(func(c *Config) *string { return &c.LossFiscalYears }), ""},
	{"input-method", "SHOHYO_INPUT_METHOD", "scan input deadline: early (早期入力, ~7 business days) or cycle (業務処理サイクル, 2 months + ~7 business days)", storageGroups, str(func(c *Config) *string { return &c.InputMethod }), "early"},
	{"closed-days", "SHOHYO_CLOSED_DAYS", "company closing days besides weekends and national holidays, YYYY-MM-DD,…", storageGroups, str(func(c *Config) *string { return &c.ClosedDays }), ""},
	{"default-class", "SHOHYO_DEFAULT_CLASS", "class of new documents: important (重要書類), general (一般書類) or past (過去分)", storageGroups, str(func(c *Config) *string { return &c.DefaultClass }), "important"},
	{"pdf-origin", "SHOHYO_PDF_ORIGIN", "origin assumed for PDFs: scan or electronic (電子取引)", storageGroups, str(func(c *Config) *string { return &c.PDFOrigin }), "scan"},
	{"tsa-url", "SHOHYO_TSA_URL", "RFC 3161 time-stamping authority for audit anchors (empty: anchors without tokens)", GroupServer, str(func(c *Config) *string { return &c.TSAURL }), ""},
	{"tsa-roots", "SHOHYO_TSA_ROOTS", "PEM file of the TSA's root certificates (empty: system roots)", GroupServer, str(func(c *Config) *string { return &c.TSARoots }), ""},
	{"anchor-every", "SHOHYO_ANCHOR_EVERY", "how often the audit trail is anchored (Merkle root, TSA token)", GroupServer, dur(func(c *Config) *time.Duration { return &c.AnchorEvery }), "1h"},
	{"verify-every", "SHOHYO_VERIFY_EVERY", "how often serve verifies the whole archive (0: never)", GroupServer, dur(func(c *Config) *time.Duration { return &c.VerifyEvery }), "24h"},
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
