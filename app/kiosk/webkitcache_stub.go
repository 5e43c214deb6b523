//go:build desktop && !webkit2_41

package kiosk

// setCacheModel needs the webkit2gtk-4.1 headers; other builds leave WebKit's default.
func setCacheModel(cacheModel) {}
