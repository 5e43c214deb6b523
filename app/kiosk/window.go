//go:build desktop

package kiosk

import (
	"context"
	"fmt"
	"log/slog"
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

// RunWindow opens the kiosk (Open) and its full-screen window side by side
// and blocks until the window closes, ctx ends or the staff ask the app to
// stop (then the error is an *ExitError). The window does not wait for the
// kiosk: GTK and WebKit start while the configuration, the packs and the
// database load (decision 127), and the page's first request waits at the
// door's gate until the kiosk is open. When the kiosk cannot open, the
// window closes and RunWindow returns why. started runs once the kiosk is
// open (the command starts the phone door there); the function it returns
// runs when the window has closed, before the kiosk does.
//
// The window loads the app over HTTP from the kiosk window's loopback door
// (loopback.go: 127.0.0.1, a random port, the same kiosk-door handler and
// files as serve, guarded by a one-time ticket and a cookie); Wails'
// wails:// scheme serves only the blank bootstrap page. Once the page has
// loaded and the kiosk is open it tells systemd the kiosk is ready and
// starts the health loop (when the unit has a watchdog); the window loop
// keeps the page on its door (windowdoor.go).
func RunWindow(ctx context.Context, opts Options, started func(ctx context.Context, k *Kiosk) (stop func())) error {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	settings, err := startWindowSettings(opts)
	if err != nil {
		return err
	}
	opts.Window = settings
	// WebKit reads its workaround variables when it starts: set them first.
	for _, kv := range settings.windowEnv() {
		name, value, _ := strings.Cut(kv, "=")
		if err := os.Setenv(name, value); err != nil {
			return fmt.Errorf("setting %s for WebKit: %w", name, err)
		}
		log.InfoContext(ctx, "webkit workaround", "env", kv)
	}
	winCtx, closeWindow := context.WithCancel(ctx)
	defer closeWindow()
	loop, err := listenLoopbackDoor(winCtx, log)
	if err != nil {
		return err
	}

	// The kiosk opens beside the window.
	type opened struct {
		k    *Kiosk
		err  error
		stop func()
	}
	openc := make(chan opened, 1)
	kioskOpen := make(chan *Kiosk, 1) // the open kiosk, for the first page load
	go func() {
		// The page asks for the kiosk only after GTK and WebKit have started
		// (decision 128): until then they need the CPU more. This goroutine
		// stays locked to its lowered thread and ends with it.
		if err := yieldThread(openNice); err != nil {
			log.DebugContext(winCtx, "kiosk opens at the window's priority", "err", err)
		}
		k, err := Open(winCtx, opts)
		if err != nil {
			openc <- opened{err: err}
			closeWindow()
			return
		}
		loop.serve(k)
		exitCtx, exitDone := k.ExitContext(winCtx) // the staff panel's restart and exit
		go func() {
			<-exitCtx.Done()
			exitDone()
			closeWindow()
		}()
		var stop func()
		if started != nil {
			stop = started(winCtx, k)
		}
		kioskOpen <- k
		openc <- opened{k: k, stop: stop}
	}()

	supCtx, stopSupervision := context.WithCancel(winCtx)
	defer stopSupervision()
	hooks := windowHooks{quit: quitWindow, execJS: wailsruntime.WindowExecJS}
	door := newWindowDoor(loop.guard, hooks.execJS, log)
	door.restart = freshWebProcess
	runErr := wails.Run(windowOptions(winCtx, settings, log, hooks, door, func() {
		go func() {
			select {
			case k := <-kioskOpen:
				k.startSupervision(supCtx)
			case <-supCtx.Done():
			}
		}()
		tick := time.NewTicker(doorProbeEvery)
		go func() {
			defer tick.Stop()
			door.run(supCtx, tick.C)
		}()
	}))
	closeWindow()
	o := <-openc
	if o.k != nil {
		o.k.stopping()
	}
	stopSupervision()
	if o.stop != nil {
		o.stop()
	}
	cerr := loop.close()
	if o.err != nil {
		return o.err
	}
	defer o.k.Close()
	if runErr != nil {
		return fmt.Errorf("running the kiosk window: %w", runErr)
	}
	if cerr != nil {
		return cerr
	}
	return o.k.ExitErr(nil)
}
