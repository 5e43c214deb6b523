//go:build desktop

package kiosk

import (
	"context"
	"fmt"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"tramhocso/app/api"
)

// WindowSupported tells whether this build can open the kiosk window.
const WindowSupported = true

// RunWindow opens the full-screen kiosk window and blocks until it closes or
// ctx ends. The window's requests reach the API in-process: Wails serves the
// frontend files first and hands every other request (API calls, POSTs) to
// the kiosk door's handler.
func (k *Kiosk) RunWindow(ctx context.Context) error {
	err := wails.Run(&options.App{
		Title:            "Trạm Học Số",
		Width:            1280,
		Height:           800,
		Fullscreen:       true,
		Frameless:        true,
		DisableResize:    true,
		WindowStartState: options.Fullscreen,
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		AssetServer: &assetserver.Options{
			Assets:  k.opts.Assets,
			Handler: k.APIHandler(api.DoorKiosk),
		},
		Logger: wailsLogger{k.log},
		OnStartup: func(wctx context.Context) {
			go func() {
				<-ctx.Done()
				wailsruntime.Quit(wctx)
			}()
		},
		EnableDefaultContextMenu: false,
		Linux: &linux.Options{
			ProgramName:      "tramhocso",
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
	if err != nil {
		return fmt.Errorf("running the kiosk window: %w", err)
	}
	return nil
}
