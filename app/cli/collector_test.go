package cli

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCollectorKeygenAndServe: keygen writes a 0600 key and prints its
// registry entry; the collector starts on that registry and serves /report.
func TestCollectorKeygenAndServe(t *testing.T) {
	dir := t.TempDir()
	env, out, errOut := testEnv(t, nil)
	keyFile := filepath.Join(dir, "secrets", "stats.key")
	if code := Run(context.Background(), []string{"collector", "keygen", "--kiosk", "hn-ba-dinh-01", "--out", keyFile}, env); code != 0 {
		t.Fatalf("keygen: %d %s", code, errOut)
	}
	st, err := os.Stat(keyFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	if code := Run(context.Background(), []string{"collector", "keygen", "--kiosk", "hn-ba-dinh-01", "--out", keyFile}, env); code != 1 {
		t.Fatalf("keygen over an existing key: exit %d, want 1", code)
	}
	entry := out.String()[strings.Index(out.String(), "  - id:"):]
	registry := filepath.Join(dir, "kiosks.yaml")
	if err := os.WriteFile(registry, []byte("kiosks:\n"+entry), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"collector", "--listen", "127.0.0.1:0", "--registry", registry, "--db", filepath.Join(dir, "c.db")}
	if code := Run(context.Background(), args, env); code != 1 || !strings.Contains(errOut.String(), "chmod 600") {
		t.Fatalf("a world-readable registry: exit %d %s", code, errOut)
	}
	os.Chmod(registry, 0o600)

	env, out, _ = testEnv(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Run(ctx, args, env) }()
	re := regexp.MustCompile(`report at (http://\S+/report)`)
	var url string
	for url == "" {
		select {
		case code := <-done:
			cancel()
			t.Fatalf("collector ended: %d %s", code, out)
		case <-time.After(5 * time.Millisecond):
		}
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
	}
	resp, err := http.Get(url)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 || resp.StatusCode != 200 {
		t.Fatalf("report %d, exit %d", resp.StatusCode, code)
	}
}
