package stats

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/session"
	"tramhocso/app/stats/wire"
	"tramhocso/app/store"
)

// The kill harness re-runs this test binary as a child kiosk (TestKillChild
// with STATS_KILL_PHASE set) and SIGKILLs it at chosen points: inside the
// sealing transaction, after the collector acknowledged but before the
// outbox delete committed, and after the collector stored but before it
// answered.

func killEvents(seed uint64, start time.Time) []session.Event {
	rng := rand.New(rand.NewPCG(seed, 11))
	var out []session.Event
	for i := range 120 {
		out = append(out, randomEvent(rng, start.Add(time.Duration(i)*90*time.Second)))
	}
	return out
}

func TestKillChild(t *testing.T) {
	phase := os.Getenv("STATS_KILL_PHASE")
	if phase == "" {
		t.Skip("child process of TestKillDuringSealAndUpload")
	}
	unix, _ := strconv.ParseInt(os.Getenv("STATS_KILL_NOW"), 10, 64)
	now := time.Unix(unix, 0)
	hook := os.Getenv("STATS_KILL_HOOK")
	block := func() {
		fmt.Println("HOOK")
		select {} // wait for SIGKILL
	}
	deps := Deps{Now: func() time.Time { return now }, Logger: quietLogger(), HTTP: &http.Client{Timeout: 10 * time.Second}}
	switch hook {
	case "seal":
		deps.hookSeal = block
	case "uploaded":
		deps.hookUploaded = block
	}
	db, err := store.Open(os.Getenv("STATS_KILL_DIR"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := Open(db.Bolt(), Config{KioskID: testKiosk, Endpoint: os.Getenv("STATS_KILL_URL"), KeyFile: os.Getenv("STATS_KILL_KEY")}, deps)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	switch phase {
	case "record":
		seed, _ := strconv.ParseUint(os.Getenv("STATS_KILL_SEED"), 10, 64)
		for _, e := range killEvents(seed, now) {
			if err := db.Bolt().Update(func(tx *bolt.Tx) error { return s.Record(tx, e) }); err != nil {
				t.Fatal(err)
			}
		}
	case "seal":
		if _, err := s.Seal(ctx); err != nil {
			t.Fatal(err)
		}
	case "upload":
		if _, err := s.Upload(ctx); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Println("DONE")
}

func TestKillDuringSealAndUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	keyFile, key := writeKey(t, dir)
	var victim atomic.Pointer[os.Process]
	coll, srv := newCollector(t, key, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := victim.Swap(nil)
			if p == nil {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r) // stored...
			p.Kill()               // ...and the kiosk dies before hearing so
			panic(http.ErrAbortHandler)
		})
	})
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// child runs one phase; it must end with DONE, or be killed at HOOK (or
	// by the collector when killAtStore).
	child := func(phase, hook string, now time.Time, seed uint64, killAtStore bool) {
		t.Helper()
		cmd := exec.Command(exe, "-test.run=^TestKillChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "STATS_KILL_PHASE="+phase, "STATS_KILL_HOOK="+hook,
			"STATS_KILL_DIR="+dataDir, "STATS_KILL_URL="+srv.URL+wire.Path, "STATS_KILL_KEY="+keyFile,
			fmt.Sprintf("STATS_KILL_NOW=%d", now.Unix()), fmt.Sprintf("STATS_KILL_SEED=%d", seed))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if killAtStore {
			victim.Store(cmd.Process)
		}
		saw := ""
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			switch sc.Text() {
			case "HOOK":
				saw = "HOOK"
				cmd.Process.Kill()
			case "DONE":
				saw = "DONE"
			}
		}
		err = cmd.Wait()
		victim.Store(nil)
		switch {
		case hook != "" && saw != "HOOK":
			t.Fatalf("%s: the child never reached hook %s (%v)", phase, hook, err)
		case hook == "" && !killAtStore && (saw != "DONE" || err != nil):
			t.Fatalf("%s: child failed: %v", phase, err)
		case killAtStore && saw == "DONE":
			t.Fatalf("%s: the collector did not kill the child", phase)
		}
	}
	outbox := func() (waiting, counters int) {
		t.Helper()
		db, err := store.Open(dataDir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.Bolt().View(func(tx *bolt.Tx) error {
			waiting = tx.Bucket(bucketOutbox).Stats().KeyN
			counters = tx.Bucket(bucketCounters).Stats().KeyN
			return nil
		})
		return
	}

	m := newModel()
	t0 := time.Date(2026, 11, 20, 7, 30, 0, 0, ict)
	child("record", "", t0, 1, false)
	for _, e := range killEvents(1, t0) {
		m.add(e)
	}
	// Killed inside the sealing transaction: nothing sealed, nothing lost.
	child("seal", "seal", t0.Add(24*time.Hour), 0, false)
	if w, c := outbox(); w != 0 || c == 0 {
		t.Fatalf("after a kill during sealing: %d batches, %d counters", w, c)
	}
	child("seal", "", t0.Add(24*time.Hour), 0, false)
	// Killed after the collector's 200, before the outbox delete committed.
	child("upload", "uploaded", t0.Add(24*time.Hour), 0, false)
	if w, _ := outbox(); w != 1 {
		t.Fatalf("after a kill during the upload commit: %d batches waiting, want 1", w)
	}
	child("record", "", t0.Add(24*time.Hour), 2, false)
	for _, e := range killEvents(2, t0.Add(24*time.Hour)) {
		m.add(e)
	}
	child("seal", "", t0.Add(48*time.Hour), 0, false)
	// Killed by the collector right after it stored, before it answered.
	child("upload", "", t0.Add(48*time.Hour), 0, true)
	child("upload", "", t0.Add(48*time.Hour), 0, false)
	child("seal", "", t0.Add(5*24*time.Hour), 0, false)
	child("upload", "", t0.Add(5*24*time.Hour), 0, false)
	if w, c := outbox(); w != 0 || c != 0 {
		t.Fatalf("at the end: %d batches, %d counters left", w, c)
	}

	tot, err := coll.Totals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(tot.Counters) != len(m.counters) {
		t.Errorf("collector has %d counters, kiosk counted %d", len(tot.Counters), len(m.counters))
	}
	for c, n := range m.counters {
		if tot.Counters[c] != n {
			t.Errorf("counter %+v: collector %d, kiosk %d", c, tot.Counters[c], n)
		}
	}
	k := tot.Kiosks[testKiosk]
	if k.Started != m.started || k.Finished != m.finished || k.HandedOff != m.handedOff {
		t.Errorf("hourly totals %d/%d/%d, counted %d/%d/%d", k.Started, k.Finished, k.HandedOff, m.started, m.finished, m.handedOff)
	}

}
