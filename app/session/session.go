package session

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/store"
)

// ErrNotFound: no session has this id (or the id is malformed).
//
//lint:ignore ST1005 shown to the citizen as it is: a Vietnamese sentence, then its English
var ErrNotFound = errors.New("Không tìm thấy phiên luyện tập / practice session not found")

// ErrEnded: the session has finished, been abandoned, expired or (for
// kiosk-only operations) been handed off; it can no longer change.
//
//lint:ignore ST1005 shown to the citizen as it is: a Vietnamese sentence, then its English
var ErrEnded = errors.New("Phiên luyện tập đã kết thúc / the practice session has ended")

// Defaults for Options.
const (
	DefaultResumeWindow = 10 * time.Minute
	DefaultIdleExpiry   = 10 * time.Minute
	DefaultRetention    = 24 * time.Hour
	DefaultSweepEvery   = time.Minute
)

// Options configure a Manager; the zero value is usable.
type Options struct {
	// Sink receives the session events inside each transaction (NopSink).
	Sink EventSink
	// Clock is the time source and the sweeper's ticker (the system clock).
	Clock Clock
	// IdleExpiry: a live session untouched this long expires and loses its
	// answers (DefaultIdleExpiry). Keep it at least the resume window.
	IdleExpiry time.Duration
	// Retention: how long an ended session's anonymous record is kept
	// before the sweeper deletes it (DefaultRetention).
	Retention time.Duration
	// SweepEvery: how often Run sweeps (DefaultSweepEvery).
	SweepEvery time.Duration
	// Logger gets counts and errors, never answers (default: none).
	Logger *slog.Logger
}

// Manager runs the session lifecycle over the store's bbolt file. It is
// safe for concurrent use (bbolt serialises the writes).
type Manager struct {
	db      *bolt.DB
	keys    *store.Keys
	storeDB *store.DB
	opts    Options
	log     *slog.Logger
}

// New makes a Manager on an open store (whose migrations created the
// session buckets).
func New(db *store.DB, opts Options) *Manager {
	if opts.Sink == nil {
		opts.Sink = NopSink{}
	}
	if opts.Clock == nil {
		opts.Clock = SystemClock{}
	}
	if opts.IdleExpiry <= 0 {
		opts.IdleExpiry = DefaultIdleExpiry
	}
	if opts.Retention <= 0 {
		opts.Retention = DefaultRetention
	}
	if opts.SweepEvery <= 0 {
		opts.SweepEvery = DefaultSweepEvery
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Manager{db: db.Bolt(), keys: db.Keys(), storeDB: db, opts: opts, log: opts.Logger}
}

func (m *Manager) now() time.Time { return m.opts.Clock.Now().UTC().Round(0) }

// Start is what a new session begins with.
type Start struct {
	PackID      string
	PackVersion int
	Door        string // DoorKiosk or DoorPhone
	Step        string // the first step id (may be empty)
	Payload     []byte // the engine's initial state
}

// Start creates a session with a fresh 128-bit random id and its own key
// (in the key file, synced first), on disk before it returns, and emits
// EventStarted.
func (m *Manager) Start(ctx context.Context, s Start) (*Record, error) {
	now := m.now()
	var raw [idBytes]byte
	rand.Read(raw[:]) // never fails (crypto/rand, Go 1.24+)
	r := &Record{
		ID: hex.EncodeToString(raw[:]), PackID: s.PackID, PackVersion: s.PackVersion, Door: s.Door,
		Status: StatusActive, Created: now, Touched: now, Expires: now.Add(m.opts.IdleExpiry),
		Step: s.Step, Payload: s.Payload,
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("starting a session: %w", err)
	}
	created := false
	err := m.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(store.BucketSessions))
		if b.Get(raw[:]) != nil {
			return errors.New("session id collision") // 2^-128: a broken random source
		}
		// The key is synced before the record commits, and inside this
		// write transaction, so destroyOrphanKeys never sees it without
		// its record.
		if _, err := m.keys.Create(raw); err != nil {
			return err
		}
		created = true
		return m.put(tx, raw[:], nil, r, []Event{{Kind: EventStarted, StepID: r.Step}})
	})
	if err != nil {
		if created {
			if derr := m.keys.Destroy(raw); derr != nil {
				m.log.Warn("destroying the key of a session that did not start; the next sweep retries", "err", derr)
			}
		}
		return nil, fmt.Errorf("starting a session: %w", err)
	}
	return r.Clone(), nil
}

// Get reads a session (with its Payload while it is live).
func (m *Manager) Get(ctx context.Context, id string) (*Record, error) {
	key, err := parseID(id)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNotFound, err)
	}
	var r *Record
	err = m.db.View(func(tx *bolt.Tx) error {
		r, err = m.load(tx, key)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Change is the session being updated inside Update's transaction.
//
// The function given to Update may set Record.Step, Record.Payload and
// Record.HandOff, and reports what happened with StepPassed, StepFailed and
// HintUsed (which keep the Summary and emit the events). Tx is the
// transaction, for packages that keep their own buckets in step with the
// session (hand-off tokens); it must not be kept.
type Change struct {
	Tx     *bolt.Tx
	Record *Record
	now    time.Time
	events []Event
}

// Now is the time of the change.
func (c *Change) Now() time.Time { return c.now }

// StepPassed records that stepID's answers were accepted.
func (c *Change) StepPassed(stepID string) {
	c.Record.Summary.StepsPassed++
	c.events = append(c.events, Event{Kind: EventStepPassed, StepID: stepID})
}

// StepFailed records a submission of stepID with mistakes; codes are the
// validation error codes (never the values).
func (c *Change) StepFailed(stepID string, codes ...string) {
	s := &c.Record.Summary
	if s.Mistakes == nil {
		s.Mistakes = map[string]int{}
	}
	s.Mistakes[stepID]++
	codes = slices.Clone(codes)
	slices.Sort(codes)
	codes = slices.Compact(codes)
	if len(codes) > maxCodes {
		codes = codes[:maxCodes]
	}
	c.events = append(c.events, Event{Kind: EventStepFailed, StepID: stepID, ErrorCodes: codes})
}

// HintUsed records that the citizen opened a hint on stepID.
func (c *Change) HintUsed(stepID string) {
	s := &c.Record.Summary
	if s.Hints == nil {
		s.Hints = map[string]int{}
	}
	s.Hints[stepID]++
	c.events = append(c.events, Event{Kind: EventHintUsed, StepID: stepID})
}

// Update changes a live session in one bbolt transaction that is committed
// (fsync'd) before Update returns: a step the API acknowledges is on disk.
// fn's error aborts everything. The session is touched (its idle expiry
// restarts). Errors: ErrNotFound, ErrEnded (also for a session past its
// expiry that the sweeper has not reached yet), store.ErrDiskFull,
// store.ErrReadOnly, or fn's error.
func (m *Manager) Update(ctx context.Context, id string, fn func(c *Change) error) (*Record, error) {
	key, err := parseID(id)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNotFound, err)
	}
	now := m.now()
	var out *Record
	err = m.update(ctx, func(tx *bolt.Tx) error {
		r, err := m.loadLive(tx, key, now)
		if err != nil {
			return err
		}
		old := r.Clone()
		c := &Change{Tx: tx, Record: r, now: now}
		if err := fn(c); err != nil {
			return err
		}
		if r.ID != old.ID || r.PackID != old.PackID || r.PackVersion != old.PackVersion || r.Door != old.Door ||
			r.Status != old.Status || !r.Created.Equal(old.Created) || !r.Ended.IsZero() {
			return errors.New("the update function may change only Step, Payload and HandOff")
		}
		r.Touched = now
		r.Expires = m.liveUntil(r, now)
		if err := m.put(tx, key, old, r, c.events); err != nil {
			return err
		}
		out = r.Clone()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("updating session %s: %w", id, err)
	}
	return out, nil
}

// liveUntil is a live session's expiry: the idle expiry, or a later
// hand-off deadline.
func (m *Manager) liveUntil(r *Record, now time.Time) time.Time {
	t := now.Add(m.opts.IdleExpiry)
	if r.HandOff != nil && r.HandOff.Until.After(t) {
		t = r.HandOff.Until
	}
	return t
}

// HandOff marks an active session as continued on the citizen's phone,
// storing h, and emits EventHandedOff. The answers stay (the phone goes on
// with them) until the session ends; h.Until may keep it alive longer than
// the idle expiry.
func (m *Manager) HandOff(ctx context.Context, id string, h HandOff) (*Record, error) {
	return m.transition(ctx, id, "handing off", true, func(r *Record, now time.Time) (Event, error) {
		if r.Status != StatusActive {
			return Event{}, fmt.Errorf("%w (it is %s)", ErrEnded, r.Status)
		}
		r.Status = StatusHandedOff
		r.HandOff = &h
		r.Touched = now
		r.Expires = m.liveUntil(r, now)
		return Event{Kind: EventHandedOff, StepID: r.Step}, nil
	})
}

// Finish ends a live session that reached its end: the answers and the
// hand-off state are erased in the same transaction; EventFinished.
func (m *Manager) Finish(ctx context.Context, id string) (*Record, error) {
	return m.end(ctx, id, StatusFinished, EventFinished)
}

// Abandon ends a live session that was given up ("no" on the resume
// question, idle reset): answers erased; EventAbandoned at the step reached.
func (m *Manager) Abandon(ctx context.Context, id string) (*Record, error) {
	return m.end(ctx, id, StatusAbandoned, EventAbandoned)
}

func (m *Manager) end(ctx context.Context, id string, status Status, kind EventKind) (*Record, error) {
	// Ending needs no answers: a session whose key is gone ends too.
	return m.transition(ctx, id, string(kind), false, func(r *Record, now time.Time) (Event, error) {
		m.wipe(r, status, now)
		return Event{Kind: kind, StepID: r.Step}, nil
	})
}

// wipe ends r: erases everything personal and schedules the deletion of
// what is left. put then stores it without Sealed and destroys the key once
// that is committed.
func (m *Manager) wipe(r *Record, status Status, now time.Time) {
	r.Status = status
	r.Ended = now
	r.Payload = nil
	r.HandOff = nil
	r.Sealed = nil
	r.Expires = now.Add(m.opts.Retention)
}

// transition changes a live session with fn in one transaction. Without
// answers, the record is not unsealed (fn must then erase them).
func (m *Manager) transition(ctx context.Context, id, what string, answers bool, fn func(r *Record, now time.Time) (Event, error)) (*Record, error) {
	key, err := parseID(id)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNotFound, err)
	}
	now := m.now()
	var out *Record
	err = m.update(ctx, func(tx *bolt.Tx) error {
		load := m.loadLive
		if !answers {
			load = loadLiveSealed
		}
		r, err := load(tx, key, now)
		if err != nil {
			return err
		}
		old := r.Clone()
		e, err := fn(r, now)
		if err != nil {
			return err
		}
		if err := m.put(tx, key, old, r, []Event{e}); err != nil {
			return err
		}
		out = r.Clone()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s session %s: %w", what, id, err)
	}
	return out, nil
}

// Resumable lists the active sessions touched within window before now
// (window <= 0: DefaultResumeWindow), most recent first, with their
// payloads. Handed-off sessions are not offered: they went to the phone.
// The caller picks by Door.
func (m *Manager) Resumable(ctx context.Context, now time.Time, window time.Duration) ([]*Record, error) {
	if window <= 0 {
		window = DefaultResumeWindow
	}
	now = now.UTC()
	since := now.Add(-window)
	var out []*Record
	err := m.db.View(func(tx *bolt.Tx) error {
		idx := tx.Bucket([]byte(store.BucketSessionsByExpiry))
		c := idx.Cursor()
		// A live session's expiry is at least Touched+IdleExpiry.
		for k, _ := c.Seek(store.ExpiryPrefix(since.Add(m.opts.IdleExpiry))); k != nil; k, _ = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			_, id, err := store.ParseExpiryKey(k)
			if err != nil {
				return err
			}
			r, err := m.load(tx, id)
			if errors.Is(err, ErrNotFound) || errors.Is(err, errKeyGone) {
				continue
			}
			if err != nil {
				return err
			}
			if r.Status == StatusActive && !r.Touched.Before(since) && !r.Touched.After(now) && now.Before(r.Expires) {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing resumable sessions: %w", err)
	}
	slices.SortFunc(out, func(a, b *Record) int { return b.Touched.Compare(a.Touched) })
	return out, nil
}

// update runs fn in one writable transaction and classifies the errors of
// a full or read-only disk.
func (m *Manager) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return store.WriteErr(m.db.Update(fn))
}

// put seals r's answers and stores it under key, moves its expiry-index
// entry from old's (nil for a new record) and hands events to the sink, all
// in tx. When r ends a live session, its key is destroyed once tx commits.
func (m *Manager) put(tx *bolt.Tx, key []byte, old, r *Record, events []Event) error {
	if err := m.sealFor(r, key); err != nil {
		return err
	}
	v, err := encodeRecord(r)
	if err != nil {
		return err
	}
	if old != nil && old.Status.Live() && !r.Status.Live() {
		m.destroyAfterCommit(tx, key)
	}
	idx := tx.Bucket([]byte(store.BucketSessionsByExpiry))
	if old != nil && !old.Expires.Equal(r.Expires) {
		if err := idx.Delete(store.ExpiryKey(old.Expires, key)); err != nil {
			return err
		}
	}
	if err := idx.Put(store.ExpiryKey(r.Expires, key), nil); err != nil {
		return err
	}
	if err := tx.Bucket([]byte(store.BucketSessions)).Put(key, v); err != nil {
		return err
	}
	for _, e := range events {
		e.PackID, e.PackVersion, e.Door = r.PackID, r.PackVersion, r.Door
		e.At = r.Touched
		if !r.Ended.IsZero() {
			e.At = r.Ended
		}
		if err := m.opts.Sink.Record(tx, e); err != nil {
			return fmt.Errorf("recording the %s event: %w", e.Kind, err)
		}
	}
	return nil
}

// load reads a record and unseals a live one's answers (errKeyGone when
// its key is gone).
func (m *Manager) load(tx *bolt.Tx, key []byte) (*Record, error) {
	r, err := loadSealed(tx, key)
	if err != nil {
		return nil, err
	}
	if err := m.open(r, key); err != nil {
		return nil, err
	}
	return r, nil
}

// loadSealed reads a record as stored: a live one's answers stay sealed.
func loadSealed(tx *bolt.Tx, key []byte) (*Record, error) {
	v := tx.Bucket([]byte(store.BucketSessions)).Get(key)
	if v == nil {
		return nil, ErrNotFound
	}
	r, err := DecodeRecord(v)
	if err != nil {
		return nil, err
	}
	if r.ID != hex.EncodeToString(key) {
		return nil, fmt.Errorf("session record under key %x has id %s", key, r.ID)
	}
	return r, nil
}

func (m *Manager) loadLive(tx *bolt.Tx, key []byte, now time.Time) (*Record, error) {
	r, err := loadLiveSealed(tx, key, now)
	if err != nil {
		return nil, err
	}
	if err := m.open(r, key); err != nil {
		return nil, err
	}
	return r, nil
}

func loadLiveSealed(tx *bolt.Tx, key []byte, now time.Time) (*Record, error) {
	r, err := loadSealed(tx, key)
	if err != nil {
		return nil, err
	}
	if !r.Status.Live() {
		return nil, fmt.Errorf("%w (it is %s)", ErrEnded, r.Status)
	}
	if !now.Before(r.Expires) {
		return nil, fmt.Errorf("%w (it expired at %s)", ErrEnded, r.Expires.Format(time.RFC3339))
	}
	return r, nil
}
