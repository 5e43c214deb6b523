package kiosk

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

func TestWindowOptionsHardened(t *testing.T) {
	tests := []struct {
		name   string
		window WindowSettings
		gpu    linux.WebviewGpuPolicy
		wantJS []string
	}{
		{"defaults", WindowSettings{}, linux.WebviewGpuPolicyNever, []string{"door", "door"}},
		{"pointer hidden, GPU on demand", WindowSettings{HidePointer: true, GPU: GPUOnDemand}, linux.WebviewGpuPolicyOnDemand, []string{"door", hidePointerJS, "door", hidePointerJS}},
		{"GPU always", WindowSettings{GPU: GPUAlways}, linux.WebviewGpuPolicyAlways, []string{"door", "door"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var js []string
			readies := 0
			hooks := windowHooks{
				quit: func(context.Context) {},
				execJS: func(_ context.Context, s string) {
					if strings.Contains(s, "location.origin") {
						s = "door" // the door check (windowdoor_test.go)
					}
					js = append(js, s)
				},
			}
			door := newWindowDoor(testGuard(t, nil), hooks.execJS, nil)
			o := windowOptions(t.Context(), tt.window, slog.New(slog.DiscardHandler), hooks, door, func() { readies++ })
			if !o.Fullscreen || o.WindowStartState != options.Fullscreen || !o.Frameless || !o.DisableResize {
				t.Errorf("window is not full screen, frameless and fixed: %+v", o)
			}
			if o.EnableDefaultContextMenu || o.Debug.OpenInspectorOnStartup {
				t.Error("context menu or inspector enabled")
			}
			if o.HideWindowOnClose || o.StartHidden {
				t.Error("the window can hide")
			}
			if o.Linux == nil || o.Linux.WebviewGpuPolicy != tt.gpu {
				t.Errorf("GPU policy %+v, want %v", o.Linux, tt.gpu)
			}
			if o.AssetServer == nil || o.AssetServer.Assets != nil {
				t.Fatal("the wails:// scheme must serve the bootstrap page only, not the frontend")
			}
			if _, ok := o.AssetServer.Handler.(bootstrapHandler); !ok {
				t.Fatalf("the wails:// handler is %T, want the bootstrap page", o.AssetServer.Handler)
			}
			if o.Bind != nil {
				t.Error("bindings must stay off")
			}
			// Two page loads: ready fires once, the pointer is hidden on each.
			o.OnDomReady(t.Context())
			o.OnDomReady(t.Context())
			if readies != 1 {
				t.Errorf("ready ran %d times, want once", readies)
			}
			if strings.Join(js, "|") != strings.Join(tt.wantJS, "|") {
				t.Errorf("ran %q, want %q", js, tt.wantJS)
			}
		})
	}
}

func TestWindowOptionsQuitWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	quit := make(chan struct{})
	o := windowOptions(ctx, WindowSettings{}, slog.New(slog.DiscardHandler), windowHooks{quit: func(context.Context) { close(quit) }}, newWindowDoor(testGuard(t, nil), nil, nil), func() {})
	o.OnStartup(t.Context())
	cancel()
	<-quit
}

func TestWindowSettingsCheck(t *testing.T) {
	tests := []struct {
		name string
		w    WindowSettings
		want []string // one substring per expected problem
	}{
		{"zero", WindowSettings{}, nil},
		{"all good", WindowSettings{HidePointer: true, GPU: "never", Env: map[string]string{
			"WEBKIT_DISABLE_COMPOSITING_MODE": "1", "WEBKIT_DISABLE_DMABUF_RENDERER": "1"}}, nil},
		{"bad gpu", WindowSettings{GPU: "fast"}, []string{`kiosk.window.gpu: unknown GPU policy "fast"`}},
		{"unknown env", WindowSettings{Env: map[string]string{"LD_PRELOAD": "/tmp/x.so"}},
			[]string{`kiosk.window.env.LD_PRELOAD: "LD_PRELOAD" is not a WebKit workaround`}},
		{"sandbox off refused", WindowSettings{Env: map[string]string{"WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS": "1"}},
			[]string{"kiosk.window.env.WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS"}},
		{"empty value and line break", WindowSettings{Env: map[string]string{"GDK_SCALE": "", "GDK_BACKEND": "x11\nLD_PRELOAD=x"}},
			[]string{"kiosk.window.env.GDK_BACKEND: value", "kiosk.window.env.GDK_SCALE: value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.w.Check()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected problems:\n%v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no problem found")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.Contains(lines[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, lines[i], w)
				}
			}
		})
	}
}

func TestOpenRefusesBadWindowSettings(t *testing.T) {
	_, err := Open(t.Context(), Options{
		Config: os.DirFS("../../kiosk-config"), ConfigName: "kiosk-config", DataDir: t.TempDir(),
		Window: WindowSettings{GPU: "turbo"},
	})
	if err == nil || !strings.Contains(err.Error(), "kiosk.window.gpu") {
		t.Fatalf("Open with a bad GPU policy: %v", err)
	}
}

func TestWindowEnvOrder(t *testing.T) {
	w := WindowSettings{Env: map[string]string{"WEBKIT_DISABLE_DMABUF_RENDERER": "1", "GDK_BACKEND": "x11"}}
	if got := strings.Join(w.windowEnv(), " "); got != "GDK_BACKEND=x11 WEBKIT_DISABLE_DMABUF_RENDERER=1" {
		t.Errorf("windowEnv = %q", got)
	}
}

// sampleWith is the sample kiosk-config with kiosk.window set to window
// (YAML lines indented under kiosk:).
func sampleWith(t *testing.T, window string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../../kiosk-config"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "secrets") {
			return err
		}
		b, err := fs.ReadFile(os.DirFS("../../kiosk-config"), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	y := string(m["kiosk.yaml"].Data)
	if !strings.Contains(y, "\nkiosk:\n") {
		t.Fatal("the sample kiosk.yaml has no kiosk: section")
	}
	m["kiosk.yaml"].Data = []byte(strings.Replace(y, "\nkiosk:\n", "\nkiosk:\n  window:\n"+window, 1))
	return m
}

func TestOpenTakesWindowSettingsFromKioskYAML(t *testing.T) {
	cfg := sampleWith(t, "    hide_pointer: true\n    gpu: on-demand\n    env:\n      WEBKIT_DISABLE_DMABUF_RENDERER: \"1\"\n")
	k, err := Open(t.Context(), Options{Config: cfg, ConfigName: "test", DataDir: t.TempDir(), Notify: func(string) (bool, error) { return false, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	w := k.opts.Window
	if !w.HidePointer || w.GPU != GPUOnDemand || w.Env["WEBKIT_DISABLE_DMABUF_RENDERER"] != "1" {
		t.Errorf("window settings %+v, want those of kiosk.yaml", w)
	}

	bad := sampleWith(t, "    env:\n      LD_PRELOAD: /tmp/x.so\n")
	_, err = Open(t.Context(), Options{Config: bad, ConfigName: "test", DataDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "kiosk.window.env.LD_PRELOAD") {
		t.Errorf("Open with LD_PRELOAD in kiosk.window.env: %v", err)
	}
}
