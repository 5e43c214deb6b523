package kiosk

import (
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func textLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func itoa(n int) string { return strconv.Itoa(n) }

// openTestKiosk opens the sample kiosk-config on a fresh data directory.
func openTestKiosk(t *testing.T, opts Options) *Kiosk {
	t.Helper()
	opts.Config = os.DirFS("../../kiosk-config")
	opts.ConfigName = "kiosk-config"
	opts.DataDir = t.TempDir()
	opts.Assets = fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>t</title>")}}
	if opts.Notify == nil {
		opts.Notify = func(string) (bool, error) { return false, nil }
	}
	k, err := Open(t.Context(), opts)
	if err != nil {
		t.Fatalf("opening the sample kiosk: %v", err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

// lockedBuffer is a log sink the kiosk's background goroutines may write
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
