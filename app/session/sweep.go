package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/store"
)

// Clock is the Manager's time source and the sweeper's ticker; tests give a
// fake one.
type Clock interface {
	Now() time.Time
	// Tick delivers a time every d until stop is called.
	Tick(d time.Duration) (c <-chan time.Time, stop func())
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// Tick is a time.Ticker.
func (SystemClock) Tick(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// SweepResult counts what one sweep did.
type SweepResult struct {
	Expired int // live sessions past their expiry: answers erased, EventExpired
	Deleted int // ended sessions past their retention: record deleted
}

const sweepBatch = 256

// Sweep expires every live session whose expiry has passed (erasing its
// answers, in the transaction that changes its status, and destroying its
// key after that commit) and deletes the anonymous records of ended
// sessions past their retention. It works in transactions of at most
// sweepBatch sessions. Last, it destroys any key left to a session that is
// no longer live.
func (m *Manager) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	defer func() {
		// Then the keys an end left behind (a crash before its key was
		// destroyed, a failed destruction).
		if err := m.destroyOrphanKeys(ctx); err != nil && ctx.Err() == nil {
			m.log.Error("destroying the keys of ended sessions", "err", err)
		}
	}()
	for {
		now := m.now()
		var n int
		err := m.update(ctx, func(tx *bolt.Tx) error {
			n = 0
			idx := tx.Bucket([]byte(store.BucketSessionsByExpiry))
			var due [][]byte
			c := idx.Cursor()
			limit := store.ExpiryPrefix(now)
			for k, _ := c.First(); k != nil && len(due) < sweepBatch; k, _ = c.Next() {
				if string(k[:min(8, len(k))]) > string(limit) {
					break
				}
				due = append(due, append([]byte(nil), k...))
			}
			for _, k := range due {
				if err := m.sweepOne(tx, k, now, &res); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("sweeping sessions: %w", err)
		}
		if n < sweepBatch {
			return res, nil
		}
	}
}

func (m *Manager) sweepOne(tx *bolt.Tx, k []byte, now time.Time, res *SweepResult) error {
	idx := tx.Bucket([]byte(store.BucketSessionsByExpiry))
	sessions := tx.Bucket([]byte(store.BucketSessions))
	_, key, err := store.ParseExpiryKey(k)
	if err != nil {
		return idx.Delete(k) // not a key this package writes: drop it
	}
	// The sweeper needs no answers: a live record whose key is gone
	// expires like any other.
	r, err := loadSealed(tx, key)
	switch {
	case errors.Is(err, ErrNotFound):
		return idx.Delete(k)
	case err != nil:
		// An unreadable record cannot be kept safely (it may hold answers).
		m.log.Warn("deleting an unreadable session record", "err", err)
		if err := sessions.Delete(key); err != nil {
			return err
		}
		m.destroyAfterCommit(tx, key)
		return idx.Delete(k)
	case !store.ExpiryKeyMatches(k, r.Expires):
		return idx.Delete(k) // a stale entry: the record moved on
	case r.Status.Live():
		old := r.Clone()
		m.wipe(r, StatusExpired, now)
		res.Expired++
		return m.put(tx, key, old, r, []Event{{Kind: EventExpired, StepID: r.Step}})
	default:
		res.Deleted++
		if err := sessions.Delete(key); err != nil {
			return err
		}
		return idx.Delete(k)
	}
}

// Run sweeps now and then every SweepEvery until ctx ends. Errors are
// logged (a full disk must not stop the kiosk) and the next tick retries.
func (m *Manager) Run(ctx context.Context) {
	tick, stop := m.opts.Clock.Tick(m.opts.SweepEvery)
	defer stop()
	for {
		res, err := m.Sweep(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			m.log.Error("session sweep failed", "err", err)
		case res.Expired+res.Deleted > 0:
			m.log.Info("session sweep", "expired", res.Expired, "deleted", res.Deleted)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}
