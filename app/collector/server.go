package collector

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"tramhocso/app/stats/wire"
)

// Limits on one upload.
const (
	MaxCompressedBytes   = 4 << 20
	MaxUncompressedBytes = 16 << 20
)

// Per-kiosk request rate defaults: a kiosk back from a long outage sends its
// outbox one batch per request, oldest first; 2 a second with a burst of 120
// drains 90 days of hourly batches in about 20 minutes.
const (
	DefaultKioskRate  = 2
	DefaultKioskBurst = 120
)

// DefaultSilentAfter is Options.SilentAfter's default.
const DefaultSilentAfter = 26 * time.Hour

// Options tune New; the zero value is fine.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// KioskRate and KioskBurst bound each kiosk id's uploads (requests per
	// second, token bucket), checked before the body is read or unzipped:
	// a forged request under a known kiosk id costs little. Zero: the
	// defaults; a negative KioskRate turns the limit off.
	KioskRate  float64
	KioskBurst int
	// SilentAfter flags a kiosk on the fleet page when nothing came from it
	// for this long (default 26 hours: a day's batches plus slack).
	SilentAfter time.Duration
	// TrustProxy: the collector sits behind a TLS proxy that sets
	// X-Forwarded-Proto and X-Forwarded-For; cookies are then Secure when
	// the proxy says https, and login throttling keys on the client address
	// it forwards.
	TrustProxy bool
	// Skills names the skills framework's groups in the report (which
	// packs train which group); nil leaves that table out.
	Skills *Skills
}

// Collector verifies batches, stores them and serves the console.
type Collector struct {
	store Store
	reg   *Registry
	log   *slog.Logger
	now   func() time.Time
	opts  Options

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	throttle throttle
}

// Open opens the store a --db value names (a bbolt file path or a
// postgres:// URL) and returns a collector on it; Close closes both.
func Open(ctx context.Context, db string, reg *Registry, opts Options) (*Collector, error) {
	st, err := OpenStore(ctx, db)
	if err != nil {
		return nil, err
	}
	return New(st, reg, opts), nil
}

// New returns a collector on an open store; Close closes the store.
func New(st Store, reg *Registry, opts Options) *Collector {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.KioskRate == 0 {
		opts.KioskRate = DefaultKioskRate
	}
	if opts.KioskBurst <= 0 {
		opts.KioskBurst = DefaultKioskBurst
	}
	if opts.SilentAfter <= 0 {
		opts.SilentAfter = DefaultSilentAfter
	}
	return &Collector{store: st, reg: reg, log: opts.Logger, now: opts.Now, opts: opts, limiters: map[string]*rate.Limiter{}}
}

// Store is the collector's store.
func (c *Collector) Store() Store { return c.store }

// Close closes the store.
func (c *Collector) Close() error { return c.store.Close() }

// allow takes one token from a registered kiosk's bucket.
func (c *Collector) allow(kiosk string) (bool, time.Duration) {
	if c.opts.KioskRate < 0 {
		return true, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.limiters[kiosk]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(c.opts.KioskRate), c.opts.KioskBurst)
		c.limiters[kiosk] = l
	}
	now := c.now()
	r := l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

type reply struct {
	Status  string `json:"status,omitempty"`
	BatchID string `json:"batch_id,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v reply) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, code, vi, en string) {
	writeJSON(w, status, reply{Code: code, Message: vi + " / " + en})
}

func (c *Collector) receive(w http.ResponseWriter, r *http.Request) {
	kioskID := r.Header.Get(wire.HeaderKiosk)
	k, ok := c.reg.kiosks[kioskID]
	if !ok {
		c.log.Warn("collector: refused a batch from an unknown kiosk", "kiosk_len", len(kioskID))
		fail(w, http.StatusUnauthorized, "unknown_kiosk", "Trạm không có trong danh sách", "kiosk not registered")
		return
	}
	if ok, wait := c.allow(kioskID); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		fail(w, http.StatusTooManyRequests, "rate_limited", "Trạm gửi quá nhanh, thử lại sau", "too many requests from this kiosk; retry later")
		return
	}
	sig := r.Header.Get(wire.HeaderSignature)
	if sig == "" {
		fail(w, http.StatusUnauthorized, "no_signature", "Thiếu chữ ký", "signature missing")
		return
	}
	body, status, err := readBody(r)
	if err != nil {
		code := "bad_body"
		if status == http.StatusRequestEntityTooLarge {
			code = "too_large"
		}
		fail(w, status, code, "Nội dung không đọc được", err.Error())
		return
	}
	if !wire.Verify(k.key, body, sig) {
		c.log.Warn("collector: bad signature", "kiosk", kioskID)
		fail(w, http.StatusUnauthorized, "bad_signature", "Chữ ký không đúng", "signature does not match")
		return
	}
	b, err := wire.Parse(body)
	if err != nil {
		fail(w, http.StatusBadRequest, "bad_batch", "Lô dữ liệu không hợp lệ", err.Error())
		return
	}
	if b.KioskID != kioskID {
		fail(w, http.StatusBadRequest, "kiosk_mismatch", "Mã trạm không khớp", "kiosk_id differs from the "+wire.HeaderKiosk+" header")
		return
	}
	if key := r.Header.Get(wire.HeaderIdempotencyKey); key != b.BatchID {
		fail(w, http.StatusBadRequest, "id_mismatch", "Mã lô không khớp", "batch_id differs from the "+wire.HeaderIdempotencyKey+" header")
		return
	}
	sum := sha256.Sum256(body)
	rec := BatchRecord{Batch: b, Body: body, SHA256: sum[:], Province: b.Site.Province, Commune: b.Site.Commune,
		ReceivedAt: c.now().UTC(), SentAt: r.Header.Get(wire.HeaderSentAt)}
	if k.Province != "" {
		rec.Province = k.Province
	}
	if k.Commune != "" {
		rec.Commune = k.Commune
	}
	result, err := c.store.Put(r.Context(), rec)
	switch {
	case err != nil:
		c.log.Error("collector: storing a batch", "batch", b.BatchID, "error", err)
		fail(w, http.StatusInternalServerError, "store_failed", "Lỗi lưu trữ", "storage error")
	case result == Conflict:
		c.log.Warn("collector: same batch id, different bytes", "batch", b.BatchID)
		fail(w, http.StatusConflict, "conflict", "Mã lô đã có với nội dung khác", "this batch id was stored with different bytes")
	default:
		w.Header().Set("Date", c.now().UTC().Format(http.TimeFormat))
		writeJSON(w, http.StatusOK, reply{Status: string(result), BatchID: b.BatchID})
	}
}

func readBody(r *http.Request) ([]byte, int, error) {
	if r.ContentLength > MaxCompressedBytes {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body of %d bytes is over %d", r.ContentLength, MaxCompressedBytes)
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, MaxCompressedBytes+1))
	if err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("reading the body: %w", err)
	}
	if len(raw) > MaxCompressedBytes {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body over %d bytes", MaxCompressedBytes)
	}
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return raw, 0, nil
	case "gzip":
		// The gzip trailer states the uncompressed size (mod 2³²): refuse
		// an announced bomb before inflating anything. A lying trailer is
		// still cut off at the limit below.
		if len(raw) >= 18 {
			if isize := binary.LittleEndian.Uint32(raw[len(raw)-4:]); isize > MaxUncompressedBytes {
				return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("gzip trailer announces %d uncompressed bytes, over %d", isize, MaxUncompressedBytes)
			}
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("gzip: %w", err)
		}
		body, err := io.ReadAll(io.LimitReader(zr, MaxUncompressedBytes+1))
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("gzip: %w", err)
		}
		if len(body) > MaxUncompressedBytes {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("uncompressed body over %d bytes", MaxUncompressedBytes)
		}
		return body, 0, nil
	default:
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("content encoding %q (use gzip)", enc)
	}
}

// Totals is everything the collector has summed, for checks and tests.
type Totals struct {
	Batches  int
	Counters map[wire.Counter]uint64 // Counter with N zero → total N
	Kiosks   map[string]KioskTotals
}

// KioskTotals are one kiosk's hourly sums and drop reports.
type KioskTotals struct {
	Batches                       uint64
	Started, Finished, HandedOff  uint64
	DroppedPeriods, DroppedEvents uint64
}

// Totals sums every stored batch by re-reading the stored bodies (not the
// running totals), so a test can compare both.
func (c *Collector) Totals(ctx context.Context) (Totals, error) {
	t := Totals{Counters: map[wire.Counter]uint64{}, Kiosks: map[string]KioskTotals{}}
	err := c.store.EachBatch(ctx, func(id string, body []byte) error {
		b, err := wire.Parse(body)
		if err != nil {
			return fmt.Errorf("batch %s: %w", id, err)
		}
		t.Batches++
		for _, ct := range b.Counters {
			n := ct.N
			ct.N = 0
			t.Counters[ct] += n
		}
		kt := t.Kiosks[b.KioskID]
		kt.Batches++
		for _, h := range b.Hourly {
			kt.Started += h.Started
			kt.Finished += h.Finished
			kt.HandedOff += h.HandedOff
		}
		kt.DroppedPeriods += b.Dropped.Periods
		kt.DroppedEvents += b.Dropped.Events
		t.Kiosks[b.KioskID] = kt
		return nil
	})
	return t, err
}

// Batch returns the stored bytes of one batch (nil when unknown).
func (c *Collector) Batch(ctx context.Context, id string) ([]byte, error) {
	return c.store.Batch(ctx, id)
}

// BatchIDs lists the stored batch ids in order.
func (c *Collector) BatchIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := c.store.EachBatch(ctx, func(id string, _ []byte) error {
		ids = append(ids, id)
		return nil
	})
	return ids, err
}
