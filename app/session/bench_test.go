package session

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"tramhocso/app/store"
)

// benchPayload is an engine state of a realistic size (a long form half
// filled in): about 2 KiB.
var benchPayload = []byte(fmt.Sprintf(`{"answers":{"note":%q}}`, make([]byte, 2000)))

func benchManager(b *testing.B, opts store.Options) (*Manager, *store.DB) {
	b.Helper()
	db, err := store.Open(b.TempDir(), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return New(db, Options{}), db
}

func submit(ctx context.Context, m *Manager, id string) error {
	_, err := m.Update(ctx, id, func(c *Change) error {
		c.StepPassed("buoc")
		c.Record.Payload = benchPayload
		return nil
	})
	return err
}

// BenchmarkStepSubmit: one step submission, committed and fsync'd.
func BenchmarkStepSubmit(b *testing.B) {
	ctx := context.Background()
	m, _ := benchManager(b, store.Options{})
	r, err := m.Start(ctx, Start{PackID: "khai-sinh", PackVersion: 1, Door: DoorKiosk})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := submit(ctx, m, r.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStepSubmitPercentiles reports the p50 and p99 of single step
// submissions (with the bbolt commit and its fsyncs), over 2,000 of them
// per round, spread over 50 sessions as a busy kiosk day would be.
func BenchmarkStepSubmitPercentiles(b *testing.B) {
	ctx := context.Background()
	m, _ := benchManager(b, store.Options{})
	var ids []string
	for range 50 {
		r, err := m.Start(ctx, Start{PackID: "khai-sinh", PackVersion: 1, Door: DoorKiosk})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	var all []time.Duration
	for b.Loop() {
		for i := range 2000 {
			t0 := time.Now()
			if err := submit(ctx, m, ids[i%len(ids)]); err != nil {
				b.Fatal(err)
			}
			all = append(all, time.Since(t0))
		}
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) }
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(pct(1), "max-µs")
}

// BenchmarkFileSize10kSessions runs 10,000 sessions of 8 steps to their
// finish and reports the file size, then the size after the compaction
// Open does. fsync is off here: it does not change sizes, and 100,000
// synced commits would take minutes.
func BenchmarkFileSize10kSessions(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		opts := store.Options{NoSync: true, CompactMinSize: -1}
		db, err := store.Open(dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		m := New(db, Options{})
		for range 10000 {
			r, err := m.Start(ctx, Start{PackID: "khai-sinh", PackVersion: 1, Door: DoorKiosk})
			if err != nil {
				b.Fatal(err)
			}
			for range 8 {
				if err := submit(ctx, m, r.ID); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := m.Finish(ctx, r.ID); err != nil {
				b.Fatal(err)
			}
		}
		u, _ := db.Usage()
		db.Close()
		b.ReportMetric(float64(u.FileBytes), "bytes-uncompacted")
		b.ReportMetric(float64(u.LiveBytes), "bytes-live")
		opts.CompactMinSize = 1
		db, err = store.Open(dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		st, _ := os.Stat(filepath.Join(dir, store.FileName))
		db.Close()
		b.ReportMetric(float64(st.Size()), "bytes-compacted")
	}
}
