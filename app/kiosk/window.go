//go:build desktop

package kiosk

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// doorProbeEvery is how often the window loop checks that the page still
// has its door cookie (windowdoor.go).
const doorProbeEvery = 5 * time.Second

// WindowSupported tells whether this build can open the kiosk window.
const WindowSupported = true

// RunWindow opens the full-screen kiosk window and blocks until it closes or
// ctx ends. The window loads the app over HTTP from the kiosk window's
// loopback door (loopback.go: 127.0.0.1, a random port, the same kiosk-door
// handler and files as serve, guarded by a one-time ticket and a cookie);
// Wails' wails:// scheme serves only the blank bootstrap page. Once the page
// has loaded it tells systemd the kiosk is ready and starts the health loop
// (when the unit has a watchdog) and the window loop that keeps the page on
// its door (windowdoor.go).
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
	loop, err := k.openLoopbackDoor(supCtx)
	if err != nil {
		return err
	}
	hooks := windowHooks{quit: wailsruntime.Quit, execJS: wailsruntime.WindowExecJS}
	door := newWindowDoor(loop.guard, hooks.execJS, k.log)
	door.restart = freshWebProcess
	err = wails.Run(k.windowOptions(ctx, hooks, door, func() {
		k.startSupervision(supCtx)
		tick := time.NewTicker(doorProbeEvery)
		go func() {
			defer tick.Stop()
			door.run(supCtx, tick.C)
		}()
	}))
	k.stopping()
	stopSupervision()
	cerr := loop.close()
	if err != nil {
		return fmt.Errorf("running the kiosk window: %w", err)
	}
	return cerr
}
