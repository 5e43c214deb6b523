package stats

import (
	"bytes"
	"compress/gzip"
	"context"
	"math/rand/v2"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/session"
)

var benchPacks = []string{"khai-sinh", "kich-hoat-vneid", "cu-tru-ct01", "ly-lich-tu-phap", "xac-nhan-hon-nhan", "khai-tu"}

// busyDay is one kiosk's events for a day of n sessions between 07:30 and
// 17:00: every step passed, some failed first (1–2 codes), some hints, most
// finished, some abandoned or handed off.
func busyDay(rng *rand.Rand, day time.Time, n int) []session.Event {
	var out []session.Event
	for range n {
		at := day.Add(7*time.Hour + 30*time.Minute + time.Duration(rng.IntN(9*60))*time.Minute)
		pack := benchPacks[rng.IntN(len(benchPacks))]
		ev := func(kind session.EventKind, step string, codes ...string) {
			out = append(out, session.Event{Kind: kind, PackID: pack, PackVersion: 1, StepID: step, ErrorCodes: codes, At: at.UTC()})
			at = at.Add(time.Minute)
		}
		ev(session.EventStarted, "")
		end := session.EventFinished
		last := ""
		for i := range 6 {
			last = steps[i%len(steps)] + "-" + string(rune('a'+i))
			if rng.IntN(10) < 3 {
				ev(session.EventStepFailed, last, codes[rng.IntN(len(codes))])
			}
			if rng.IntN(10) == 0 {
				ev(session.EventHintUsed, last)
			}
			if i == 4 {
				if r := rng.IntN(10); r == 0 {
					end = session.EventAbandoned
					break
				} else if r == 1 {
					end = session.EventHandedOff
					break
				}
			}
			ev(session.EventStepPassed, last)
		}
		ev(end, last)
	}
	return out
}

// BenchmarkRecord: events aggregated per second (1000 events per bbolt
// transaction, as many sessions' steps would commit).
func BenchmarkRecord(b *testing.B) {
	r := newRig(b, rigOpts{})
	rng := rand.New(rand.NewPCG(1, 1))
	events := busyDay(rng, time.Date(2026, 11, 23, 0, 0, 0, 0, ict), 2000)
	b.ResetTimer()
	for i := 0; i < b.N; {
		err := r.db.Bolt().Update(func(tx *bolt.Tx) error {
			for j := 0; j < 1000 && i < b.N; j, i = j+1, i+1 {
				if err := r.s.Record(tx, events[i%len(events)]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkDrain90Days: a kiosk offline for 90 days with 200 sessions a day
// and hourly sealing, then drained into a collector on loopback.
func BenchmarkDrain90Days(b *testing.B) {
	for range b.N {
		b.StopTimer()
		r := newRig(b, rigOpts{})
		rng := rand.New(rand.NewPCG(2, 2))
		ctx := context.Background()
		start := time.Date(2026, 8, 1, 0, 0, 0, 0, ict)
		r.clock.Set(start)
		for d := range 90 {
			day := start.AddDate(0, 0, d)
			events := busyDay(rng, day, 200)
			i := 0
			for h := range 24 {
				end := day.Add(time.Duration(h+1) * time.Hour)
				err := r.db.Bolt().Update(func(tx *bolt.Tx) error {
					for ; i < len(events) && events[i].At.Before(end); i++ {
						if err := r.s.Record(tx, events[i]); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				r.clock.Set(end)
				if _, err := r.s.Seal(ctx); err != nil {
					b.Fatal(err)
				}
			}
		}
		st, _ := r.s.Status()
		b.StartTimer()
		res, err := r.s.Upload(ctx)
		if err != nil || res.Waiting != 0 {
			b.Fatal(res, err)
		}
		b.StopTimer()
		b.ReportMetric(float64(st.OutboxBatches), "batches")
		b.ReportMetric(float64(st.OutboxBytes)/(1<<20), "outbox-MiB")
		b.StartTimer()
	}
}

// BenchmarkBusyDayBytes: the batch bytes one kiosk uploads for a busy day
// (200 sessions, hourly sealing), as JSON and as gzip on the wire.
func BenchmarkBusyDayBytes(b *testing.B) {
	for range b.N {
		r := newRig(b, rigOpts{})
		rng := rand.New(rand.NewPCG(3, 3))
		ctx := context.Background()
		day := time.Date(2026, 11, 23, 0, 0, 0, 0, ict)
		r.clock.Set(day)
		events := busyDay(rng, day, 200)
		i := 0
		var raw, wire int
		for h := range 24 {
			end := day.Add(time.Duration(h+1) * time.Hour)
			for ; i < len(events) && events[i].At.Before(end); i++ {
				if err := r.db.Bolt().Update(func(tx *bolt.Tx) error { return r.s.Record(tx, events[i]) }); err != nil {
					b.Fatal(err)
				}
			}
			r.clock.Set(end)
			res, err := r.s.Seal(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if res.BatchID == "" {
				continue
			}
			_, e, err := r.s.oldest()
			if err != nil {
				b.Fatal(err)
			}
			raw += len(e.body)
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			zw.Write(e.body)
			zw.Close()
			wire += gz.Len()
			if _, err := r.s.Upload(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(events)), "events/day")
		b.ReportMetric(float64(raw), "json-bytes/day")
		b.ReportMetric(float64(wire), "gzip-bytes/day")
	}
}
