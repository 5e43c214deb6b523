package kiosk

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// notifyLog records what the loop told systemd and when (fake time inside
// a synctest bubble).
type notifyLog struct {
	mu    sync.Mutex
	start time.Time
	at    []time.Duration
	err   error
}

func (n *notifyLog) notify(state string) (bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if state != "WATCHDOG=1" {
		return false, errors.New("unexpected state " + state)
	}
	n.at = append(n.at, time.Since(n.start))
	return true, n.err
}

func (n *notifyLog) times() []time.Duration {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]time.Duration(nil), n.at...)
}

func TestWatchdogNotifiesOnlyWhenHealthy(t *testing.T) {
	const I = 10 * time.Second
	s := func(secs ...int) []time.Duration {
		out := []time.Duration{}
		for _, v := range secs {
			out = append(out, time.Duration(v)*time.Second)
		}
		return out
	}
	tests := []struct {
		name string
		// healthy says whether the check at t = n·I passes.
		healthy func(n int) bool
		want    []time.Duration
	}{
		{"always healthy", func(int) bool { return true }, s(0, 10, 20, 30, 40, 50)},
		{"never healthy", func(int) bool { return false }, s()},
		{"sick from the third check", func(n int) bool { return n < 2 }, s(0, 10)},
		{"sick for two checks, then well", func(n int) bool { return n < 1 || n > 2 }, s(0, 30, 40, 50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				n := &notifyLog{start: time.Now()}
				calls := 0
				w := Watchdog{
					Interval: I,
					Check: func(context.Context) error {
						defer func() { calls++ }()
						if tt.healthy(calls) {
							return nil
						}
						return errors.New("store unreadable")
					},
					Notify: n.notify,
				}
				done := make(chan struct{})
				go func() { w.Run(ctx); close(done) }()
				time.Sleep(5*I + I/2)
				synctest.Wait()
				cancel()
				<-done
				got := n.times()
				if len(got) != len(tt.want) {
					t.Fatalf("notified at %v, want %v", got, tt.want)
				}
				for i := range got {
					if got[i] != tt.want[i] {
						t.Fatalf("notified at %v, want %v", got, tt.want)
					}
				}
				if calls != 6 {
					t.Errorf("checked %d times in 5.5 intervals, want 6", calls)
				}
			})
		})
	}
}

// A check that hangs stops the notifications (systemd then restarts the
// kiosk) and the loop still ends with its context.
func TestWatchdogHungCheckStopsNotifying(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		n := &notifyLog{start: time.Now()}
		first := true
		w := Watchdog{Interval: time.Second, Notify: n.notify, Check: func(ctx context.Context) error {
			if first {
				first = false
				return nil
			}
			<-ctx.Done() // hangs until the kiosk stops
			return ctx.Err()
		}}
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := n.times(); len(got) != 1 || got[0] != 0 {
			t.Errorf("notified at %v, want only at 0s", got)
		}
		cancel()
		<-done
	})
}

// A failing notify socket is logged once, not on every tick, and the loop
// goes on.
func TestWatchdogNotifyErrorLoggedOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var logs strings.Builder
		n := &notifyLog{start: time.Now(), err: errors.New("connection refused")}
		w := Watchdog{Interval: time.Second, Notify: n.notify, Logger: textLogger(&logs),
			Check: func(context.Context) error { return nil }}
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		time.Sleep(4500 * time.Millisecond)
		synctest.Wait()
		cancel()
		<-done
		if got := len(n.times()); got != 5 {
			t.Errorf("notified %d times, want 5", got)
		}
		if c := strings.Count(logs.String(), "notifying systemd failed"); c != 1 {
			t.Errorf("logged the notify failure %d times, want once:\n%s", c, logs.String())
		}
	})
}

func TestWatchdogInterval(t *testing.T) {
	tests := []struct {
		name, usec, pid string
		want            time.Duration
		wantErr         string
	}{
		{"no watchdog", "", "", 0, ""},
		{"watchdog, no pid", "60000000", "", 30 * time.Second, ""},
		{"watchdog for this process", "20000000", "self", 10 * time.Second, ""},
		{"watchdog for the compositor", "20000000", "1", 0, "WATCHDOG_PID=1 is not this process"},
		{"garbage", "soon", "", 0, "WATCHDOG_USEC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pid := tt.pid
			if pid == "self" {
				pid = itoa(os.Getpid())
			}
			t.Setenv("WATCHDOG_USEC", tt.usec)
			t.Setenv("WATCHDOG_PID", pid)
			got, err := WatchdogInterval(os.Getenv)
			if got != tt.want {
				t.Errorf("interval %v, want %v", got, tt.want)
			}
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestHealthyChecksAPIAndStore(t *testing.T) {
	k := openTestKiosk(t, Options{})
	if err := k.Healthy(t.Context()); err != nil {
		t.Fatalf("a fresh kiosk is unhealthy: %v", err)
	}
	if err := k.db.Close(); err != nil {
		t.Fatal(err)
	}
	err := k.Healthy(t.Context())
	if err == nil || !strings.Contains(err.Error(), "/api/health") {
		t.Fatalf("with the store closed: %v, want the API to report it", err)
	}
}

// The health loop's API calls must not write the per-request log line, but
// the store failure the health route reports still reaches the log.
func TestHealthyIsQuiet(t *testing.T) {
	logs := &lockedBuffer{}
	k := openTestKiosk(t, Options{Logger: textLogger(logs)})
	for range 3 {
		if err := k.Healthy(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(logs.String(), "msg=api ") || strings.Contains(logs.String(), "/api/health") {
		t.Errorf("healthy checks logged:\n%s", logs.String())
	}
	k.db.Close()
	_ = k.Healthy(t.Context())
	if !strings.Contains(logs.String(), "store check failed") {
		t.Errorf("the store failure was not logged:\n%s", logs.String())
	}
}

// Serve tells a real notify socket READY=1 once it listens, then WATCHDOG=1
// from the health loop, and STOPPING=1 when it ends.
func TestServeNotifiesSystemd(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", sock)
	t.Setenv("WATCHDOG_USEC", "2000") // notify every millisecond
	t.Setenv("WATCHDOG_PID", "")
	k := openTestKiosk(t, Options{Notify: SystemdNotifier})
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- k.Serve(ctx, "127.0.0.1:0", nil) }()

	read := func() string {
		buf := make([]byte, 256)
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		return string(buf[:n])
	}
	if got := read(); got != "READY=1" {
		t.Fatalf("first message %q, want READY=1", got)
	}
	for range 3 {
		if got := read(); got != "WATCHDOG=1" {
			t.Fatalf("message %q, want WATCHDOG=1", got)
		}
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	for {
		if got := read(); got == "STOPPING=1" {
			break
		} else if got != "WATCHDOG=1" {
			t.Fatalf("message %q, want STOPPING=1", got)
		}
	}
}

// BenchmarkHealthy is the cost of one health-loop check: GET /api/health
// through the kiosk door in-process, plus a store read.
func BenchmarkHealthy(b *testing.B) {
	k, err := Open(b.Context(), Options{
		Config: os.DirFS("../../kiosk-config"), ConfigName: "kiosk-config", DataDir: b.TempDir(),
		Notify: func(string) (bool, error) { return false, nil },
	})
	if err != nil {
		b.Fatal(err)
	}
	defer k.Close()
	for b.Loop() {
		if err := k.Healthy(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}
