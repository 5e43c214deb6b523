package cli

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
	re := regexp.MustCompile(`console at (http://\S+/fleet)`)
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
	if code := <-done; code != 0 || resp.StatusCode != 200 || resp.Request.URL.Path != "/login" {
		t.Fatalf("console %d at %s, exit %d", resp.StatusCode, resp.Request.URL, code)
	}
}

// TestCollectorUserAdd: the password comes from standard input, never argv;
// a short one is refused; the account's scope is listed.
func TestCollectorUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	add := []string{"collector", "user", "add", "--db", db, "--name", "xa-ba-dinh", "--province", "Hà Nội", "--commune", "Phường Ba Đình"}
	env, _, errOut := testEnv(t, nil)
	env.Stdin = strings.NewReader("short\n")
	if code := Run(context.Background(), add, env); code != 1 || !strings.Contains(errOut.String(), "at least 12") {
		t.Fatalf("a short password: exit %d %s", code, errOut)
	}
	env, out, errOut := testEnv(t, nil)
	env.Stdin = strings.NewReader("mật khẩu đủ dài 2026\n")
	if code := Run(context.Background(), add, env); code != 0 {
		t.Fatalf("user add: exit %d %s", code, errOut)
	}
	if !strings.Contains(out.String(), "Hà Nội: Phường Ba Đình") {
		t.Fatalf("user add said %q", out)
	}
	env, out, _ = testEnv(t, nil)
	if code := Run(context.Background(), []string{"collector", "user", "list", "--db", db}, env); code != 0 || !strings.Contains(out.String(), "xa-ba-dinh\tHà Nội: Phường Ba Đình") {
		t.Fatalf("user list: exit %d %q", code, out)
	}
	env, _, errOut = testEnv(t, nil)
	if code := Run(context.Background(), []string{"collector", "user", "add", "--db", db, "--name", "x-y", "--all", "--province", "Huế"}, env); code == 0 {
		t.Fatalf("--all with --province accepted: %s", errOut)
	}
}

func TestCollectorSkills(t *testing.T) {
	env, _, _ := testEnv(t, nil)
	sk, err := collectorSkills("", env) // the built-in sample
	if err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, g := range sk.Groups {
		groups = append(groups, g.Group+" "+g.VI)
	}
	if len(sk.Groups) != 5 || sk.Groups[3].Group != "4" || !strings.Contains(sk.Groups[3].VI, "An toàn") || sk.Framework == "" {
		t.Fatalf("groups %q, framework %q", groups, sk.Framework)
	}
	if len(sk.PackAreas) != 10 || !slices.Equal(sk.PackAreas["nhan-biet-lua-dao"], []string{"an-toan-so"}) {
		t.Fatalf("packs → areas: %v", sk.PackAreas)
	}
	// A broken pack directory stops the collector with the file and line.
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "practice", "khai-sinh.yaml"), []byte("id: khai-sinh\nversion: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = collectorSkills(dir, env)
	if err == nil || !strings.Contains(err.Error(), "practice/khai-sinh.yaml:") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("broken pack: %v", err)
	}
}
