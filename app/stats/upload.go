package stats

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/stats/wire"
)

// LoadKey reads a kiosk signing key file. The file must be private to its
// owner (mode 0600 or stricter) and hold 64 hex digits.
func LoadKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("statistics key %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("statistics key %s: %w", path, err)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("statistics key %s: mode %04o lets others read it (chmod 600 %s)", path, perm, path)
	}
	text, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, fmt.Errorf("statistics key %s: %w", path, err)
	}
	key, err := wire.ParseKey(text)
	if err != nil {
		return nil, fmt.Errorf("statistics key %s: %w", path, err)
	}
	return key, nil
}

type backoffState struct {
	attempts int
	next     time.Time
}

// delay is the full-jitter exponential backoff after attempts failures,
// but never less than the collector's Retry-After.
func (s *Stats) delay(attempts int, retryAfter time.Duration) time.Duration {
	ceiling := float64(s.config().RetryMin) * math.Pow(2, float64(min(attempts-1, 30)))
	ceiling = min(ceiling, float64(s.config().RetryMax))
	d := time.Duration(s.deps.Rand() * ceiling)
	return max(d, min(retryAfter, MaxRetryAfter))
}

// UploadResult says what one upload pass did.
type UploadResult struct {
	Sent         int       // batches the collector acknowledged (stored now or before)
	DeadLettered int       // batches refused with a 4xx, moved to the dead letters
	Waiting      int       // batches still in the outbox
	RetryAt      time.Time // when a retry is due after a transient failure (zero if none)
}

// ErrNoEndpoint is returned by Upload when no collector is configured.
var ErrNoEndpoint = errors.New("statistics: no upload endpoint configured")

// Upload sends every waiting batch, oldest first, ignoring any backoff in
// progress (the staff "send now"). It stops at the first transient failure
// and returns it; refusals go to the dead letters without stopping the pass.
func (s *Stats) Upload(ctx context.Context) (UploadResult, error) {
	return s.upload(ctx, true)
}

func (s *Stats) upload(ctx context.Context, force bool) (UploadResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res UploadResult
	if s.config().Endpoint == "" {
		return res, ErrNoEndpoint
	}
	if !force && s.deps.Now().Before(s.backoff.next) {
		res.RetryAt = s.backoff.next
		return res, nil
	}
	key, err := LoadKey(s.config().KeyFile)
	if err != nil {
		s.noteError(err.Error())
		return res, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		k, e, err := s.oldest()
		if err != nil {
			return res, err
		}
		if e == nil {
			s.backoff = backoffState{}
			return res, nil
		}
		out := s.post(ctx, key, e)
		switch {
		case out.ok:
			if err := s.finish(k, e); err != nil {
				return res, err
			}
			s.backoff = backoffState{}
			res.Sent++
		case out.permanent:
			if err := s.deadLetter(k, e, out.msg); err != nil {
				return res, err
			}
			res.DeadLettered++
		default:
			s.backoff.attempts++
			s.backoff.next = s.deps.Now().Add(s.delay(s.backoff.attempts, out.retryAfter))
			res.RetryAt = s.backoff.next
			if err := s.retryLater(k, e, out.msg); err != nil {
				return res, err
			}
			res.Waiting, _ = s.waiting()
			return res, fmt.Errorf("statistics: uploading %s: %s (retry at %s)", e.ID, out.msg, res.RetryAt.Format(time.RFC3339))
		}
	}
}

func (s *Stats) waiting() (int, error) {
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketOutbox).Stats().KeyN
		return nil
	})
	return n, err
}

func (s *Stats) oldest() ([]byte, *entry, error) {
	var key []byte
	var e *entry
	err := s.db.View(func(tx *bolt.Tx) error {
		k, v := tx.Bucket(bucketOutbox).Cursor().First()
		if k == nil {
			return nil
		}
		var err error
		if e, err = decodeEntry(v); err != nil {
			return fmt.Errorf("statistics: outbox %x: %w", k, err)
		}
		key = append([]byte(nil), k...)
		return nil
	})
	return key, e, err
}

type outcome struct {
	ok, permanent bool
	retryAfter    time.Duration
	msg           string // technical, no personal data
}

func (s *Stats) post(ctx context.Context, key []byte, e *entry) outcome {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(e.body)
	if err := zw.Close(); err != nil {
		return outcome{msg: "compressing: " + err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, s.config().RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.config().Endpoint, bytes.NewReader(gz.Bytes()))
	if err != nil {
		return outcome{permanent: true, msg: "building request: " + err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set(wire.HeaderIdempotencyKey, e.ID)
	req.Header.Set(wire.HeaderKiosk, s.config().KioskID)
	req.Header.Set(wire.HeaderSentAt, s.deps.Now().UTC().Format(time.RFC3339))
	req.Header.Set(wire.HeaderSignature, wire.Sign(key, e.body))
	resp, err := s.deps.HTTP.Do(req)
	if err != nil {
		return outcome{msg: "network: " + err.Error()}
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	msg := fmt.Sprintf("HTTP %d %s", resp.StatusCode, printable(text, 120))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		s.noteServerDate(resp.Header.Get("Date"), s.deps.Now())
		return outcome{ok: true, msg: msg}
	case c == http.StatusRequestTimeout, c == http.StatusTooEarly, c == http.StatusTooManyRequests, c >= 500:
		return outcome{retryAfter: retryAfter(resp.Header.Get("Retry-After"), s.deps.Now()), msg: msg}
	default:
		return outcome{permanent: true, msg: msg}
	}
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		return min(time.Duration(min(secs, int64(MaxRetryAfter/time.Second)))*time.Second, MaxRetryAfter)
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return min(t.Sub(now), MaxRetryAfter)
	}
	return 0
}

// printable keeps a server's message short and plain for the status line.
func printable(b []byte, n int) string {
	var sb strings.Builder
	for _, r := range strings.TrimSpace(string(b)) {
		if sb.Len() >= n {
			sb.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f {
			r = ' '
		}
		sb.WriteRune(r)
	}
	return strings.TrimSpace(sb.String())
}

func (s *Stats) finish(k []byte, e *entry) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		ob := tx.Bucket(bucketOutbox)
		if v := ob.Get(k); v != nil {
			if err := ob.Delete(k); err != nil {
				return fmt.Errorf("statistics: removing uploaded %s: %w", e.ID, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		var ul uploadLog
		if err := getJSON(meta, keyUploadLog, &ul); err != nil {
			return err
		}
		now := s.deps.Now()
		ul.LastSuccess, ul.LastSuccessID = &now, e.ID
		if err := putJSON(meta, keyUploadLog, ul); err != nil {
			return err
		}
		if s.deps.hookUploaded != nil {
			s.deps.hookUploaded()
		}
		return nil
	})
}

func (s *Stats) deadLetter(k []byte, e *entry, msg string) error {
	s.deps.Logger.Warn("statistics: the collector refused a batch; moved to the dead letters", "batch", e.ID, "reply", msg)
	return s.db.Update(func(tx *bolt.Tx) error {
		ob := tx.Bucket(bucketOutbox)
		if ob.Get(k) == nil {
			return nil // dropped meanwhile
		}
		e.Attempts++
		e.LastError = msg
		v, err := e.encode()
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketDeadLetter).Put(k, v); err != nil {
			return fmt.Errorf("statistics: dead-lettering %s: %w", e.ID, err)
		}
		if err := ob.Delete(k); err != nil {
			return fmt.Errorf("statistics: dead-lettering %s: %w", e.ID, err)
		}
		return s.putError(tx, msg)
	})
}

func (s *Stats) retryLater(k []byte, e *entry, msg string) error {
	s.deps.Logger.Warn("statistics: upload failed; will retry", "batch", e.ID, "error", msg)
	return s.db.Update(func(tx *bolt.Tx) error {
		ob := tx.Bucket(bucketOutbox)
		if ob.Get(k) != nil {
			e.Attempts++
			e.LastError = msg
			v, err := e.encode()
			if err != nil {
				return err
			}
			if err := ob.Put(k, v); err != nil {
				return fmt.Errorf("statistics: noting the failure of %s: %w", e.ID, err)
			}
		}
		return s.putError(tx, msg)
	})
}

func (s *Stats) putError(tx *bolt.Tx, msg string) error {
	meta := tx.Bucket(bucketMeta)
	var ul uploadLog
	if err := getJSON(meta, keyUploadLog, &ul); err != nil {
		return err
	}
	now := s.deps.Now()
	ul.LastError, ul.LastErrorAt = msg, &now
	return putJSON(meta, keyUploadLog, ul)
}

// noteError records a local failure (for example the key file) for Status.
func (s *Stats) noteError(msg string) {
	s.deps.Logger.Warn("statistics: cannot upload", "error", msg)
	if err := s.db.Update(func(tx *bolt.Tx) error { return s.putError(tx, msg) }); err != nil {
		s.deps.Logger.Error("statistics: recording an upload error", "error", err)
	}
}
