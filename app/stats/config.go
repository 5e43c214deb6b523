package stats

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"tramhocso/app/stats/wire"
)

// Config is the statistics settings (the `statistics:` section of
// kiosk.yaml plus the kiosk's identity and site).
type Config struct {
	KioskID  string // kiosk.id
	Province string // site.province (sent with each batch for the report)
	Commune  string // site.commune

	// Endpoint is the collector URL batches are POSTed to (for example
	// https://thongke.example.gov.vn/v1/batches). Empty: batches are sealed
	// and kept (within the outbox bound) but not uploaded.
	Endpoint string
	// KeyFile holds the kiosk's signing key (64 hex digits), mode 0600, in
	// kiosk-config/secrets. Read at each upload pass, so installing the key
	// needs no restart.
	KeyFile string
	// Period is how often counters are sealed into a batch (default 1h;
	// at least 1 minute, at most 24h).
	Period time.Duration
	// OutboxMaxBytes bounds the batches waiting for upload (default 64 MiB).
	OutboxMaxBytes int64
	// OutboxMaxAge drops waiting batches sealed longer ago (default 90 days).
	OutboxMaxAge time.Duration
	// Location is the time zone of days and hours (default UTC+7, Vietnam).
	Location *time.Location
	// RequestTimeout bounds one upload request (default 30s).
	RequestTimeout time.Duration
	// RetryMin and RetryMax bound the exponential backoff (defaults 5s, 30m).
	RetryMin, RetryMax time.Duration
}

// Defaults.
const (
	DefaultPeriod         = time.Hour
	DefaultOutboxMaxBytes = 64 << 20
	DefaultOutboxMaxAge   = 90 * 24 * time.Hour
	DefaultRequestTimeout = 30 * time.Second
	DefaultRetryMin       = 5 * time.Second
	DefaultRetryMax       = 30 * time.Minute
	// MaxRetryAfter caps a collector's Retry-After.
	MaxRetryAfter = 6 * time.Hour
)

// Vietnam keeps UTC+7 all year (no daylight saving since 1975).
var vietnam = time.FixedZone("ICT", 7*3600)

func (c Config) withDefaults() Config {
	if c.Period == 0 {
		c.Period = DefaultPeriod
	}
	if c.OutboxMaxBytes == 0 {
		c.OutboxMaxBytes = DefaultOutboxMaxBytes
	}
	if c.OutboxMaxAge == 0 {
		c.OutboxMaxAge = DefaultOutboxMaxAge
	}
	if c.Location == nil {
		c.Location = vietnam
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.RetryMin == 0 {
		c.RetryMin = DefaultRetryMin
	}
	if c.RetryMax == 0 {
		c.RetryMax = DefaultRetryMax
	}
	return c
}

// Validate checks the settings (after defaults); the error names the field.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("statistics.%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if !wire.KioskIDRE.MatchString(c.KioskID) {
		bad("kiosk_id", "%q is not a valid kiosk id", c.KioskID)
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		switch {
		case err != nil:
			bad("endpoint", "%v", err)
		case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
			bad("endpoint", "%q must be an http(s) URL such as https://thongke.example.gov.vn/v1/batches", c.Endpoint)
		}
		if c.KeyFile == "" {
			bad("key_file", "must be set when an endpoint is (a file in kiosk-config/secrets)")
		}
	}
	if c.Period < time.Minute || c.Period > 24*time.Hour {
		bad("period", "%s is outside 1m…24h", c.Period)
	}
	if c.OutboxMaxBytes < 64<<10 {
		bad("outbox_max_bytes", "%d is below 64 KiB", c.OutboxMaxBytes)
	}
	if c.OutboxMaxAge < time.Hour {
		bad("outbox_max_age", "%s is below one hour", c.OutboxMaxAge)
	}
	if c.RequestTimeout <= 0 {
		bad("request_timeout", "must be positive")
	}
	if c.RetryMin <= 0 || c.RetryMax < c.RetryMin {
		bad("retry", "need 0 < retry_min (%s) <= retry_max (%s)", c.RetryMin, c.RetryMax)
	}
	return errors.Join(errs...)
}

// Doer sends HTTP requests (*http.Client; tests inject faults here).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Deps are the seams to the outside world; zero values are the real thing.
type Deps struct {
	Now    func() time.Time // the clock (default time.Now)
	HTTP   Doer             // default: an *http.Client with Config.RequestTimeout
	Rand   func() float64   // [0,1) for backoff jitter (default math/rand/v2)
	Logger *slog.Logger     // default slog.Default()
	// NetState describes the network (default: up interfaces and their
	// addresses); a change triggers an upload. Nil disables the watch when
	// set to NoNetWatch.
	NetState func() string
	// NetPoll is how often NetState is polled (default 15s).
	NetPoll time.Duration
	// Kiosk gives the health block its config id and reload error.
	Kiosk KioskInfo

	// test hooks (package tests only)
	hookSeal     func() // inside the sealing transaction, before commit
	hookUploaded func() // after a 2xx, before the outbox delete commits
}

// NoNetWatch turns the network watch off (Deps.NetState).
func NoNetWatch() string { return "" }

func (d Deps) withDefaults(c Config) Deps {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: c.RequestTimeout}
	}
	if d.Rand == nil {
		d.Rand = rand.Float64
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.NetState == nil {
		d.NetState = netState
	}
	if d.NetPoll <= 0 {
		d.NetPoll = 15 * time.Second
	}
	return d
}
