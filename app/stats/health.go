package stats

import (
	"regexp"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/stats/wire"
	"tramhocso/app/version"
)

// KioskInfo is what the uploader asks the kiosk for each batch's health
// block (wire.Health); the rest (outbox depth, dead letters, uptime, clock
// offset) the statistics know themselves. Nil Deps.Kiosk sends "unknown".
type KioskInfo interface {
	// ConfigID is the fingerprint of the configuration being served.
	ConfigID() string
	// LastReloadError is an error code ("config.refused") while the last
	// reload was refused, else "".
	LastReloadError() string
}

var unsafeID = regexp.MustCompile(`[^A-Za-z0-9._:-]+`)

// clean makes s fit pattern re (health strings are ids, never free text).
func clean(s string, re *regexp.Regexp, max int) string {
	s = unsafeID.ReplaceAllString(s, "-")
	s = strings.TrimLeft(s, "-._:~+")
	if len(s) > max {
		s = s[:max]
	}
	if !re.MatchString(s) {
		return "unknown"
	}
	return s
}

// health builds the block sealed into a batch, inside the sealing
// transaction; waiting counts the batch being sealed.
func (s *Stats) health(tx *bolt.Tx, now time.Time) *wire.Health {
	h := &wire.Health{AppVersion: clean(version.Get().Version, wire.VersionRE, 64), ConfigID: "unknown"}
	if s.deps.Kiosk != nil {
		h.ConfigID = clean(s.deps.Kiosk.ConfigID(), wire.ConfigIDRE, 64)
		if code := s.deps.Kiosk.LastReloadError(); code != "" {
			h.LastReloadError = "unknown"
			if wire.ErrorCodeRE.MatchString(code) {
				h.LastReloadError = code
			}
		}
	}
	h.OutboxDepth = uint64(tx.Bucket(bucketOutbox).Stats().KeyN) + 1
	h.DeadLetters = uint64(tx.Bucket(bucketDeadLetter).Stats().KeyN)
	if up := now.Sub(s.started); up > 0 {
		h.UptimeSec = uint64(up / time.Second)
	}
	h.ClockOffsetSec = s.clockOffset.Load()
	return h
}

// noteServerDate records kiosk clock − collector clock from a response's
// Date header (whole seconds; the header has no finer resolution).
func (s *Stats) noteServerDate(date string, now time.Time) {
	t, err := time.Parse(time.RFC1123, date)
	if err != nil {
		return
	}
	s.clockOffset.Store(int64(now.Sub(t).Round(time.Second) / time.Second))
}
