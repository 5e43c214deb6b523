package staff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The PIN throttling policy: FreeAttempts wrong PINs in a row cost nothing;
// from then on each wrong PIN makes the pad wait longer (2 s, 4 s, … 14 s);
// LockAfter wrong PINs in a row lock the pad for LockFor. When a lock ends
// the count starts again from zero; a right PIN resets it too. The lock is
// what stops guessing (10 guesses per quarter hour, so a 6-digit PIN holds
// for years); the short waits only slow a burst and stay bearable for a
// staff member who mistyped.
const (
	FreeAttempts = 3
	LockAfter    = 10
	LockFor      = 15 * time.Minute
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

// throttleState is the stored counter (key "throttle" in staff_pin).
type throttleState struct {
	Failures    int       `json:"failures"`
	LastFailure time.Time `json:"last_failure,omitzero"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

var keyThrottle = []byte("throttle")

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
// current configuration) under the throttling policy. The attempt is
// counted as a failure in the database before the slow hash check and
// cleared when the PIN is right, so killing the kiosk mid-check does not
// get a guess for free. A throttled or locked attempt does not look at the
// PIN and does not count.
func (s *Service) Login(ctx context.Context, pinHash, pin string) (Attempt, error) {
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
	st, err := s.loadThrottle()
	if err != nil {
		return Attempt{}, err
	}
	if !st.LockedUntil.IsZero() {
		if now.Before(st.LockedUntil) {
			return Attempt{Wait: st.LockedUntil.Sub(now), Locked: true, Refused: true, Failures: st.Failures}, nil
		}
		st = throttleState{} // the lock is over: start again
	}
	if next := st.LastFailure.Add(DelayAfter(st.Failures)); st.Failures >= FreeAttempts && now.Before(next) {
		return Attempt{Wait: next.Sub(now), Refused: true, Failures: st.Failures, Remaining: LockAfter - st.Failures}, nil
	}
	failed := st
	failed.Failures++
	failed.LastFailure = now
	if failed.Failures >= LockAfter {
		failed.LockedUntil = now.Add(LockFor)
	}
	if err := s.saveThrottle(failed); err != nil {
		return Attempt{}, err
	}
	if CheckPIN(pin) == nil && h.Verify(pin) {
		if err := s.saveThrottle(throttleState{}); err != nil {
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
		a.Locked, a.Wait = true, LockFor
		s.log.WarnContext(ctx, "staff: wrong PIN, pad locked", "failures", failed.Failures, "minutes", int(LockFor.Minutes()))
	} else {
		s.log.WarnContext(ctx, "staff: wrong PIN", "failures", failed.Failures)
	}
	return a, nil
}

// PINState reports the current throttling without trying a PIN (for the
// PIN pad to show a lock that is already running).
func (s *Service) PINState() (Attempt, error) {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	now := s.opts.Now()
	st, err := s.loadThrottle()
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

func (s *Service) loadThrottle() (throttleState, error) {
	var st throttleState
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPIN).Get(keyThrottle)
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, &st); err != nil {
			// A damaged counter must not unlock the pad: treat it as locked now.
			st = throttleState{Failures: LockAfter, LockedUntil: s.opts.Now().Add(LockFor)}
			s.log.Error("staff: PIN throttle record is damaged; locking the pad", "err", err)
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("staff: reading the PIN throttle: %w", err)
	}
	return st, nil
}

func (s *Service) saveThrottle(st throttleState) error {
	v, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("staff: encoding the PIN throttle: %w", err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketPIN).Put(keyThrottle, v) }); err != nil {
		return fmt.Errorf("staff: saving the PIN throttle: %w", err)
	}
	return nil
}
