package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const sampleDir = "../../kiosk-config"

func testEnv(t *testing.T, vars map[string]string) (Env, *syncBuffer, *syncBuffer) {
	t.Helper()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	wd := t.TempDir()
	return Env{
		Stdout:        out,
		Stderr:        errOut,
		Getenv:        func(k string) string { return vars[k] },
		Getwd:         func() (string, error) { return wd, nil },
		Assets:        fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Trạm Học Số</title>")}},
		SampleConfig:  os.DirFS(sampleDir),
		DefaultListen: "127.0.0.1:0",
	}, out, errOut
}

func TestVersionAndUsage(t *testing.T) {
	env, out, errOut := testEnv(t, nil)
	if code := Run(context.Background(), []string{"version"}, env); code != 0 || !strings.HasPrefix(out.String(), "tramhocso ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code := Run(context.Background(), []string{"frobnicate"}, env); code != 2 || !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code := Run(context.Background(), []string{"serve", "--nope"}, env); code != 2 {
		t.Fatalf("bad flag: %d", code)
	}
}

func TestValidate(t *testing.T) {
	env, out, errOut := testEnv(t, nil)
	if code := Run(context.Background(), []string{"validate", sampleDir}, env); code != 0 || !strings.Contains(out.String(), ": OK (kiosk ") {
		t.Fatalf("sample must validate: %d %q %q", code, out, errOut)
	}

	bad := t.TempDir()
	os.MkdirAll(filepath.Join(bad, "practice"), 0o755)
	os.WriteFile(filepath.Join(bad, "kiosk.yaml"), []byte("version: 1\nkiosk:\n  id: X\nsite:\n  name: a\n  province: b\nlanguages: [vi]\n"), 0o644)
	os.WriteFile(filepath.Join(bad, "practice", "p.yaml"), []byte("id: p1\nversion: 1\ntitle: {vi: a}\n"), 0o644)
	env, out, errOut = testEnv(t, nil)
	code := Run(context.Background(), []string{"validate", bad}, env)
	if code != 1 {
		t.Fatalf("invalid config: exit %d", code)
	}
	want := filepath.Join(bad, "kiosk.yaml") + ":3: kiosk.id:"
	if !strings.Contains(out.String(), want) {
		t.Fatalf("want %q in %q", want, out)
	}
	if !strings.Contains(errOut.String(), "problem(s)") {
		t.Fatalf("stderr %q", errOut)
	}

	env, _, errOut = testEnv(t, nil)
	if code := Run(context.Background(), []string{"validate", filepath.Join(bad, "missing")}, env); code != 1 || !strings.Contains(errOut.String(), "is not a directory") {
		t.Fatalf("missing dir: %d %q", code, errOut)
	}
}

var urlRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

// startAndProbe runs args until the URL appears on stdout, checks /api/health,
// then stops the command and returns its exit code.
func startAndProbe(t *testing.T, env Env, out *syncBuffer, args []string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Run(ctx, args, env) }()
	var url string
	for i := 0; i < 500 && url == ""; i++ {
		select {
		case code := <-done:
			cancel()
			return code, out.String()
		case <-time.After(10 * time.Millisecond):
		}
		url = urlRE.FindString(out.String())
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed: %q", out)
	}
	resp, err := http.Get(url + "api/health")
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	var h struct {
		Status  string `json:"status"`
		KioskID string `json:"kiosk_id"`
	}
	json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if resp.StatusCode != 200 || h.KioskID != "mau-ba-dinh-01" || h.Status != "ok" {
		t.Errorf("health: %d %+v", resp.StatusCode, h)
	}
	cancel()
	return <-done, out.String()
}

func TestServeAndHeadlessFallback(t *testing.T) {
	tests := []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"serve", []string{"serve", "--config", sampleDir, "--data", t.TempDir()}, nil, "is serving on http://127.0.0.1:"},
		{"no display falls back to serve", []string{"--config", sampleDir, "--data", t.TempDir()}, nil, "starting headless serve mode"},
		{"built-in sample config", []string{"serve"}, nil, "is serving on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, out, errOut := testEnv(t, tt.vars)
			env.Getenv = func(string) string { return "" }
			code, stdout := startAndProbe(t, env, out, tt.args)
			if code != 0 || !strings.Contains(stdout, tt.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errOut)
			}
		})
	}
}

func TestDataDirIsLocked(t *testing.T) {
	env, out, _ := testEnv(t, nil)
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- Run(ctx, []string{"serve", "--config", sampleDir, "--data", data}, env) }()
	for i := 0; i < 500 && !urlRE.MatchString(out.String()); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	env2, _, errOut2 := testEnv(t, nil)
	if code := Run(context.Background(), []string{"serve", "--config", sampleDir, "--data", data}, env2); code != 1 ||
		!strings.Contains(errOut2.String(), "another Trạm Học Số is already running on this data directory") {
		t.Fatalf("second instance: exit %d, %q", code, errOut2)
	}
	cancel()
	<-done
}

func TestInvalidConfigStopsStart(t *testing.T) {
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "kiosk.yaml"), []byte("version: 1\n"), 0o644)
	env, _, errOut := testEnv(t, nil)
	if code := Run(context.Background(), []string{"serve", "--config", bad, "--data", t.TempDir()}, env); code != 1 || !strings.Contains(errOut.String(), "kiosk.yaml:") {
		t.Fatalf("exit %d, %q", code, errOut)
	}
}
