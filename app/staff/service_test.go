package staff

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fakeClock is a settable clock for the throttling and expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type rig struct {
	path  string
	db    *bolt.DB
	s     *Service
	clock *fakeClock
	hash  string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	h, err := HashPINWith("246810", fast, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{path: filepath.Join(t.TempDir(), "t.db"), clock: &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}, hash: h}
	r.open(t)
	t.Cleanup(func() { r.db.Close() })
	return r
}

func (r *rig) open(t *testing.T) {
	t.Helper()
	db, err := bolt.Open(r.path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(db, Options{Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	r.db, r.s = db, s
}

// restart closes the database and opens it again, as a kiosk restart does.
func (r *rig) restart(t *testing.T) {
	t.Helper()
	if err := r.db.Close(); err != nil {
		t.Fatal(err)
	}
	r.open(t)
}

func (r *rig) try(t *testing.T, pin string) Attempt {
	t.Helper()
	a, err := r.s.Login(context.Background(), KioskClient, r.hash, pin)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDelayAfter(t *testing.T) {
	for n, want := range map[int]time.Duration{0: 0, 1: 0, 2: 0, 3: 2 * time.Second, 4: 4 * time.Second, 5: 6 * time.Second,
		9: 14 * time.Second, 10: 16 * time.Second} {
		if got := DelayAfter(n); got != want {
			t.Errorf("DelayAfter(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestLoginRightPIN(t *testing.T) {
	r := newRig(t)
	a := r.try(t, "246810")
	if !a.OK || a.Token == "" || !a.Expires.Equal(r.clock.Now().Add(DefaultSessionTTL)) {
		t.Fatalf("right PIN: %+v", a)
	}
	if _, ok := r.s.Session(a.Token); !ok {
		t.Fatal("the new token is not a session")
	}
	if _, ok := r.s.Session(a.Token + "x"); ok {
		t.Fatal("a different token is a session")
	}
}

func TestThrottleGrowsThenLocks(t *testing.T) {
	r := newRig(t)
	// Three free wrong PINs.
	for i := 1; i <= FreeAttempts; i++ {
		a := r.try(t, "000000")
		if a.OK || a.Failures != i || a.Remaining != LockAfter-i {
			t.Fatalf("wrong PIN %d: %+v", i, a)
		}
	}
	// Now the pad waits 2 s: an attempt before that is refused unchecked,
	// even with the right PIN, and does not count.
	a := r.try(t, "246810")
	if a.OK || !a.Refused || a.Wait != 2*time.Second || a.Failures != 3 {
		t.Fatalf("throttled attempt: %+v", a)
	}
	r.clock.Add(time.Second)
	if a := r.try(t, "246810"); a.OK || a.Wait != time.Second {
		t.Fatalf("throttled attempt after 1 s: %+v", a)
	}
	// Waiting out each growing delay, wrong PINs up to the lockout.
	for i := FreeAttempts + 1; i <= LockAfter; i++ {
		r.clock.Add(DelayAfter(i - 1))
		a := r.try(t, "111111")
		if a.OK || a.Refused || a.Failures != i {
			t.Fatalf("wrong PIN %d: %+v", i, a)
		}
		if i < LockAfter && (a.Locked || a.Wait != DelayAfter(i)) {
			t.Fatalf("wrong PIN %d: want a wait of %v, got %+v", i, DelayAfter(i), a)
		}
		if i == LockAfter && (!a.Locked || a.Wait != LockFor || a.Remaining != 0) {
			t.Fatalf("wrong PIN %d: want the lock, got %+v", i, a)
		}
	}
	// Locked: even the right PIN is refused for 15 minutes.
	r.clock.Add(LockFor - time.Second)
	if a := r.try(t, "246810"); a.OK || !a.Locked || !a.Refused || a.Wait != time.Second {
		t.Fatalf("during the lock: %+v", a)
	}
	r.clock.Add(time.Second)
	if a := r.try(t, "246810"); !a.OK {
		t.Fatalf("after the lock: %+v", a)
	}
	// A right PIN resets the count.
	if a := r.try(t, "000000"); a.Failures != 1 {
		t.Fatalf("after a right PIN the count restarts: %+v", a)
	}
}

// lockOut makes LockAfter wrong PINs, waiting out each delay, and returns
// the last attempt (the lock).
func (r *rig) lockOut(t *testing.T, client string) Attempt {
	t.Helper()
	var a Attempt
	for i := 1; i <= LockAfter; i++ {
		r.clock.Add(DelayAfter(i - 1))
		var err error
		if a, err = r.s.Login(context.Background(), client, r.hash, "999999"); err != nil || a.Refused {
			t.Fatalf("wrong PIN %d: %+v %v", i, a, err)
		}
	}
	if !a.Locked {
		t.Fatalf("no lock after %d wrong PINs: %+v", LockAfter, a)
	}
	return a
}

func TestLockLength(t *testing.T) {
	for n, want := range map[int]time.Duration{1: 15 * time.Minute, 2: 30 * time.Minute, 3: time.Hour, 4: 2 * time.Hour,
		7: 16 * time.Hour, 8: 24 * time.Hour, 50: 24 * time.Hour} {
		if got := LockLength(n); got != want {
			t.Errorf("LockLength(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestLockGrows: each lock in a row lasts twice the one before, up to
// MaxLock; a right PIN, or a day without a lock, brings it back to LockFor.
func TestLockGrows(t *testing.T) {
	r := newRig(t)
	for n := 1; n <= 9; n++ {
		a := r.lockOut(t, KioskClient)
		if a.Wait != LockLength(n) {
			t.Fatalf("lock %d lasts %v, want %v", n, a.Wait, LockLength(n))
		}
		r.clock.Add(a.Wait - time.Second)
		if a := r.try(t, "246810"); a.OK || !a.Refused {
			t.Fatalf("lock %d ended early: %+v", n, a)
		}
		r.clock.Add(time.Second)
	}
	if a := r.lockOut(t, KioskClient); a.Wait != MaxLock {
		t.Fatalf("the lock must stop growing at %v: %v", MaxLock, a.Wait)
	}
	// Survives a restart.
	r.restart(t)
	if st, _ := r.s.PINState(KioskClient, r.hash); st.Wait != MaxLock {
		t.Fatalf("after a restart: %+v", st)
	}
	r.clock.Add(MaxLock)
	if a := r.try(t, "246810"); !a.OK {
		t.Fatalf("right PIN after the lock: %+v", a)
	}
	if a := r.lockOut(t, KioskClient); a.Wait != LockFor {
		t.Fatalf("after a right PIN the lock starts again at %v: %v", LockFor, a.Wait)
	}
	r.clock.Add(LockFor)
	r.lockOut(t, KioskClient) // 30 min
	r.clock.Add(30*time.Minute + LockMemory + time.Second)
	if a := r.lockOut(t, KioskClient); a.Wait != LockFor {
		t.Fatalf("a day without a lock forgives: %v", a.Wait)
	}
}

// TestNewPINHashEndsTheLock: IT replacing staff.pin_hash (hash-pin) ends a
// lock and its growth; the old hash's counter does not carry over.
func TestNewPINHashEndsTheLock(t *testing.T) {
	r := newRig(t)
	r.lockOut(t, KioskClient)
	fresh, err := HashPINWith("135790", fast, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := r.s.PINState(KioskClient, fresh); st.Locked || st.Remaining != LockAfter {
		t.Fatalf("with a new hash: %+v", st)
	}
	if a, _ := r.s.Login(context.Background(), KioskClient, fresh, "135790"); !a.OK {
		t.Fatalf("the new PIN must work at once: %+v", a)
	}
	// Back to the old hash: its counter was replaced by the new one's too.
	if st, _ := r.s.PINState(KioskClient, r.hash); st.Locked {
		t.Fatalf("the old hash: %+v", st)
	}
}

// TestThrottlePerClient: a client's wrong PINs do not lock another's pad.
func TestThrottlePerClient(t *testing.T) {
	r := newRig(t)
	r.lockOut(t, "phone")
	if a := r.try(t, "246810"); !a.OK {
		t.Fatalf("the kiosk door's pad must not be locked by another client: %+v", a)
	}
	if a, _ := r.s.Login(context.Background(), "phone", r.hash, "246810"); a.OK || !a.Locked {
		t.Fatalf("the other client stays locked: %+v", a)
	}
}

func TestThrottleSurvivesRestart(t *testing.T) {
	r := newRig(t)
	for i := 1; i <= LockAfter; i++ {
		r.clock.Add(DelayAfter(i - 1))
		r.try(t, "999999")
	}
	r.restart(t)
	st, err := r.s.PINState(KioskClient, r.hash)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Locked || st.Wait != LockFor {
		t.Fatalf("after restart: %+v", st)
	}
	if a := r.try(t, "246810"); a.OK || !a.Locked {
		t.Fatalf("right PIN after restart while locked: %+v", a)
	}
}

func TestThrottleCountsBeforeChecking(t *testing.T) {
	// The attempt is stored as a failure before the hash check: a reader
	// of the database during the check sees it counted.
	r := newRig(t)
	r.try(t, "000000")
	st, err := r.s.loadThrottle(throttleKey(KioskClient), hashID(r.hash))
	if err != nil || st.Failures != 1 {
		t.Fatalf("after one wrong PIN: %+v %v", st, err)
	}
	r.try(t, "246810")
	if st, _ := r.s.loadThrottle(throttleKey(KioskClient), hashID(r.hash)); st.Failures != 0 || !st.LockedUntil.IsZero() {
		t.Fatalf("after the right PIN: %+v", st)
	}
}

func TestThrottleDamagedRecordLocks(t *testing.T) {
	r := newRig(t)
	if err := r.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketPIN).Put(throttleKey(KioskClient), []byte("{garbage")) }); err != nil {
		t.Fatal(err)
	}
	if a := r.try(t, "246810"); a.OK || !a.Locked {
		t.Fatalf("damaged counter must lock: %+v", a)
	}
}

func TestLoginErrors(t *testing.T) {
	r := newRig(t)
	if _, err := r.s.Login(context.Background(), KioskClient, "", "123456"); !errors.Is(err, ErrNoPIN) {
		t.Errorf("no hash: %v", err)
	}
	if _, err := r.s.Login(context.Background(), KioskClient, "$argon2id$junk", "123456"); !errors.Is(err, ErrMalformedHash) {
		t.Errorf("bad hash: %v", err)
	}
	// Not digits, or too short: counted as wrong without hashing.
	if a := r.try(t, "abcdef"); a.OK || a.Failures != 1 {
		t.Errorf("letters: %+v", a)
	}
	if a := r.try(t, "2468"); a.OK || a.Failures != 2 {
		t.Errorf("4 digits: %+v", a)
	}
}

func TestSessionExpiryAndLogout(t *testing.T) {
	r := newRig(t)
	a := r.try(t, "246810")
	r.clock.Add(DefaultSessionTTL - time.Second)
	if _, ok := r.s.Session(a.Token); !ok {
		t.Fatal("session ended early")
	}
	// Use extends it.
	r.clock.Add(DefaultSessionTTL - time.Second)
	if _, ok := r.s.Session(a.Token); !ok {
		t.Fatal("use did not extend the session")
	}
	r.clock.Add(DefaultSessionTTL)
	if _, ok := r.s.Session(a.Token); ok {
		t.Fatal("session outlived its TTL")
	}
	b := r.try(t, "246810")
	r.s.Logout(b.Token)
	if _, ok := r.s.Session(b.Token); ok {
		t.Fatal("session survived logout")
	}
	if _, ok := r.s.Session(""); ok {
		t.Fatal("empty token is a session")
	}
}

func TestSessionsBounded(t *testing.T) {
	r := newRig(t)
	var toks []string
	for range maxSessions + 2 {
		r.clock.Add(time.Second)
		toks = append(toks, r.try(t, "246810").Token)
	}
	if len(r.s.sessions) != maxSessions {
		t.Fatalf("%d sessions kept, want %d", len(r.s.sessions), maxSessions)
	}
	if _, ok := r.s.Session(toks[0]); ok {
		t.Error("the oldest session should have been dropped")
	}
	if _, ok := r.s.Session(toks[len(toks)-1]); !ok {
		t.Error("the newest session was dropped")
	}
}

func TestSessionTokenSourceFails(t *testing.T) {
	r := newRig(t)
	s, err := Open(r.db, Options{Now: r.clock.Now, Random: bytes.NewReader(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(context.Background(), KioskClient, r.hash, "246810"); err == nil {
		t.Fatal("want an error when no random token can be made")
	}
}
