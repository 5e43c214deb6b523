package handoff

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// liveSet is a fake session table: the sessions in it are live.
type liveSet struct {
	mu sync.Mutex
	m  map[string]bool
}

func (l *liveSet) alive(_ *bolt.Tx, id string, _ time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.m[id]
}

func (l *liveSet) set(id string, v bool) {
	l.mu.Lock()
	l.m[id] = v
	l.mu.Unlock()
}

func bindOne(t *testing.T, db *bolt.DB, p *Phones, max int, id string, now time.Time) (string, error) {
	t.Helper()
	slot, err := p.Reserve(max, now)
	if err != nil {
		return "", err
	}
	var cookie string
	err = db.Update(func(tx *bolt.Tx) error {
		cookie, err = slot.BindTx(tx, id, now)
		return err
	})
	if err != nil {
		slot.Release()
		return "", err
	}
	slot.Commit(id)
	slot.Release() // no-op after Commit
	return cookie, nil
}

func TestPhonesBindAndCap(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	live := &liveSet{m: map[string]bool{}}
	p, err := NewPhones(db, live.alive, now)
	if err != nil {
		t.Fatal(err)
	}
	live.set("a", true)
	live.set("b", true)
	ca, err := bindOne(t, db, p, 2, "a", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bindOne(t, db, p, 2, "b", now); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Reserve(2, now); !errors.Is(err, ErrBusy) {
		t.Fatalf("a third phone with a cap of 2: %v", err)
	}
	if id, ok := p.Session(ca, now); !ok || id != "a" {
		t.Fatalf("cookie a: %q %v", id, ok)
	}
	for _, bad := range []string{"", "x", ca + "A", "AAAAAAAAAAAAAAAAAAAAAA"} {
		if id, ok := p.Session(bad, now); ok {
			t.Errorf("cookie %q gave session %q", bad, id)
		}
	}
	// A reservation that fails gives its place back.
	live.set("b", false)
	slot, err := p.Reserve(2, now)
	if err != nil {
		t.Fatalf("b ended, so there is room: %v", err)
	}
	if _, err := p.Reserve(2, now); !errors.Is(err, ErrBusy) {
		t.Fatal("the pending place counts")
	}
	slot.Release()
	if got := p.Live(now); got != 1 {
		t.Fatalf("live after release: %d", got)
	}
	// The session behind a cookie ended: the cookie still names it (for its
	// summary) until the binding is swept, an hour after it was made.
	live.set("a", false)
	if id, ok := p.Session(ca, now); !ok || id != "a" {
		t.Fatal("an ended session's cookie names it until swept")
	}
	if n, err := p.Sweep(now.Add(59 * time.Minute)); err != nil || n != 0 {
		t.Fatalf("sweep too early: %d %v", n, err)
	}
	if n, err := p.Sweep(now.Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if _, ok := p.Session(ca, now); ok {
		t.Fatal("a swept cookie must not work")
	}
	// A restart counts live bindings again.
	live.set("c", true)
	if _, err := bindOne(t, db, p, 0, "c", now); err != nil {
		t.Fatal(err)
	}
	p2, err := NewPhones(db, live.alive, now)
	if err != nil || p2.Live(now) != 1 {
		t.Fatalf("reopened: %v %d", err, p2.Live(now))
	}
}

func TestPhonesCapUnderConcurrency(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	live := &liveSet{m: map[string]bool{}}
	p, _ := NewPhones(db, live.alive, now)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := string(rune('A' + i))
			live.set(id, true)
			if _, err := bindOne(t, db, p, 10, id, now); err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ok != 10 {
		t.Fatalf("%d phones admitted with a cap of 10", ok)
	}
}
