package config

import (
	"context"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// BenchmarkWatchIdle: what a watcher on the sample kiosk-config costs while
// nothing changes. One op is one idle second; reported: CPU time per idle
// second (user+system, whole process) and heap in use.
func BenchmarkWatchIdle(b *testing.B) {
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	ready := make(chan struct{})
	fsys := os.DirFS("../../kiosk-config")
	go Watch(ctx, "../../kiosk-config", WatchOptions{Ready: func() { close(ready) }}, func(context.Context) {
		_, _ = Fingerprint(fsys) // what the kiosk's check does when nothing changed
	})
	<-ready
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	cpu := func() time.Duration {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ResetTimer()
	c0 := cpu()
	for range b.N {
		time.Sleep(time.Second)
	}
	c1 := cpu()
	b.StopTimer()
	b.ReportMetric(float64((c1-c0).Microseconds())/float64(b.N), "cpu-µs/idle-s")
	b.ReportMetric(float64(ms.HeapInuse)/1024, "heap-KiB")
	b.ReportMetric(float64(runtime.NumGoroutine()), "goroutines")
}
