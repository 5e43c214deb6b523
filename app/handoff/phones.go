package handoff

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketPhones maps sha256(phone cookie) → phoneRecord.
var bucketPhones = []byte("handoff_phones")

// ErrBusy: as many phones as the kiosk allows are practising already.
var ErrBusy = errors.New("handoff: too many phones are practising right now")

// ErrRateLimited: this address tried too many codes too quickly.
var ErrRateLimited = errors.New("handoff: too many codes tried from this address")

type phoneRecord struct {
	Session string    `json:"s"`
	Bound   time.Time `json:"b"`
}

// Alive tells whether a session is still live, reading in tx (the session
// package's Manager.LiveTx).
type Alive func(tx *bolt.Tx, sessionID string, now time.Time) bool

// Phones binds phones to sessions and caps how many phones practise at once.
//
// A phone proves which session it holds with a cookie: 128 random bits, of
// which only the SHA-256 is stored (like the hand-off codes), so a copy of
// the database does not let anyone take a phone's place. The cap counts
// sessions bound to a phone that are still live; the count is kept in memory
// (rebuilt from the bucket at start) and re-checked against the sessions
// only when it reaches the cap, so admitting a phone costs no scan.
type Phones struct {
	db    *bolt.DB
	alive Alive

	mu      sync.Mutex
	bound   map[string]struct{} // sessions bound to a phone (some may have ended since)
	pending int                 // places reserved, not yet bound
}

// NewPhones creates its bucket and counts the phones already bound to live
// sessions (after a restart, phones carry on).
func NewPhones(db *bolt.DB, alive Alive, now time.Time) (*Phones, error) {
	p := &Phones{db: db, alive: alive, bound: map[string]struct{}{}}
	err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketPhones)
		if err != nil {
			return fmt.Errorf("creating bucket %s: %w", bucketPhones, err)
		}
		return b.ForEach(func(_, v []byte) error {
			var rec phoneRecord
			if json.Unmarshal(v, &rec) == nil && alive(tx, rec.Session, now) {
				p.bound[rec.Session] = struct{}{}
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("handoff: opening the phone bindings: %w", err)
	}
	return p, nil
}

// Slot is a place reserved for one phone. Bind it inside the transaction
// that creates or moves the session, then Commit after that transaction
// commits; Release gives the place back when anything failed (it does
// nothing after Commit).
type Slot struct {
	p    *Phones
	done bool
}

// Reserve holds a place for one more phone, or returns ErrBusy when max
// phones are practising (max ≤ 0: no limit).
func (p *Phones) Reserve(max int, now time.Time) (*Slot, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if max > 0 && len(p.bound)+p.pending >= max {
		p.pruneLocked(now)
		if len(p.bound)+p.pending >= max {
			return nil, ErrBusy
		}
	}
	p.pending++
	return &Slot{p: p}, nil
}

// pruneLocked forgets bound sessions that have ended.
func (p *Phones) pruneLocked(now time.Time) {
	_ = p.db.View(func(tx *bolt.Tx) error {
		for id := range p.bound {
			if !p.alive(tx, id, now) {
				delete(p.bound, id)
			}
		}
		return nil
	})
}

// BindTx stores a new phone cookie for sessionID in tx and returns it (the
// only time the cookie exists in clear).
func (s *Slot) BindTx(tx *bolt.Tx, sessionID string, now time.Time) (string, error) {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("handoff: reading randomness: %w", err)
	}
	cookie := base64.RawURLEncoding.EncodeToString(raw[:])
	v, err := json.Marshal(phoneRecord{Session: sessionID, Bound: now})
	if err != nil {
		return "", err
	}
	b := tx.Bucket(bucketPhones)
	if b == nil {
		return "", errors.New("handoff: the phone bindings bucket is missing")
	}
	if err := b.Put(hashToken(cookie), v); err != nil {
		return "", fmt.Errorf("handoff: binding a phone: %w", err)
	}
	return cookie, nil
}

// Commit counts sessionID as a phone's, once its transaction committed.
func (s *Slot) Commit(sessionID string) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.done {
		return
	}
	s.done = true
	s.p.pending--
	s.p.bound[sessionID] = struct{}{}
}

// Release gives the place back (after a failure); it does nothing after Commit.
func (s *Slot) Release() {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.done {
		return
	}
	s.done = true
	s.p.pending--
}

// bindingKeep is how long a binding outlives its session (at least): the
// phone still reaches the summary of the practice it just finished.
const bindingKeep = time.Hour

// Session returns the session a phone cookie is bound to (live, or ended
// recently: the practice store decides what is left of it).
func (p *Phones) Session(cookie string, now time.Time) (string, bool) {
	if !tokenRE.MatchString(cookie) {
		return "", false
	}
	var id string
	_ = p.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPhones)
		if b == nil {
			return nil
		}
		var rec phoneRecord
		v := b.Get(hashToken(cookie))
		if v != nil && json.Unmarshal(v, &rec) == nil {
			id = rec.Session
		}
		return nil
	})
	return id, id != ""
}

// Live is how many phones are practising (as last counted).
func (p *Phones) Live(now time.Time) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneLocked(now)
	return len(p.bound) + p.pending
}

// Sweep deletes the bindings of sessions that have ended, once they are at
// least bindingKeep old, and returns how many.
func (p *Phones) Sweep(now time.Time) (int, error) {
	n := 0
	err := p.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPhones).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var rec phoneRecord
			if json.Unmarshal(v, &rec) == nil && (now.Sub(rec.Bound) < bindingKeep || p.alive(tx, rec.Session, now)) {
				continue
			}
			if err := c.Delete(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("handoff: sweeping phone bindings: %w", err)
	}
	p.mu.Lock()
	p.pruneLocked(now)
	p.mu.Unlock()
	return n, nil
}
