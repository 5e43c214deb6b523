// Command tramhocso is the Trạm Học Số kiosk: a full-screen Wails window on a
// touch-screen PC, or the same app headless (`serve`). main only embeds the
// built frontend and the sample kiosk-config and hands over to app/cli.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"tramhocso/app/cli"
)

//go:embed all:frontend/dist
var frontendDist embed.FS

//go:embed kiosk-config/kiosk.yaml kiosk-config/practice kiosk-config/places kiosk-config/skills.yaml kiosk-config/tips.yaml
var sampleConfig embed.FS

func main() {
	assets, err := fs.Sub(frontendDist, "frontend/dist")
	must(err)
	sample, err := fs.Sub(sampleConfig, "kiosk-config")
	must(err)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Stdout:       os.Stdout,
		Stderr:       os.Stderr,
		Getenv:       os.Getenv,
		Getwd:        os.Getwd,
		Assets:       assets,
		SampleConfig: sample,
	})
	stop()
	os.Exit(code)
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "tramhocso: broken build:", err)
		os.Exit(1)
	}
}
