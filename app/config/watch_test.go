package config

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// startWatch runs Watch on dir and counts the checks.
func startWatch(t *testing.T, dir string, opts WatchOptions) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- Watch(ctx, dir, opts, func(context.Context) { n.Add(1) }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	<-ready
	return &n
}

func waitCount(t *testing.T, n *atomic.Int64, atLeast int64) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for n.Load() < atLeast {
		if time.Now().After(deadline) {
			t.Fatalf("only %d checks, want at least %d", n.Load(), atLeast)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestWatchCoalescesABurst(t *testing.T) {
	dir := t.TempDir()
	n := startWatch(t, dir, WatchOptions{Poll: -1})
	waitCount(t, n, 1) // the check at start
	f := filepath.Join(dir, "kiosk.yaml")
	for i := range 200 {
		if err := os.WriteFile(f, []byte{byte(i)}, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	waitCount(t, n, 2)
	if got := n.Load(); got > 50 {
		t.Fatalf("200 writes in a burst gave %d checks: not debounced", got)
	}
}

func TestWatchNewSubdirectory(t *testing.T) {
	dir := t.TempDir()
	n := startWatch(t, dir, WatchOptions{Poll: -1})
	waitCount(t, n, 1)
	sub := filepath.Join(dir, "practice", "more")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	waitCount(t, n, 2)
	before := n.Load()
	// A file written inside the new directory is seen: it is watched now.
	time.Sleep(300 * time.Millisecond) // let the mkdir burst settle, so the next check is the file's
	if err := os.WriteFile(filepath.Join(sub, "x.yaml"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitCount(t, n, before+1)
}

func TestWatchPeriodicSafetyNet(t *testing.T) {
	n := startWatch(t, t.TempDir(), WatchOptions{Poll: 10 * time.Millisecond})
	waitCount(t, n, 3) // start + two periods without any file event
}

func TestWatchMissingDirectory(t *testing.T) {
	// A directory that does not exist yet is not an error: the parent is
	// watched and the directory picked up when it appears.
	parent := t.TempDir()
	dir := filepath.Join(parent, "kiosk-config")
	n := startWatch(t, dir, WatchOptions{Poll: -1})
	waitCount(t, n, 1)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	waitCount(t, n, 2)
	time.Sleep(300 * time.Millisecond)
	before := n.Load()
	if err := os.WriteFile(filepath.Join(dir, "kiosk.yaml"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitCount(t, n, before+1)
}
