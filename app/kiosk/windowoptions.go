package kiosk

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

// hidePointerJS marks the page so the kiosk guard's style sheet hides the
// pointer (frontend/src/lib/kioskguard.ts).
const hidePointerJS = `document.documentElement.dataset.kioskPointer = "hidden";`

// windowHooks are the Wails runtime calls the window makes; window.go fills
// them with the real runtime (which needs cgo), tests with recorders.
type windowHooks struct {
	quit   func(wctx context.Context)
	execJS func(wctx context.Context, js string)
}

// windowOptions are the kiosk window's Wails options: full screen at the
// screen's size, frameless, not resizable, no context menu, no devtools in
// production builds (Wails enables them only with the debug or devtools
// build tags; devtools_guard.go refuses devtools with production), and the
// pointer hidden when configured. ready runs once the page has loaded.
//
// The wails:// scheme serves only a blank bootstrap page (bootstrapHandler);
// every page load (OnDomReady) that is not on the loopback door navigates
// there through a fresh one-time ticket (door.enter), so no app request
// goes through the custom scheme and a reload never leaves a blank kiosk.
func windowOptions(ctx context.Context, w WindowSettings, log *slog.Logger, hooks windowHooks, door *windowDoor, ready func()) *options.App {
	gpu := linux.WebviewGpuPolicyNever
	switch w.GPU {
	case GPUOnDemand:
		gpu = linux.WebviewGpuPolicyOnDemand
	case GPUAlways:
		gpu = linux.WebviewGpuPolicyAlways
	}
	var readyOnce sync.Once
	return &options.App{
		Title:            "Trạm Học Số",
		Width:            1280,
		Height:           800,
		Fullscreen:       true,
		Frameless:        true,
		DisableResize:    true,
		WindowStartState: options.Fullscreen,
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		AssetServer:      &assetserver.Options{Handler: bootstrapHandler{enter: door.guard.enterURL}},
		Logger:           wailsLogger{log},
		OnStartup: func(wctx context.Context) {
			door.setContext(wctx)
			go func() {
				<-ctx.Done()
				hooks.quit(wctx)
			}()
		},
		// OnDomReady runs after every page load (a reload included).
		OnDomReady: func(wctx context.Context) {
			door.domReady(wctx)
			if w.HidePointer {
				hooks.execJS(wctx, hidePointerJS)
			}
			readyOnce.Do(ready)
		},
		// The context menu stays off in production builds (Wails shows it
		// only in debug builds); the page guard blocks it as well.
		EnableDefaultContextMenu: false,
		Debug:                    options.Debug{OpenInspectorOnStartup: false},
		Linux: &linux.Options{
			ProgramName:      "tramhocso",
			WebviewGpuPolicy: gpu,
		},
	}
}

// windowEnv is the environment to set before WebKit starts, in a stable
// order ("NAME=value" pairs).
func (w WindowSettings) windowEnv() []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(w.Env)) {
		out = append(out, fmt.Sprintf("%s=%s", name, w.Env[name]))
	}
	return out
}
