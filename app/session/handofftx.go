package session

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// HandOffTx is HandOff inside the caller's writable transaction, so that a
// package keeping its own buckets in step with the session (the hand-off
// package: spending the one-time code, binding the phone) commits together
// with the status change, or not at all. The caller commits tx; nothing is
// on disk before that. Errors: ErrNotFound, ErrEnded (also for a session
// already handed off), or the store's.
func (m *Manager) HandOffTx(tx *bolt.Tx, id string, h HandOff) (*Record, error) {
	key, err := parseID(id)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNotFound, err)
	}
	now := m.now()
	r, err := m.loadLive(tx, key, now)
	if err != nil {
		return nil, fmt.Errorf("handing off session %s: %w", id, err)
	}
	if r.Status != StatusActive {
		return nil, fmt.Errorf("handing off session %s: %w (it is %s)", id, ErrEnded, r.Status)
	}
	old := r.Clone()
	r.Status = StatusHandedOff
	r.HandOff = &h
	r.Touched = now
	r.Expires = m.liveUntil(r, now)
	if err := m.put(tx, key, old, r, []Event{{Kind: EventHandedOff, StepID: r.Step}}); err != nil {
		return nil, fmt.Errorf("handing off session %s: %w", id, err)
	}
	return r.Clone(), nil
}

// LiveTx reports whether session id exists and is live (active or handed
// off, not past its expiry) as of now, reading in the caller's transaction.
func (m *Manager) LiveTx(tx *bolt.Tx, id string, now time.Time) bool {
	key, err := parseID(id)
	if err != nil {
		return false
	}
	_, err = m.loadLive(tx, key, now.UTC())
	return err == nil
}
