package practice

import (
	"os"
	"testing"
	"time"
)

// BenchmarkLoadLibrary is the sample kiosk-config's packs, places and skills
// loaded and checked as the kiosk does at every start and reload (each
// pack's persona walked through the whole practice).
func BenchmarkLoadLibrary(b *testing.B) {
	fsys := os.DirFS("../../kiosk-config")
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadLibrary(fsys, "practice", LoadOptions{Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}
