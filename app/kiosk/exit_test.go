package kiosk

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExitToDesktopLeavesMarkerForTheLauncher(t *testing.T) {
	for _, restart := range []bool{false, true} {
		k := openTestKiosk(t, Options{})
		k.Exit(restart)
		_, err := os.Stat(filepath.Join(k.opts.DataDir, ExitMarker))
		if exists := err == nil; exists == restart {
			t.Errorf("restart=%v: marker exists=%v", restart, exists)
		}
	}
}
