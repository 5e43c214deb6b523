package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/store"
)

// fakeClock is a settable clock whose ticks the test sends.
type fakeClock struct {
	mu   sync.Mutex
	now  time.Time
	tick chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), tick: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Tick(time.Duration) (<-chan time.Time, func()) { return c.tick, func() {} }

// eventLog is an EventSink that writes each event into its own bucket in
// the session's transaction, and remembers what committed.
type eventLog struct {
	fail error
}

func (l *eventLog) Record(tx *bolt.Tx, e Event) error {
	if l.fail != nil {
		return l.fail
	}
	b, err := tx.CreateBucketIfNotExists([]byte("test_events"))
	if err != nil {
		return err
	}
	n, _ := b.NextSequence()
	return b.Put(fmt.Appendf(nil, "%08d", n), fmt.Appendf(nil, "%s|%s|%d|%s|%s|%s|%s", e.Kind, e.PackID, e.PackVersion, e.Door, e.StepID, strings.Join(e.ErrorCodes, ","), e.At.Format(time.RFC3339)))
}

func committedEvents(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	db.Bolt().View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte("test_events")); b != nil {
			b.ForEach(func(_, v []byte) error { out = append(out, string(v)); return nil })
		}
		return nil
	})
	return out
}

func setup(t *testing.T) (*Manager, *store.DB, *fakeClock, *eventLog) {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock, sink := newFakeClock(), &eventLog{}
	return New(db, Options{Clock: clock, Sink: sink}), db, clock, sink
}

var persona = []byte(`{"answers":{"ho_ten":"NGUYỄN VĂN AN","cccd":"001089012345"}}`)

func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	m, db, clock, _ := setup(t)
	r, err := m.Start(ctx, Start{PackID: "khai-sinh", PackVersion: 3, Door: DoorKiosk, Step: "nguoi-yeu-cau", Payload: persona})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ID) != 32 || r.Status != StatusActive {
		t.Fatalf("started %+v", r)
	}
	clock.Advance(time.Minute)
	r, err = m.Update(ctx, r.ID, func(c *Change) error {
		c.StepFailed("nguoi-yeu-cau", "cccd.length", "cccd.length", "name.caps")
		c.HintUsed("nguoi-yeu-cau")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	r, err = m.Update(ctx, r.ID, func(c *Change) error {
		c.StepPassed("nguoi-yeu-cau")
		c.Record.Step = "tre-em"
		c.Record.Payload = append(persona, ' ')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != "tre-em" || string(got.Payload) != string(persona)+" " || got.Summary.StepsPassed != 1 ||
		got.Summary.Mistakes["nguoi-yeu-cau"] != 1 || got.Summary.Hints["nguoi-yeu-cau"] != 1 ||
		!got.Touched.Equal(clock.Now()) || !got.Expires.Equal(clock.Now().Add(DefaultIdleExpiry)) {
		t.Fatalf("after two updates: %+v", got)
	}
	clock.Advance(time.Minute)
	fin, err := m.Finish(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fin.Status != StatusFinished || fin.Payload != nil || fin.Step != "tre-em" || fin.Summary.StepsPassed != 1 {
		t.Fatalf("finished: %+v", fin)
	}
	if _, err := m.Update(ctx, r.ID, func(*Change) error { return nil }); !errors.Is(err, ErrEnded) {
		t.Fatalf("update after finish: %v, want ErrEnded", err)
	}
	if _, err := m.Abandon(ctx, r.ID); !errors.Is(err, ErrEnded) {
		t.Fatalf("abandon after finish: %v, want ErrEnded", err)
	}
	at := func(d int) string { return clock.Now().Add(time.Duration(d-3) * time.Minute).Format(time.RFC3339) }
	want := []string{
		"started|khai-sinh|3|kiosk|nguoi-yeu-cau||" + at(0),
		"step_failed|khai-sinh|3|kiosk|nguoi-yeu-cau|cccd.length,name.caps|" + at(1),
		"hint_used|khai-sinh|3|kiosk|nguoi-yeu-cau||" + at(1),
		"step_passed|khai-sinh|3|kiosk|nguoi-yeu-cau||" + at(2),
		"finished|khai-sinh|3|kiosk|tre-em||" + at(3),
	}
	if got := committedEvents(t, db); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	assertNoPersona(t, db)
}

// assertNoPersona reads every value of every bucket: the persona's answers
// must not be reachable once their sessions ended.
func assertNoPersona(t *testing.T, db *store.DB) {
	t.Helper()
	db.Bolt().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if strings.Contains(string(v), "NGUY") || strings.Contains(string(v), "001089012345") ||
					strings.Contains(string(v), "eyJhbnN3ZXJz") { // base64 of the payload's start
					t.Errorf("bucket %s key %x still holds the persona's answers", name, k)
				}
				return nil
			})
		})
	})
}

func TestSinkErrorAbortsTheChange(t *testing.T) {
	ctx := context.Background()
	m, _, _, sink := setup(t)
	r, err := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Step: "a", Payload: persona})
	if err != nil {
		t.Fatal(err)
	}
	sink.fail = errors.New("stats bucket full")
	if _, err := m.Update(ctx, r.ID, func(c *Change) error {
		c.StepPassed("a")
		c.Record.Step = "b"
		return nil
	}); err == nil || !strings.Contains(err.Error(), "stats bucket full") {
		t.Fatalf("got %v, want the sink's error", err)
	}
	if _, err := m.Finish(ctx, r.ID); err == nil {
		t.Fatal("finish succeeded although the sink failed")
	}
	got, _ := m.Get(ctx, r.ID)
	if got.Step != "a" || got.Summary.StepsPassed != 0 || got.Status != StatusActive || string(got.Payload) != string(persona) {
		t.Fatalf("a failed change left traces: %+v", got)
	}
}

func TestUpdateRules(t *testing.T) {
	ctx := context.Background()
	m, _, clock, _ := setup(t)
	r, _ := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorPhone})
	for name, tc := range map[string]struct {
		id   string
		fn   func(c *Change) error
		want string
	}{
		"unknown id":       {id: strings.Repeat("ab", 16), fn: func(*Change) error { return nil }, want: ErrNotFound.Error()},
		"malformed id":     {id: "../../etc", fn: func(*Change) error { return nil }, want: ErrNotFound.Error()},
		"changes the pack": {id: r.ID, fn: func(c *Change) error { c.Record.PackID = "q"; return nil }, want: "may change only"},
		"changes status":   {id: r.ID, fn: func(c *Change) error { c.Record.Status = StatusFinished; return nil }, want: "may change only"},
		"bad step id":      {id: r.ID, fn: func(c *Change) error { c.Record.Step = "a b"; return nil }, want: "field step"},
		"huge payload":     {id: r.ID, fn: func(c *Change) error { c.Record.Payload = make([]byte, MaxPayload+1); return nil }, want: "field payload"},
		"fn fails":         {id: r.ID, fn: func(*Change) error { return errors.New("engine says no") }, want: "engine says no"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := m.Update(ctx, tc.id, tc.fn)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: "tablet"}); err == nil {
		t.Error("started a session on an unknown door")
	}
	clock.Advance(DefaultIdleExpiry)
	if _, err := m.Update(ctx, r.ID, func(*Change) error { return nil }); !errors.Is(err, ErrEnded) {
		t.Fatalf("update past the expiry: %v, want ErrEnded", err)
	}
}

func TestResumable(t *testing.T) {
	ctx := context.Background()
	m, _, clock, _ := setup(t)
	start := func() string {
		r, err := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Payload: persona})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	old := start() // touched at 0
	clock.Advance(4 * time.Minute)
	handed := start()
	if _, err := m.HandOff(ctx, handed, HandOff{TokenHash: []byte{1, 2}, Until: clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	finished := start()
	m.Finish(ctx, finished)
	clock.Advance(2 * time.Minute)
	recent := start() // touched at 6
	clock.Advance(5 * time.Minute)

	// now = 11 min: old was touched 11 min ago, recent 5 min ago.
	got, err := m.Resumable(ctx, clock.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != recent || string(got[0].Payload) != string(persona) {
		t.Fatalf("resumable with the default window: %v", ids(got))
	}
	got, _ = m.Resumable(ctx, clock.Now(), 3*time.Minute)
	if len(got) != 0 {
		t.Fatalf("resumable within 3 minutes: %v", ids(got))
	}
	_ = old
	// A longer idle expiry keeps old alive: a 20-minute window offers both, newest first.
	m2 := New(storeOf(m), Options{Clock: clock, IdleExpiry: time.Hour})
	clock.Advance(-11 * time.Minute)
	a := start()
	clock.Advance(time.Minute)
	b, _ := m2.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk})
	_ = a
	clock.Advance(11 * time.Minute)
	got, _ = m2.Resumable(ctx, clock.Now(), 20*time.Minute)
	if len(got) == 0 || got[0].ID != b.ID {
		t.Fatalf("newest first: got %v, want %s first", ids(got), b.ID)
	}
}

func storeOf(m *Manager) *store.DB { return m.storeDB }

func ids(rs []*Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestHandOff(t *testing.T) {
	ctx := context.Background()
	m, _, clock, _ := setup(t)
	r, _ := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Payload: persona})
	until := clock.Now().Add(time.Hour)
	h, err := m.HandOff(ctx, r.ID, HandOff{TokenHash: []byte("hash"), Offered: clock.Now(), Until: until})
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != StatusHandedOff || !h.Expires.Equal(until) || string(h.Payload) != string(persona) {
		t.Fatalf("handed off: %+v", h)
	}
	if _, err := m.HandOff(ctx, r.ID, HandOff{}); !errors.Is(err, ErrEnded) {
		t.Fatalf("second hand-off: %v, want ErrEnded", err)
	}
	clock.Advance(30 * time.Minute) // past the idle expiry, within Until
	if _, err := m.Update(ctx, r.ID, func(c *Change) error { c.Record.HandOff.Claimed = c.Now(); return nil }); err != nil {
		t.Fatalf("the phone continues: %v", err)
	}
	ab, err := m.Abandon(ctx, r.ID)
	if err != nil || ab.HandOff != nil || ab.Payload != nil || ab.Status != StatusAbandoned {
		t.Fatalf("abandon: %+v, %v", ab, err)
	}
}

func TestSweep(t *testing.T) {
	ctx := context.Background()
	m, db, clock, _ := setup(t)
	var live []string
	for i := range 300 { // more than one sweep batch
		r, err := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Step: fmt.Sprintf("s%d", i%3), Payload: persona})
		if err != nil {
			t.Fatal(err)
		}
		live = append(live, r.ID)
	}
	kept, _ := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk})
	clock.Advance(DefaultIdleExpiry - time.Second)
	m.Update(ctx, kept.ID, func(*Change) error { return nil })
	clock.Advance(time.Second)
	res, err := m.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Expired != 300 || res.Deleted != 0 {
		t.Fatalf("first sweep %+v, want 300 expired", res)
	}
	r, _ := m.Get(ctx, live[0])
	if r.Status != StatusExpired || r.Payload != nil || r.Step != "s0" {
		t.Fatalf("expired record %+v", r)
	}
	if r, _ := m.Get(ctx, kept.ID); r.Status != StatusActive {
		t.Fatalf("the recently touched session was swept: %+v", r)
	}
	assertNoPersonaExcept(t, db, kept.ID)
	if n := len(committedEvents(t, db)); n != 301+300 {
		t.Errorf("%d events, want 301 started + 300 expired", n)
	}

	// Run: one tick after the retention deletes the ended records.
	clock.Advance(DefaultRetention)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	clock.tick <- clock.Now() // Run has swept once and waits for this tick
	clock.tick <- clock.Now() // ... and this one proves the second sweep finished
	cancel()
	<-done
	if _, err := m.Get(context.Background(), live[0]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after the retention: %v, want ErrNotFound", err)
	}
	db.Bolt().View(func(tx *bolt.Tx) error {
		if n := tx.Bucket([]byte(store.BucketSessions)).Stats().KeyN; n != 1 {
			t.Errorf("%d session records left, want 1 (kept, expired now)", n)
		}
		return nil
	})
}

func assertNoPersonaExcept(t *testing.T, db *store.DB, id string) {
	t.Helper()
	db.Bolt().View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(store.BucketSessions)).ForEach(func(k, v []byte) error {
			if fmt.Sprintf("%x", k) != id && strings.Contains(string(v), "payload") {
				t.Errorf("session %x still has a payload", k)
			}
			return nil
		})
	})
}

func TestDiskFullLeavesNoPartialSession(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(t.TempDir(), store.Options{MaxSize: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := New(db, Options{})
	big := make([]byte, 20000)
	var started []string
	for range 100 {
		r, err := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Payload: big})
		if err != nil {
			if !errors.Is(err, store.ErrDiskFull) {
				t.Fatalf("got %v, want store.ErrDiskFull", err)
			}
			break
		}
		started = append(started, r.ID)
	}
	if len(started) == 0 || len(started) == 100 {
		t.Fatalf("%d sessions started before the disk filled", len(started))
	}
	db.Bolt().View(func(tx *bolt.Tx) error {
		if n := tx.Bucket([]byte(store.BucketSessions)).Stats().KeyN; n != len(started) {
			t.Errorf("%d records, want the %d acknowledged", n, len(started))
		}
		if n := tx.Bucket([]byte(store.BucketSessionsByExpiry)).Stats().KeyN; n != len(started) {
			t.Errorf("%d index entries, want %d", n, len(started))
		}
		return nil
	})
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}
