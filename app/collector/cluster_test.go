package collector

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tramhocso/app/stats/wire"
)

// faulty misbehaves like a real network and load balancer in front of one
// collector: errors before the collector sees the request, answers lost
// after it stored the batch, requests cancelled mid-transaction.
type faulty struct {
	mu     sync.Mutex
	rng    *rand.Rand
	counts map[string]int
}

func (f *faulty) pick() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := []string{"ok", "ok", "ok", "ok", "ok", "ok", "500", "lost", "cancel", "503"}[f.rng.IntN(10)]
	f.counts[k]++
	return k
}

func (f *faulty) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch f.pick() {
		case "500":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "503":
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
		case "lost": // stored (perhaps), but the answer never arrives
			next.ServeHTTP(httptest.NewRecorder(), r)
			http.Error(w, "bad gateway", http.StatusBadGateway)
		case "cancel": // the client gives up while the transaction runs
			ctx, cancel := context.WithCancel(r.Context())
			go func() { time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond); cancel() }()
			next.ServeHTTP(httptest.NewRecorder(), r.WithContext(ctx))
			cancel()
			http.Error(w, "gateway timeout", http.StatusGatewayTimeout)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// TestTwoCollectorsOneDatabase: two collectors (each its own connection
// pool) on one PostgreSQL database receive the same 1,000 batches
// concurrently through faults; every batch is stored exactly once and the
// totals equal what the kiosks sent.
func TestTwoCollectorsOneDatabase(t *testing.T) {
	db := freshPG(t)
	const kiosks, perKiosk = 10, 100
	keys := map[string]string{}
	for i := range kiosks {
		keys[fmt.Sprintf("kiosk-%02d", i)] = newKey(t)
	}
	var servers []*httptest.Server
	var faults []*faulty
	var colls []*Collector
	for i := range 2 {
		c := open(t, db, keys, Options{KioskRate: -1})
		f := &faulty{rng: rand.New(rand.NewPCG(uint64(i), 99)), counts: map[string]int{}}
		srv := httptest.NewServer(f.wrap(c.Handler()))
		t.Cleanup(srv.Close)
		servers, faults, colls = append(servers, srv), append(faults, f), append(colls, c)
	}

	type sumKey struct{ kiosk, day, pack, step, kind, code string }
	want := map[sumKey]uint64{}
	wantStarted := map[string]uint64{}
	type job struct {
		kiosk, id string
		body      []byte
	}
	var jobs []job
	rng := rand.New(rand.NewPCG(7, 7))
	for id, keyText := range keys {
		key, _ := wire.ParseKey([]byte(keyText))
		_ = key
		for seq := uint64(1); seq <= perKiosk; seq++ {
			var cs []wire.Counter
			seen := map[wire.Counter]bool{}
			for range 1 + rng.IntN(8) {
				c := wire.Counter{Day: fmt.Sprintf("2026-11-%02d", 20+rng.IntN(3)), Pack: []string{"khai-sinh", "vneid"}[rng.IntN(2)], PackVersion: 1,
					Kind: []string{"started", "finished", "step_failed"}[rng.IntN(3)]}
				if c.Kind == "step_failed" {
					c.Step = "cccd"
				}
				if seen[c] {
					continue
				}
				seen[c] = true
				c.N = 1 + uint64(rng.IntN(9))
				cs = append(cs, c)
				want[sumKey{id, c.Day, c.Pack, c.Step, c.Kind, ""}] += c.N
				if c.Kind == "step_failed" {
					e := c
					e.Error, e.N = "cccd.length", 1
					cs = append(cs, e)
					want[sumKey{id, c.Day, c.Pack, c.Step, c.Kind, "cccd.length"}]++
				}
			}
			body := batch(id, seq, cs...)
			b, err := wire.Parse(body)
			if err != nil {
				t.Fatal(err)
			}
			wantStarted[id]++ // batch() adds one hourly start
			jobs = append(jobs, job{id, b.BatchID, body})
		}
	}

	var stored, requests atomic.Int64
	work := make(chan [2]int)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range work {
				j, srv := jobs[w[0]], servers[w[1]]
				key, _ := wire.ParseKey([]byte(keys[j.kiosk]))
				for attempt := 0; ; attempt++ {
					if attempt > 50 {
						t.Errorf("batch %s: no success after 50 attempts", j.id)
						return
					}
					requests.Add(1)
					req, _ := http.NewRequest("POST", srv.URL+wire.Path, bytes.NewReader(gz(j.body)))
					req.Header.Set("Content-Encoding", "gzip")
					req.Header.Set(wire.HeaderKiosk, j.kiosk)
					req.Header.Set(wire.HeaderIdempotencyKey, j.id)
					req.Header.Set(wire.HeaderSignature, wire.Sign(key, j.body))
					resp, err := client.Do(req)
					if err != nil {
						continue
					}
					var buf bytes.Buffer
					buf.ReadFrom(resp.Body)
					resp.Body.Close()
					if resp.StatusCode == 200 {
						if strings.Contains(buf.String(), `"stored"`) {
							stored.Add(1)
						}
						break
					}
					if resp.StatusCode < 500 {
						t.Errorf("batch %s: %d %s", j.id, resp.StatusCode, buf.String())
						return
					}
				}
			}
		}()
	}
	for i := range jobs {
		work <- [2]int{i, 0}
		work <- [2]int{i, 1}
	}
	close(work)
	wg.Wait()
	if t.Failed() {
		return
	}

	ctx := context.Background()
	for i, c := range colls {
		tot, err := c.Totals(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if tot.Batches != len(jobs) {
			t.Fatalf("collector %d sees %d batches, want %d (duplicates or losses)", i, tot.Batches, len(jobs))
		}
		got := map[sumKey]uint64{}
		err = c.Store().Sums(ctx, Query{Scope: Scope{All: true}, ByDay: true}, func(s Sum) error {
			got[sumKey{s.Kiosk, s.Day, s.Pack, s.Step, s.Kind, s.Error}] += s.N
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("collector %d: %d running totals, kiosks sent %d", i, len(got), len(want))
		}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("collector %d: total %+v is %d, kiosks sent %d", i, k, got[k], n)
			}
		}
		ks, err := c.Store().Kiosks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range ks {
			if k.Batches != perKiosk || k.Started != wantStarted[k.Kiosk] {
				t.Errorf("kiosk %s: %d batches, %d started; want %d, %d", k.Kiosk, k.Batches, k.Started, perKiosk, wantStarted[k.Kiosk])
			}
		}
	}
	if n := stored.Load(); n > int64(len(jobs)) {
		t.Errorf("%d answers said stored for %d batches", n, len(jobs))
	}
	for i, f := range faults {
		for _, k := range []string{"500", "lost", "cancel", "503"} {
			if f.counts[k] == 0 {
				t.Errorf("collector %d: fault %q never injected", i, k)
			}
		}
		t.Logf("collector %d faults: %v", i, f.counts)
	}
	t.Logf("%d batches, %d requests, %d answered stored", len(jobs), requests.Load(), stored.Load())
}
