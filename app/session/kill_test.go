package session

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/store"
)

// killChildEnv makes the test binary act as the kill test's child.
const killChildEnv = "TRAMHOCSO_KILLTEST_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(killChildEnv); dir != "" {
		os.Exit(killChild(dir))
	}
	os.Exit(m.Run())
}

// countingSink counts each session's events in a bucket of its own, in the
// session's transaction: after a kill the counts must match the records.
type countingSink struct{}

func (countingSink) Record(tx *bolt.Tx, e Event) error {
	b, err := tx.CreateBucketIfNotExists([]byte("killtest_events"))
	if err != nil {
		return err
	}
	_, err = b.NextSequence()
	return err
}

// killChild submits steps as fast as it can, printing "step ID N" after
// step N of session ID is committed and "finish ID" after a finish, until
// it is killed.
func killChild(dir string) int {
	ctx := context.Background()
	db, err := store.Open(dir, store.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	m := New(db, Options{Sink: countingSink{}})
	out := bufio.NewWriter(os.Stdout)
	for {
		r, err := m.Start(ctx, Start{PackID: "khai-sinh", PackVersion: 1, Door: DoorKiosk, Step: "s0", Payload: []byte(`{"n":0}`)})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		for n := 1; n <= 25; n++ {
			_, err := m.Update(ctx, r.ID, func(c *Change) error {
				c.StepPassed(c.Record.Step)
				c.Record.Step = fmt.Sprintf("s%d", n)
				c.Record.Payload = fmt.Appendf(nil, `{"n":%d,"answers":%q}`, n, strings.Repeat("x", 100*n))
				return nil
			})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 5
			}
			fmt.Fprintf(out, "step %s %d\n", r.ID, n)
			out.Flush()
		}
		if _, err := m.Finish(ctx, r.ID); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 6
		}
		fmt.Fprintf(out, "finish %s\n", r.ID)
		out.Flush()
	}
}

// TestKill SIGKILLs a child submitting steps at random moments, 60 times.
// After each kill the store opens, bbolt's check finds nothing, every
// acknowledged step is on disk, and the events committed with exactly the
// changes they describe.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("the kill test runs child processes")
	}
	dir := t.TempDir()
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	acked := map[string]int{} // session → last acknowledged step
	finished := map[string]bool{}
	totalAcks := 0
	const kills = 60
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		// Wait for a random number of acknowledgements (0 to 40), then a
		// random few more microseconds, so the kill lands anywhere: between
		// commits, inside one, or during the child's Open.
		wantAcks, got := rng.IntN(41), 0
		read := func() bool {
			if !lines.Scan() {
				return false
			}
			f := strings.Fields(lines.Text())
			switch {
			case len(f) == 3 && f[0] == "step":
				n, _ := strconv.Atoi(f[2])
				acked[f[1]] = n
			case len(f) == 2 && f[0] == "finish":
				finished[f[1]] = true
			default:
				t.Fatalf("child said %q", lines.Text())
			}
			got++
			totalAcks++
			return true
		}
		for got < wantAcks && read() {
		}
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for read() { // acknowledgements already in the pipe count too
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("kill %d: the child ended by itself (%v): %s", i, err, stderr.String())
		}
		verifyAfterKill(t, i, dir, acked, finished)
	}
	if totalAcks < kills {
		t.Fatalf("only %d acknowledgements over %d runs: the child hardly ran", totalAcks, kills)
	}
	t.Logf("%d kills, %d acknowledgements, %d sessions", kills, totalAcks, len(acked))
}

func verifyAfterKill(t *testing.T, i int, dir string, acked map[string]int, finished map[string]bool) {
	t.Helper()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatalf("kill %d: open: %v", i, err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("kill %d: check: %v", i, err)
	}
	m := New(db, Options{})
	ctx := context.Background()
	for id, n := range acked {
		r, err := m.Get(ctx, id)
		if err != nil {
			t.Fatalf("kill %d: acknowledged session %s: %v", i, id, err)
		}
		if finished[id] {
			if r.Status != StatusFinished || r.Payload != nil {
				t.Fatalf("kill %d: session %s was acknowledged finished, is %s with %d payload bytes", i, id, r.Status, len(r.Payload))
			}
			continue
		}
		if r.Status == StatusFinished {
			continue // finished after the last acknowledgement, before the kill
		}
		var p struct{ N int }
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			t.Fatalf("kill %d: session %s payload: %v", i, id, err)
		}
		if p.N < n || p.N > n+1 {
			t.Fatalf("kill %d: session %s is at step %d, acknowledged %d", i, id, p.N, n)
		}
		if r.Summary.StepsPassed != p.N || r.Step != fmt.Sprintf("s%d", p.N) {
			t.Fatalf("kill %d: session %s: summary %d and step %s disagree with payload step %d", i, id, r.Summary.StepsPassed, r.Step, p.N)
		}
	}
	// Keys: after a sweep (which destroys what a kill between an end's
	// commit and its key's destruction left), exactly the live sessions
	// have one, and each opens with it.
	if _, err := m.Sweep(ctx); err != nil {
		t.Fatalf("kill %d: sweep: %v", i, err)
	}
	live := 0
	db.Bolt().View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(store.BucketSessions)).ForEach(func(k, v []byte) error {
			r, err := DecodeRecord(v)
			if err == nil && r.Status.Live() {
				live++
				if _, err := m.load(tx, k); err != nil {
					t.Fatalf("kill %d: live session %x: %v", i, k, err)
				}
			}
			return nil
		})
	})
	if n := len(db.Keys().IDs()); n != live {
		t.Fatalf("kill %d: %d keys for %d live sessions", i, n, live)
	}
	// One event per start, per step and per finish, committed with them.
	var events uint64
	want := 0
	db.Bolt().View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte("killtest_events")); b != nil {
			events = b.Sequence()
		}
		return tx.Bucket([]byte(store.BucketSessions)).ForEach(func(_, v []byte) error {
			r, err := DecodeRecord(v)
			if err != nil {
				t.Fatalf("kill %d: %v", i, err)
			}
			want += 1 + r.Summary.StepsPassed
			if r.Status == StatusFinished {
				want++
			}
			return nil
		})
	})
	if events != uint64(want) {
		t.Fatalf("kill %d: %d events committed, the records account for %d", i, events, want)
	}
}
