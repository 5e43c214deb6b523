package kiosk

import (
	"fmt"

	"tramhocso/app/config"
)

// startWindowSettings are the window settings RunWindow starts WebKit with,
// read before the kiosk opens (the window and the kiosk start side by side,
// and WebKit reads its environment once): opts.Window when set, else
// kiosk.window from kiosk.yaml, else from the last good configuration
// (where Open falls back when kiosk.yaml is refused), else the defaults.
// Only kiosk.yaml is read here, not the packs; Open reads the whole
// directory again and is told to use these settings, so the window and
// the kiosk agree on them.
func startWindowSettings(opts Options) (WindowSettings, error) {
	w := opts.Window
	if w.zero() {
		w = configWindow(opts)
	}
	if err := w.Check(); err != nil {
		return WindowSettings{}, fmt.Errorf("checking the window settings from %s:\n%w", opts.ConfigName, err)
	}
	return w, nil
}

func configWindow(opts Options) WindowSettings {
	if opts.Config != nil {
		if c, err := config.Load(opts.Config); err == nil {
			return WindowSettings(c.Kiosk.Window)
		}
	}
	if opts.DataDir == "" || opts.ConfigDir == "" {
		return WindowSettings{}
	}
	saved, _, err := config.NewLastGood(opts.DataDir).Open()
	if err != nil {
		return WindowSettings{}
	}
	if c, err := config.Load(saved); err == nil {
		return WindowSettings(c.Kiosk.Window)
	}
	return WindowSettings{}
}
