// Package kiosk is the composition root: it loads the kiosk-config, opens the
// store, builds the API for each door and runs the kiosk either in a Wails
// window (build tag desktop) or headless on a TCP listener (Serve).
package kiosk
