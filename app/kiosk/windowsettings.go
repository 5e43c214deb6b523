package kiosk

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"tramhocso/app/problems"
)

// WindowSettings are the kiosk.window settings of kiosk.yaml: how the kiosk
// window treats the pointer and which WebKit workarounds it needs on this
// PC's graphics. The zero value is right for most kiosks.
//
// This file depends on nothing but the standard library and app/problems,
// so the type can move into app/config unchanged if the config package
// wants to own it.
type WindowSettings struct {
	// HidePointer hides the mouse pointer over the page (touch-only kiosks).
	HidePointer bool `yaml:"hide_pointer" json:"hide_pointer"`
	// GPU is WebKit's hardware-acceleration policy: "never" (the default,
	// the safe choice on old integrated graphics), "on-demand" or "always".
	GPU string `yaml:"gpu" json:"gpu"`
	// Env sets environment variables before WebKit starts, for GPU and
	// driver quirks (only the names in WindowEnvNames), e.g.
	// WEBKIT_DISABLE_COMPOSITING_MODE: "1" against a blank white window.
	Env map[string]string `yaml:"env" json:"env"`
}

// WindowEnvNames are the environment variables kiosk.window.env may set,
// each with what it is for. Anything else is refused: the list keeps a typo
// from passing silently and keeps kiosk.yaml from weakening WebKit's sandbox.
var WindowEnvNames = map[string]string{
	"WEBKIT_DISABLE_COMPOSITING_MODE": "1 turns off accelerated compositing (blank or flickering window on some GPUs)",
	"WEBKIT_DISABLE_DMABUF_RENDERER":  "1 turns off the DMA-BUF renderer (blank window with NVIDIA or old Mesa)",
	"LIBGL_ALWAYS_SOFTWARE":           "1 makes Mesa render in software",
	"GDK_BACKEND":                     "x11 or wayland: which display protocol GTK uses",
	"GDK_SCALE":                       "an integer UI scale for high-density screens",
	"GDK_DPI_SCALE":                   "a text scale factor, e.g. 1.25",
}

// GPU policies accepted in kiosk.window.gpu.
const (
	GPUNever    = "never"
	GPUOnDemand = "on-demand"
	GPUAlways   = "always"
)

// Check lists every problem in the settings, with paths under kiosk.window
// in kiosk.yaml.
func (w WindowSettings) Check() error {
	var probs problems.List
	add := func(path, msg, fix string) { probs.Add("kiosk.yaml", 0, path, msg, fix) }
	switch w.GPU {
	case "", GPUNever, GPUOnDemand, GPUAlways:
	default:
		add("kiosk.window.gpu", fmt.Sprintf("unknown GPU policy %q", w.GPU), "use never, on-demand or always")
	}
	for _, name := range slices.Sorted(maps.Keys(w.Env)) {
		v := w.Env[name]
		path := "kiosk.window.env." + name
		if _, ok := WindowEnvNames[name]; !ok {
			add(path, fmt.Sprintf("%q is not a WebKit workaround this kiosk knows", name),
				"use one of "+strings.Join(slices.Sorted(maps.Keys(WindowEnvNames)), ", "))
			continue
		}
		if v == "" || len(v) > 64 || strings.ContainsAny(v, "\x00\n\r") {
			add(path, fmt.Sprintf("value %q is empty, too long or has a line break", v), WindowEnvNames[name])
		}
	}
	return probs.Err()
}

// zero tells whether no window setting was given.
func (w WindowSettings) zero() bool { return !w.HidePointer && w.GPU == "" && len(w.Env) == 0 }
