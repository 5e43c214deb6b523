package stats

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/session"
	"tramhocso/app/stats/wire"
)

// Bucket names in the kiosk database.
var (
	bucketCounters   = []byte("stats_counters")
	bucketOutbox     = []byte("stats_outbox")
	bucketDeadLetter = []byte("stats_deadletter")
	bucketMeta       = []byte("stats_meta")
)

// Invalid replaces an id or error code that does not match its pattern: it is
// counted, but its text never leaves the kiosk.
const Invalid = "invalid"

const sep = "\x1f"

// Stats counts session events and uploads sealed batches. Create it with
// Open; it is safe for concurrent use.
type Stats struct {
	db   *bolt.DB
	cfg  atomic.Pointer[Config] // swapped whole by Reconfigure
	deps Deps

	mu      sync.Mutex // serialises Seal, Upload, Requeue (one writer of the outbox at a time)
	backoff backoffState

	sendNow chan struct{}
	netUp   chan struct{}

	started     time.Time    // Open's time, for the health block's uptime
	clockOffset atomic.Int64 // kiosk − collector clock at the last answer, seconds
}

var _ session.EventSink = (*Stats)(nil)

// config is the settings in force.
func (s *Stats) config() *Config { return s.cfg.Load() }

// Reconfigure applies new settings live (kiosk.yaml was reloaded): the
// endpoint, key file, period and outbox bounds. The kiosk's identity (kiosk
// id, province, commune) and time zone stay as they were at start, because
// batches already sealed carry them; those apply after a restart. The
// upload loop wakes up to use the new settings at once.
func (s *Stats) Reconfigure(cfg Config) error {
	cur := s.config()
	cfg.KioskID, cfg.Province, cfg.Commune, cfg.Location = cur.KioskID, cur.Province, cur.Commune, cur.Location
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfg = cfg.withDefaults()
	if cfg == *cur {
		return nil
	}
	s.cfg.Store(&cfg)
	s.SendNow()
	return nil
}

// Open checks cfg, creates the statistics buckets in db when missing and
// returns the counter/uploader. It starts nothing: call Run for the
// schedule.
func Open(db *bolt.DB, cfg Config, deps Deps) (*Stats, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	s := &Stats{
		db: db, deps: deps.withDefaults(cfg),
		sendNow: make(chan struct{}, 1),
		netUp:   make(chan struct{}, 1),
	}
	s.cfg.Store(&cfg)
	s.started = s.deps.Now()
	err := db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketCounters, bucketOutbox, bucketDeadLetter, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("creating bucket %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	return s, nil
}

// Record counts one session event inside the session's transaction
// (session.EventSink). It fails only when the database does, which aborts
// the session change as well; a malformed id or code is counted as
// "invalid" and logged without its value.
func (s *Stats) Record(tx *bolt.Tx, e session.Event) error {
	b := tx.Bucket(bucketCounters)
	if b == nil {
		return fmt.Errorf("statistics: bucket %s missing (stats.Open was not called on this database)", bucketCounters)
	}
	at := e.At.In(s.config().Location)
	day := at.Format(wire.DayLayout)
	kind := s.clean("kind", string(e.Kind), wire.KindRE.MatchString)
	pack := s.clean("pack", e.PackID, wire.IsPackID)
	step := ""
	if e.StepID != "" {
		step = s.clean("step", e.StepID, wire.IsStepID)
	}
	version := max(e.PackVersion, 0)
	base := "d" + day + sep + pack + sep + strconv.Itoa(version) + sep + step + sep + kind + sep
	if err := incr(b, base); err != nil {
		return err
	}
	for _, code := range e.ErrorCodes {
		if err := incr(b, base+s.clean("error code", code, wire.ErrorCodeRE.MatchString)); err != nil {
			return err
		}
	}
	switch kind {
	case wire.KindStarted, wire.KindFinished, wire.KindHandedOff:
		hour := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), 0, 0, 0, s.config().Location)
		if err := incr(b, "h"+hour.Format(wire.HourLayout)+sep+kind); err != nil {
			return err
		}
	}
	return nil
}

func (s *Stats) clean(what, v string, ok func(string) bool) string {
	if ok(v) {
		return v
	}
	// Never log the value: it may be anything, including personal data.
	s.deps.Logger.Warn("statistics: counted a malformed value as invalid", "field", what, "length", len(v))
	return Invalid
}

func incr(b *bolt.Bucket, key string) error {
	var n uint64
	if v := b.Get([]byte(key)); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], n+1)
	if err := b.Put([]byte(key), buf[:]); err != nil {
		return fmt.Errorf("statistics: counting: %w", err)
	}
	return nil
}

// parsed counter key
type counterKey struct {
	hourly bool
	end    time.Time // when the day or hour closes
	c      wire.Counter
	hour   string
	kind   string
}

func (s *Stats) parseKey(k []byte) (counterKey, bool) {
	str := string(k)
	switch {
	case strings.HasPrefix(str, "d"):
		f := strings.Split(str[1:], sep)
		if len(f) != 6 {
			return counterKey{}, false
		}
		d, err := time.ParseInLocation(wire.DayLayout, f[0], s.config().Location)
		if err != nil {
			return counterKey{}, false
		}
		v, err := strconv.Atoi(f[2])
		if err != nil {
			return counterKey{}, false
		}
		return counterKey{end: d.AddDate(0, 0, 1), c: wire.Counter{Day: f[0], Pack: f[1], PackVersion: v, Step: f[3], Kind: f[4], Error: f[5]}}, true
	case strings.HasPrefix(str, "h"):
		hour, kind, ok := strings.Cut(str[1:], sep)
		if !ok {
			return counterKey{}, false
		}
		h, err := time.Parse(wire.HourLayout, hour)
		if err != nil {
			return counterKey{}, false
		}
		return counterKey{hourly: true, end: h.Add(time.Hour), hour: hour, kind: kind}, true
	}
	return counterKey{}, false
}

func getU64(b *bolt.Bucket, key string) uint64 {
	if v := b.Get([]byte(key)); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func putU64(b *bolt.Bucket, key string, n uint64) error {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], n)
	return b.Put([]byte(key), buf[:])
}

func seqKey(seq uint64) []byte {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], seq)
	return buf[:]
}
