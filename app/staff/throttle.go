package staff

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The PIN throttling policy: FreeAttempts wrong PINs in a row cost nothing;
// from then on each wrong PIN makes the pad wait longer (2 s, 4 s, … 14 s);
// LockAfter wrong PINs in a row lock the pad. The first lock lasts LockFor;
// each further lock in a row lasts twice the one before, up to MaxLock
// (15 min, 30 min, 1 h, … 24 h). When a lock ends the count of wrong PINs
// starts again from zero, but the lock remembers: it only shrinks back to
// LockFor after a right PIN, or after a day without a lock (LockMemory).
// The lock is what stops guessing (at most 10 guesses per quarter hour at
// first, fewer and fewer after; a PIN of at least MinPINDigits digits
// holds for years); the short waits only slow a burst and stay bearable for
// a staff member who mistyped.
const (
	FreeAttempts = 3
	LockAfter    = 10
	LockFor      = 15 * time.Minute
	MaxLock      = 24 * time.Hour
	LockMemory   = 24 * time.Hour
	delayStep    = 2 * time.Second
)

// ErrNoPIN: kiosk.yaml has no staff.pin_hash, so staff mode cannot open.
var ErrNoPIN = errors.New("no staff PIN is configured (staff.pin_hash in kiosk.yaml)")

// DelayAfter is how long the PIN pad waits after failures wrong PINs in a
// row (0 for the first FreeAttempts-1).
func DelayAfter(failures int) time.Duration {
	if failures < FreeAttempts {
		return 0
	}
	return time.Duration(failures-FreeAttempts+1) * delayStep
}

// LockLength is how long the n-th lock in a row lasts (n from 1).
func LockLength(n int) time.Duration {
	d := LockFor
	for i := 1; i < n && d < MaxLock; i++ {
		d *= 2
	}
	return min(d, MaxLock)
}

// throttleState is one client's stored counter (key "throttle" for the
// kiosk door in staff_pin, "throttle/<client>" for any other).
type throttleState struct {
	Failures    int       `json:"failures"`
	LastFailure time.Time `json:"last_failure,omitzero"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	// Locks is how many locks in a row this client has had (a right PIN
	// clears it); LastLockEnd is when the latest one ended.
	Locks       int       `json:"locks,omitempty"`
	LastLockEnd time.Time `json:"last_lock_end,omitzero"`
	// Hash names the PIN hash the counter is for (hashID). A new
	// staff.pin_hash starts a fresh counter: whoever can change kiosk.yaml
	// owns the kiosk anyway, and it is how IT ends a long lock.
	Hash string `json:"hash,omitempty"`
}

// hashID is a short name for a PIN hash (not secret: a digest of a digest).
func hashID(pinHash string) string {
	sum := sha256.Sum256([]byte(pinHash))
	return hex.EncodeToString(sum[:8])
}

func throttleKey(client string) []byte {
	if client == "" || client == KioskClient {
		return []byte("throttle")
	}
	return []byte("throttle/" + client)
}

// KioskClient is the throttle key of the kiosk door: the one screen staff
// use. Requests reach the PIN check only after the door's provenance checks
// (app/api/provenance.go), so a page from another site cannot spend it.
const KioskClient = "kiosk"

// Attempt is the outcome of one Login.
type Attempt struct {
	OK      bool      // the PIN was right; Token is set
	Token   string    // the staff session token (for the cookie)
	Expires time.Time // when the session ends unless used
	// Wait > 0: the pad refuses PINs for this long (throttled, or locked
	// when Locked). The PIN was not checked.
	Wait   time.Duration
	Locked bool
	// Refused: the pad was waiting or locked, so the PIN was not checked
	// and the attempt did not count.
	Refused bool
	// Failures is the count of wrong PINs in a row after this attempt;
	// Remaining is how many more wrong PINs lock the pad.
	Failures  int
	Remaining int
}

// Login checks pin against pinHash (kiosk.yaml's staff.pin_hash in the
// current configuration) under the throttling policy of client (the door
// and, where it has several, the client the attempt came from; KioskClient
// for the kiosk door). The attempt is counted as a failure in the database
// before the slow hash check and cleared when the PIN is right, so killing
// the kiosk mid-check does not get a guess for free. A throttled or locked
// attempt does not look at the PIN and does not count.
func (s *Service) Login(ctx context.Context, client, pinHash, pin string) (Attempt, error) {
	if pinHash == "" {
		return Attempt{}, ErrNoPIN
	}
	h, err := ParseHash(pinHash)
	if err != nil {
		return Attempt{}, fmt.Errorf("staff: the configured PIN hash: %w", err)
	}
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	now := s.opts.Now()
	key, id := throttleKey(client), hashID(pinHash)
	st, err := s.loadThrottle(key, id)
	if err != nil {
		return Attempt{}, err
	}
	if !st.LockedUntil.IsZero() {
		if now.Before(st.LockedUntil) {
			return Attempt{Wait: st.LockedUntil.Sub(now), Locked: true, Refused: true, Failures: st.Failures}, nil
		}
		st = throttleState{Locks: st.Locks, LastLockEnd: st.LockedUntil} // the lock is over: start again
	}
	if next := st.LastFailure.Add(DelayAfter(st.Failures)); st.Failures >= FreeAttempts && now.Before(next) {
		return Attempt{Wait: next.Sub(now), Refused: true, Failures: st.Failures, Remaining: LockAfter - st.Failures}, nil
	}
	failed := st
	failed.Hash = id
	if failed.Locks > 0 && now.Sub(failed.LastLockEnd) > LockMemory {
		failed.Locks = 0 // a day without a lock: forgiven
	}
	failed.Failures++
	failed.LastFailure = now
	var lockFor time.Duration
	if failed.Failures >= LockAfter {
		failed.Locks++
		lockFor = LockLength(failed.Locks)
		failed.LockedUntil = now.Add(lockFor)
	}
	if err := s.saveThrottle(key, failed); err != nil {
		return Attempt{}, err
	}
	if CheckPIN(pin) == nil && h.Verify(pin) {
		if err := s.saveThrottle(key, throttleState{Hash: id}); err != nil {
			return Attempt{}, err
		}
		tok, exp, err := s.newSession(now)
		if err != nil {
			return Attempt{}, err
		}
		s.log.InfoContext(ctx, "staff: PIN accepted, staff session opened")
		return Attempt{OK: true, Token: tok, Expires: exp}, nil
	}
	a := Attempt{Failures: failed.Failures, Remaining: max(LockAfter-failed.Failures, 0), Wait: DelayAfter(failed.Failures)}
	if !failed.LockedUntil.IsZero() {
		a.Locked, a.Wait = true, lockFor
		s.log.WarnContext(ctx, "staff: wrong PIN, pad locked", "client", client, "failures", failed.Failures,
			"locks_in_a_row", failed.Locks, "minutes", int(lockFor.Minutes()))
	} else {
		s.log.WarnContext(ctx, "staff: wrong PIN", "client", client, "failures", failed.Failures)
	}
	return a, nil
}

// PINState reports the current throttling without trying a PIN (for the
// PIN pad to show a lock that is already running).
func (s *Service) PINState(client, pinHash string) (Attempt, error) {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	now := s.opts.Now()
	st, err := s.loadThrottle(throttleKey(client), hashID(pinHash))
	if err != nil {
		return Attempt{}, err
	}
	if !st.LockedUntil.IsZero() {
		if now.Before(st.LockedUntil) {
			return Attempt{Wait: st.LockedUntil.Sub(now), Locked: true, Failures: st.Failures}, nil
		}
		return Attempt{Remaining: LockAfter}, nil
	}
	a := Attempt{Failures: st.Failures, Remaining: LockAfter - st.Failures}
	if next := st.LastFailure.Add(DelayAfter(st.Failures)); st.Failures >= FreeAttempts && now.Before(next) {
		a.Wait = next.Sub(now)
	}
	return a, nil
}

// loadThrottle reads the counter at key for the PIN hash named id; a
// counter kept for another hash is a fresh start.
func (s *Service) loadThrottle(key []byte, id string) (throttleState, error) {
	var st throttleState
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPIN).Get(key)
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, &st); err != nil {
			// A damaged counter must not unlock the pad: treat it as locked now.
			st = throttleState{Failures: LockAfter, LockedUntil: s.opts.Now().Add(LockFor)}
			s.log.Error("staff: PIN throttle record is damaged; locking the pad", "err", err)
		} else if st.Hash != "" && st.Hash != id {
			st = throttleState{} // staff.pin_hash was replaced: a fresh start
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("staff: reading the PIN throttle: %w", err)
	}
	return st, nil
}

func (s *Service) saveThrottle(key []byte, st throttleState) error {
	v, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("staff: encoding the PIN throttle: %w", err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketPIN).Put(key, v) }); err != nil {
		return fmt.Errorf("staff: saving the PIN throttle: %w", err)
	}
	return nil
}
