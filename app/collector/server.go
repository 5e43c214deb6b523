package collector

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"

	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/stats/wire"
)

// Limits on one upload.
const (
	MaxCompressedBytes   = 4 << 20
	MaxUncompressedBytes = 16 << 20
)

var (
	bucketBatches = []byte("batches") // batch id → stored
	bucketTotals  = []byte("totals")  // aggregate key → uint64
	bucketKiosks  = []byte("kiosks")  // kiosk id → kioskState
)

const sep = "\x1f"

// Options tune Open; the zero value is fine.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
}

// Collector stores verified batches and serves the report.
type Collector struct {
	db  *bolt.DB
	reg *Registry
	log *slog.Logger
	now func() time.Time
}

// Open opens (creating when needed) the collector's bbolt file.
func Open(path string, reg *Registry, opts Options) (*Collector, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("opening collector database %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketBatches, bucketTotals, bucketKiosks} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("initialising collector database %s: %w", path, err)
	}
	return &Collector{db: db, reg: reg, log: opts.Logger, now: opts.Now}, nil
}

// Close closes the database.
func (c *Collector) Close() error { return c.db.Close() }

// Handler serves POST /v1/batches, GET /report, GET /report.csv and GET /healthz.
func (c *Collector) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+wire.Path, c.receive)
	mux.HandleFunc("GET /report", c.reportHTML)
	mux.HandleFunc("GET /report.csv", c.reportCSV)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	return mux
}

type stored struct {
	KioskID    string    `json:"kiosk_id"`
	ReceivedAt time.Time `json:"received_at"`
	SentAt     string    `json:"sent_at,omitempty"`
	SHA256     []byte    `json:"sha256"`
	Body       []byte    `json:"body"`
}

type kioskState struct {
	Province       string    `json:"province"`
	Commune        string    `json:"commune"`
	Batches        uint64    `json:"batches"`
	LastReceived   time.Time `json:"last_received"`
	ClockOffsetSec int64     `json:"clock_offset_sec"` // received_at - sent_at of the last batch
	DroppedPeriods uint64    `json:"dropped_periods"`
	DroppedEvents  uint64    `json:"dropped_events"`
	Started        uint64    `json:"started"`
	Finished       uint64    `json:"finished"`
	HandedOff      uint64    `json:"handed_off"`
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
	result, err := c.store(k, b, body, sum[:], r.Header.Get(wire.HeaderSentAt))
	switch {
	case err != nil:
		c.log.Error("collector: storing a batch", "batch", b.BatchID, "error", err)
		fail(w, http.StatusInternalServerError, "store_failed", "Lỗi lưu trữ", "storage error")
	case result == "conflict":
		c.log.Warn("collector: same batch id, different bytes", "batch", b.BatchID)
		fail(w, http.StatusConflict, "conflict", "Mã lô đã có với nội dung khác", "this batch id was stored with different bytes")
	default:
		writeJSON(w, http.StatusOK, reply{Status: result, BatchID: b.BatchID})
	}
}

func readBody(r *http.Request) ([]byte, int, error) {
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

// store keeps a verified batch once. It returns "stored", "already_have_it"
// or "conflict".
func (c *Collector) store(k Kiosk, b *wire.Batch, body, sum []byte, sentAt string) (string, error) {
	result := ""
	err := c.db.Update(func(tx *bolt.Tx) error {
		bb := tx.Bucket(bucketBatches)
		if old := bb.Get([]byte(b.BatchID)); old != nil {
			var s stored
			if err := json.Unmarshal(old, &s); err != nil {
				return fmt.Errorf("reading stored batch %s: %w", b.BatchID, err)
			}
			if bytes.Equal(s.SHA256, sum) {
				result = "already_have_it"
			} else {
				result = "conflict"
			}
			return nil
		}
		now := c.now()
		rec, err := json.Marshal(stored{KioskID: b.KioskID, ReceivedAt: now, SentAt: sentAt, SHA256: sum, Body: body})
		if err != nil {
			return err
		}
		if err := bb.Put([]byte(b.BatchID), rec); err != nil {
			return err
		}
		province, commune := b.Site.Province, b.Site.Commune
		if k.Province != "" {
			province = k.Province
		}
		if k.Commune != "" {
			commune = k.Commune
		}
		tb := tx.Bucket(bucketTotals)
		for _, ct := range b.Counters {
			key := strings.Join([]string{province, commune, b.KioskID, ct.Pack, fmt.Sprint(ct.PackVersion), ct.Day, ct.Step, ct.Kind, ct.Error}, sep)
			if err := add(tb, key, ct.N); err != nil {
				return err
			}
		}
		kb := tx.Bucket(bucketKiosks)
		var ks kioskState
		if old := kb.Get([]byte(b.KioskID)); old != nil {
			if err := json.Unmarshal(old, &ks); err != nil {
				return fmt.Errorf("reading kiosk %s: %w", b.KioskID, err)
			}
		}
		ks.Province, ks.Commune = province, commune
		ks.Batches++
		ks.LastReceived = now
		if t, err := time.Parse(time.RFC3339, sentAt); err == nil {
			ks.ClockOffsetSec = int64(now.Sub(t) / time.Second)
		}
		ks.DroppedPeriods += b.Dropped.Periods
		ks.DroppedEvents += b.Dropped.Events
		for _, h := range b.Hourly {
			ks.Started += h.Started
			ks.Finished += h.Finished
			ks.HandedOff += h.HandedOff
		}
		raw, err := json.Marshal(ks)
		if err != nil {
			return err
		}
		result = "stored"
		return kb.Put([]byte(b.KioskID), raw)
	})
	return result, err
}

func add(b *bolt.Bucket, key string, n uint64) error {
	var cur uint64
	if v := b.Get([]byte(key)); len(v) == 8 {
		cur = binary.BigEndian.Uint64(v)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], cur+n)
	return b.Put([]byte(key), buf[:])
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
func (c *Collector) Totals() (Totals, error) {
	t := Totals{Counters: map[wire.Counter]uint64{}, Kiosks: map[string]KioskTotals{}}
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBatches).ForEach(func(k, v []byte) error {
			var s stored
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("batch %s: %w", k, err)
			}
			b, err := wire.Parse(s.Body)
			if err != nil {
				return fmt.Errorf("batch %s: %w", k, err)
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
	})
	return t, err
}

// Batch returns the stored bytes of one batch (nil when unknown).
func (c *Collector) Batch(id string) ([]byte, error) {
	var out []byte
	err := c.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketBatches).Get([]byte(id))
		if v == nil {
			return nil
		}
		var s stored
		if err := json.Unmarshal(v, &s); err != nil {
			return err
		}
		out = s.Body
		return nil
	})
	return out, err
}

// BatchIDs lists the stored batch ids in order.
func (c *Collector) BatchIDs() ([]string, error) {
	var ids []string
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBatches).ForEach(func(k, _ []byte) error {
			ids = append(ids, string(k))
			return nil
		})
	})
	return ids, err
}
