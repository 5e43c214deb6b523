//go:build !desktop

package kiosk

import (
	"context"
	"errors"
)

// WindowSupported tells whether this build can open the kiosk window.
const WindowSupported = false

// ErrNoWindow is returned by RunWindow in builds without the desktop tag.
var ErrNoWindow = errors.New("this build has no window support (build with -tags desktop,production,webkit2_41)")

// RunWindow is unavailable in this build.
func RunWindow(context.Context, Options, func(context.Context, *Kiosk) func()) error {
	return ErrNoWindow
}
