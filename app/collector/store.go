package collector

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tramhocso/app/stats/wire"
)

// Store keeps verified batches, their running totals, the kiosks' last
// state and the console's accounts. Two engines implement it: bbolt (one
// file, the default) and PostgreSQL (several collectors may share one).
type Store interface {
	// Put stores a verified batch once: the batch row (bytes and SHA-256),
	// the totals and the kiosk's state change in one transaction, so a batch
	// id is counted exactly once however often and wherever it arrives.
	Put(ctx context.Context, rec BatchRecord) (Result, error)
	// EachBatch calls fn for every stored batch, in batch id order.
	EachBatch(ctx context.Context, fn func(id string, body []byte) error) error
	// Batch returns one batch's stored bytes (nil when unknown).
	Batch(ctx context.Context, id string) ([]byte, error)
	// Sums reads the running totals within q, summed over the days unless
	// q.ByDay (then Sum.Day is set).
	Sums(ctx context.Context, q Query, fn func(Sum) error) error
	// Kiosks lists every kiosk that has uploaded.
	Kiosks(ctx context.Context) ([]KioskState, error)
	// PutAccount creates or replaces an account.
	PutAccount(ctx context.Context, a Account) error
	// Account returns one account (nil when unknown).
	Account(ctx context.Context, name string) (*Account, error)
	// Accounts lists the accounts by name.
	Accounts(ctx context.Context) ([]Account, error)
	// CreateSession stores a sign-in session (and forgets expired ones).
	CreateSession(ctx context.Context, s Session) error
	// Session returns the unexpired session with this id hash (nil if none).
	Session(ctx context.Context, idHash []byte, now time.Time) (*Session, error)
	// DeleteSession signs a session out.
	DeleteSession(ctx context.Context, idHash []byte) error
	Close() error
}

// Result of Store.Put.
type Result string

const (
	Stored        Result = "stored"
	AlreadyHaveIt Result = "already_have_it"
	Conflict      Result = "conflict"
)

// BatchRecord is one verified batch on its way into a Store.
type BatchRecord struct {
	Batch             *wire.Batch
	Body, SHA256      []byte
	Province, Commune string // after the registry's override
	ReceivedAt        time.Time
	SentAt            string // the X-Tramhocso-Sent-At header, as sent
}

// counterKey is a running total's key.
type counterKey struct {
	Province, Commune, Kiosk, Pack string
	PackVersion                    int
	Day, Step, Kind, Error         string
}

func (k counterKey) compare(o counterKey) int {
	if c := strings.Compare(k.Province, o.Province); c != 0 {
		return c
	}
	for _, p := range [][2]string{{k.Commune, o.Commune}, {k.Kiosk, o.Kiosk}, {k.Pack, o.Pack}} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	if k.PackVersion != o.PackVersion {
		return k.PackVersion - o.PackVersion
	}
	for _, p := range [][2]string{{k.Day, o.Day}, {k.Step, o.Step}, {k.Kind, o.Kind}, {k.Error, o.Error}} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	return 0
}

type keyed struct {
	k counterKey
	n uint64
}

// counters merges a batch's counters by key and sorts them, so that every
// engine updates rows in one order (no deadlock between two collectors).
func (r BatchRecord) counters() []keyed {
	m := map[counterKey]uint64{}
	for _, c := range r.Batch.Counters {
		m[counterKey{r.Province, r.Commune, r.Batch.KioskID, c.Pack, c.PackVersion, c.Day, c.Step, c.Kind, c.Error}] += c.N
	}
	out := make([]keyed, 0, len(m))
	for k, n := range m {
		out = append(out, keyed{k, n})
	}
	slices.SortFunc(out, func(a, b keyed) int { return a.k.compare(b.k) })
	return out
}

// clockOffset is received_at − sent_at in seconds (0 when sent_at is absent).
func (r BatchRecord) clockOffset() int64 {
	t, err := time.Parse(time.RFC3339, r.SentAt)
	if err != nil {
		return 0
	}
	return int64(r.ReceivedAt.Sub(t) / time.Second)
}

func (r BatchRecord) hourly() (started, finished, handedOff uint64) {
	for _, h := range r.Batch.Hourly {
		started += h.Started
		finished += h.Finished
		handedOff += h.HandedOff
	}
	return
}

// KioskState is what the collector knows of one kiosk.
type KioskState struct {
	Kiosk          string    `json:"kiosk"`
	Province       string    `json:"province"`
	Commune        string    `json:"commune"`
	Batches        uint64    `json:"batches"`
	LastReceived   time.Time `json:"last_received"`
	ClockOffsetSec int64     `json:"clock_offset_sec"` // received_at − sent_at of the last batch
	DroppedPeriods uint64    `json:"dropped_periods"`
	DroppedEvents  uint64    `json:"dropped_events"`
	Started        uint64    `json:"started"`
	Finished       uint64    `json:"finished"`
	HandedOff      uint64    `json:"handed_off"`
	// Health is the newest (by sealed_at) v2 health block; HealthSealedAt its batch's sealed_at.
	Health         *wire.Health `json:"health,omitempty"`
	HealthSealedAt string       `json:"health_sealed_at,omitempty"`
}

// apply adds a stored batch to the kiosk's state.
func (ks *KioskState) apply(r BatchRecord) {
	ks.Kiosk = r.Batch.KioskID
	ks.Province, ks.Commune = r.Province, r.Commune
	ks.Batches++
	if r.ReceivedAt.After(ks.LastReceived) {
		ks.LastReceived = r.ReceivedAt
		ks.ClockOffsetSec = r.clockOffset()
	}
	ks.DroppedPeriods += r.Batch.Dropped.Periods
	ks.DroppedEvents += r.Batch.Dropped.Events
	s, f, h := r.hourly()
	ks.Started += s
	ks.Finished += f
	ks.HandedOff += h
	if r.Batch.Health != nil && sealedAfter(r.Batch.SealedAt, ks.HealthSealedAt) {
		hc := *r.Batch.Health
		ks.Health, ks.HealthSealedAt = &hc, r.Batch.SealedAt
	}
}

func sealedAfter(a, b string) bool {
	ta, err := time.Parse(time.RFC3339, a)
	if err != nil {
		return false
	}
	tb, err := time.Parse(time.RFC3339, b)
	return err != nil || !ta.Before(tb)
}

// Query selects running totals.
type Query struct {
	From, To string // inclusive days YYYY-MM-DD; empty for no bound
	Scope    Scope
	ByDay    bool
}

// Sum is one running total (summed over the query's days unless ByDay).
type Sum struct {
	Province, Commune, Kiosk, Pack string
	Day                            string
	Step, Kind, Error              string
	N                              uint64
}

// Scope is the part of the country an account sees: everything, one
// province, or a list of communes of one province.
type Scope struct {
	All      bool     `json:"all,omitempty"`
	Province string   `json:"province,omitempty"`
	Communes []string `json:"communes,omitempty"`
}

// Allows reports whether the scope covers a commune.
func (s Scope) Allows(province, commune string) bool {
	if s.All {
		return true
	}
	if province != s.Province {
		return false
	}
	return len(s.Communes) == 0 || slices.Contains(s.Communes, commune)
}

func (s Scope) String() string {
	switch {
	case s.All:
		return "cả nước / whole country"
	case len(s.Communes) == 0:
		return s.Province
	default:
		return s.Province + ": " + strings.Join(s.Communes, ", ")
	}
}

// Account is one console user.
type Account struct {
	Name    string    `json:"name"`
	Hash    string    `json:"hash"` // argon2id PHC string
	Scope   Scope     `json:"scope"`
	Created time.Time `json:"created"`
}

// Session is a signed-in browser: the cookie holds a random id, the store
// only its SHA-256.
type Session struct {
	IDHash  []byte    `json:"-"`
	Account string    `json:"account"`
	CSRF    string    `json:"csrf"`
	Expires time.Time `json:"expires"`
}

// OpenStore opens the engine a --db value names: a postgres:// or
// postgresql:// URL is PostgreSQL, anything else a bbolt file path.
func OpenStore(ctx context.Context, db string) (Store, error) {
	if IsPostgres(db) {
		return OpenPostgres(ctx, db)
	}
	return OpenBolt(db)
}

// IsPostgres reports whether a --db value is a PostgreSQL URL.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
