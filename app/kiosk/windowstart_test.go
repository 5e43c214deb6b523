package kiosk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"tramhocso/app/config"
)

// kioskDir is a configuration directory whose kiosk.yaml has the window section given.
func kioskDir(window string) fstest.MapFS {
	return fstest.MapFS{"kiosk.yaml": {Data: kioskYAML(window)}, "practice/README": {Data: []byte("packs here")}}
}

// kioskYAML is a minimal kiosk.yaml with the window section given.
func kioskYAML(window string) []byte {
	return []byte("version: 2\nsite: {name: X, province: Hà Nội}\nkiosk:\n  id: thu-01\n" + window)
}

func TestStartWindowSettings(t *testing.T) {
	good := kioskDir("  window:\n    hide_pointer: true\n    gpu: on-demand\n")
	broken := fstest.MapFS{"kiosk.yaml": {Data: []byte("version: [\n")}}
	badWindow := kioskDir("  window:\n    env:\n      LD_PRELOAD: /tmp/x.so\n")

	// A data directory holding a last good configuration with its own window section.
	withLastGood := t.TempDir()
	saved := kioskDir("  window:\n    gpu: always\n")
	if err := config.NewLastGood(withLastGood).Save(saved, "saved-id"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		opts    Options
		want    WindowSettings
		wantErr string
	}{
		{"from kiosk.yaml", Options{Config: good, ConfigDir: "cfg", DataDir: t.TempDir()}, WindowSettings{HidePointer: true, GPU: GPUOnDemand}, ""},
		{"set by the caller", Options{Config: good, Window: WindowSettings{GPU: GPUNever}}, WindowSettings{GPU: GPUNever}, ""},
		{"no window section", Options{Config: kioskDir("")}, WindowSettings{}, ""},
		// Open falls back to the last good configuration when kiosk.yaml is
		// refused: the window starts with the settings Open will run on.
		{"refused kiosk.yaml, last good saved", Options{Config: broken, ConfigDir: "cfg", DataDir: withLastGood}, WindowSettings{GPU: GPUAlways}, ""},
		{"refused kiosk.yaml, nothing saved", Options{Config: broken, ConfigDir: "cfg", DataDir: t.TempDir()}, WindowSettings{}, ""},
		{"built-in configuration", Options{Config: broken}, WindowSettings{}, ""},
		{"a refused window setting", Options{Config: badWindow, ConfigName: "kiosk-config"}, WindowSettings{}, "kiosk.window.env.LD_PRELOAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := startWindowSettings(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "checking the window settings from kiosk-config") {
					t.Fatalf("err %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.HidePointer != tt.want.HidePointer || got.GPU != tt.want.GPU || len(got.Env) != len(tt.want.Env) {
				t.Errorf("settings %+v, want %+v", got, tt.want)
			}
		})
	}
}

// The sample kiosk-config's window settings are what Open reads from it.
func TestStartWindowSettingsMatchOpen(t *testing.T) {
	cfg := os.DirFS(filepath.Join("..", "..", "kiosk-config"))
	early, err := startWindowSettings(Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	k := openTestKiosk(t, Options{})
	if early.HidePointer != k.opts.Window.HidePointer || early.GPU != k.opts.Window.GPU || len(early.Env) != len(k.opts.Window.Env) {
		t.Errorf("read before Open %+v, Open %+v", early, k.opts.Window)
	}
}
