package kiosk

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkReloadLatency: a pack title written on disk until GET
// /api/catalog serves it, through the real watcher (100 ms debounce
// included). Run with -benchtime=100x for the figures in docs/benchmarks.md.
func BenchmarkReloadLatency(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "kiosk-config")
	if err := os.CopyFS(dir, os.DirFS("../../kiosk-config")); err != nil {
		b.Fatal(err)
	}
	k, err := Open(b.Context(), Options{Config: os.DirFS(dir), ConfigName: dir, ConfigDir: dir, DataDir: b.TempDir(),
		Notify: func(string) (bool, error) { return false, nil }})
	if err != nil {
		b.Fatal(err)
	}
	defer k.Close()
	title := k.snap.Load().Catalog[0].Title.VI
	var file string
	files, _ := filepath.Glob(filepath.Join(dir, "practice", "*.yaml"))
	for _, f := range files {
		if c, _ := os.ReadFile(f); bytes.Contains(c, []byte(title)) {
			file = f
		}
	}
	orig, _ := os.ReadFile(file)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		want := fmt.Sprintf("%s %d", title, i)
		start := time.Now()
		if err := os.WriteFile(file, bytes.Replace(orig, []byte(title), []byte(want), 1), 0o644); err != nil {
			b.Fatal(err)
		}
		for k.snap.Load().Catalog[0].Title.VI != want {
			if time.Since(start) > 30*time.Second {
				b.Fatalf("change %d not served", i)
			}
			time.Sleep(time.Millisecond)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[(len(lat)*99)/100].Microseconds())/1000, "p99-ms")
}
