//go:build desktop

package kiosk

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/wailsapp/wails/v2"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// WindowSupported tells whether this build can open the kiosk window.
const WindowSupported = true

// RunWindow opens the full-screen kiosk window and blocks until it closes or
// ctx ends. The window's requests reach the API in-process: Wails serves the
// frontend files first and hands every other request (API calls, POSTs) to
// the kiosk door's handler. Once the page has loaded it tells systemd the
// kiosk is ready and starts the health loop (when the unit has a watchdog).
func (k *Kiosk) RunWindow(ctx context.Context) error {
	// WebKit reads its workaround variables when it starts: set them first.
	for _, kv := range k.opts.Window.windowEnv() {
		name, value, _ := strings.Cut(kv, "=")
		if err := os.Setenv(name, value); err != nil {
			return fmt.Errorf("setting %s for WebKit: %w", name, err)
		}
		k.log.InfoContext(ctx, "webkit workaround", "env", kv)
	}
	supCtx, stopSupervision := context.WithCancel(ctx)
	defer stopSupervision()
	hooks := windowHooks{quit: wailsruntime.Quit, execJS: wailsruntime.WindowExecJS}
	err := wails.Run(k.windowOptions(ctx, hooks, func() { k.startSupervision(supCtx) }))
	k.stopping()
	if err != nil {
		return fmt.Errorf("running the kiosk window: %w", err)
	}
	return nil
}
