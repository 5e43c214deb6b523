package stats

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/collector"
	"tramhocso/app/session"
	"tramhocso/app/stats/wire"
	"tramhocso/app/store"
)

const testKiosk = "hn-ba-dinh-01"

var ict = time.FixedZone("ICT", 7*3600)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// writeKey writes a fresh key file (mode 0600) and returns its path and text.
func writeKey(t testing.TB, dir string) (string, string) {
	t.Helper()
	key, err := wire.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "secrets", "stats.key")
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, key
}

// newCollector starts a collector on loopback that knows testKiosk's key,
// behind wrap (nil: no wrapper).
func newCollector(t testing.TB, key string, wrap func(http.Handler) http.Handler) (*collector.Collector, *httptest.Server) {
	t.Helper()
	reg, err := collector.ParseRegistry("kiosks.yaml", []byte(fmt.Sprintf("kiosks:\n  - id: %s\n    key: %s\n", testKiosk, key)))
	if err != nil {
		t.Fatal(err)
	}
	c, err := collector.Open(context.Background(), filepath.Join(t.TempDir(), "collector.db"), reg, collector.Options{Logger: quietLogger(), KioskRate: -1})
	if err != nil {
		t.Fatal(err)
	}
	h := c.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); c.Close() })
	return c, srv
}

type rig struct {
	t     testing.TB
	db    *store.DB
	s     *Stats
	clock *fakeClock
	coll  *collector.Collector
	srv   *httptest.Server
	model *model
}

type rigOpts struct {
	cfg  Config
	deps Deps
	wrap func(http.Handler) http.Handler
}

func newRig(t testing.TB, o rigOpts) *rig {
	t.Helper()
	dir := t.TempDir()
	keyFile, key := writeKey(t, dir)
	coll, srv := newCollector(t, key, o.wrap)
	db, err := store.Open(filepath.Join(dir, "data"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &fakeClock{t: time.Date(2026, 11, 20, 7, 30, 0, 0, ict)}
	cfg := o.cfg
	cfg.KioskID, cfg.Province, cfg.Commune = testKiosk, "Hà Nội", "Phường Ba Đình"
	cfg.Endpoint, cfg.KeyFile = srv.URL+wire.Path, keyFile
	deps := o.deps
	deps.Now = clock.Now
	if deps.Logger == nil {
		deps.Logger = quietLogger()
	}
	if deps.HTTP == nil {
		deps.HTTP = srv.Client()
	}
	s, err := Open(db.Bolt(), cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{t: t, db: db, s: s, clock: clock, coll: coll, srv: srv, model: newModel()}
}

func (r *rig) record(e session.Event) {
	r.t.Helper()
	if err := r.db.Bolt().Update(func(tx *bolt.Tx) error { return r.s.Record(tx, e) }); err != nil {
		r.t.Fatal(err)
	}
	r.model.add(e)
}

// drain seals everything (two days ahead) and uploads until the outbox is
// empty, re-queueing dead letters as staff would.
func (r *rig) drain() {
	r.t.Helper()
	r.clock.Add(48 * time.Hour)
	ctx := context.Background()
	if _, err := r.s.Seal(ctx); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.s.Requeue(); err != nil {
		r.t.Fatal(err)
	}
	for i := 0; ; i++ {
		res, err := r.s.Upload(ctx)
		if err == nil && res.Waiting == 0 {
			break
		}
		if i > 20 {
			r.t.Fatalf("outbox does not drain: %+v, %v", res, err)
		}
	}
	st, err := r.s.Status()
	if err != nil {
		r.t.Fatal(err)
	}
	if st.OutboxBatches != 0 || len(st.DeadLetters) != 0 {
		r.t.Fatalf("after draining: %d waiting, %d dead letters", st.OutboxBatches, len(st.DeadLetters))
	}
}

// model is what the kiosk was told, counted independently of the code under test.
type model struct {
	counters                     map[wire.Counter]uint64
	started, finished, handedOff uint64
	events                       uint64
}

func newModel() *model { return &model{counters: map[wire.Counter]uint64{}} }

func (m *model) add(e session.Event) {
	day := e.At.In(ict).Format(wire.DayLayout)
	c := wire.Counter{Day: day, Pack: e.PackID, PackVersion: e.PackVersion, Step: e.StepID, Kind: string(e.Kind)}
	m.counters[c]++
	m.events++
	for _, code := range e.ErrorCodes {
		c.Error = code
		m.counters[c]++
	}
	switch e.Kind {
	case session.EventStarted:
		m.started++
	case session.EventFinished:
		m.finished++
	case session.EventHandedOff:
		m.handedOff++
	}
}

// check compares the collector's totals with the model.
func (r *rig) check() {
	r.t.Helper()
	tot, err := r.coll.Totals(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	if len(tot.Counters) != len(r.model.counters) {
		r.t.Errorf("collector has %d distinct counters, kiosk counted %d", len(tot.Counters), len(r.model.counters))
	}
	for c, n := range r.model.counters {
		if tot.Counters[c] != n {
			r.t.Errorf("counter %+v: collector %d, kiosk %d", c, tot.Counters[c], n)
		}
	}
	k := tot.Kiosks[testKiosk]
	if k.Started != r.model.started || k.Finished != r.model.finished || k.HandedOff != r.model.handedOff {
		r.t.Errorf("hourly totals %d/%d/%d, kiosk counted %d/%d/%d", k.Started, k.Finished, k.HandedOff, r.model.started, r.model.finished, r.model.handedOff)
	}
	st, err := r.s.Status()
	if err != nil {
		r.t.Fatal(err)
	}
	if uint64(tot.Batches) != st.Sealed {
		r.t.Errorf("collector holds %d batches, kiosk sealed %d", tot.Batches, st.Sealed)
	}
}

var (
	packs = []string{"khai-sinh", "kich-hoat-vneid", "cu-tru-ct01"}
	steps = []string{"ho-ten", "cccd", "ngay-sinh", "so-dien-thoai", "xac-nhan"}
	kinds = []session.EventKind{session.EventStarted, session.EventStepPassed, session.EventStepFailed, session.EventHintUsed,
		session.EventFinished, session.EventAbandoned, session.EventExpired, session.EventHandedOff}
	codes = []string{"cccd.length", "cccd.province_unknown", "phone.prefix", "name.digit", "date.future"}
)

// randomEvent makes a valid event at t.
func randomEvent(rng *rand.Rand, t time.Time) session.Event {
	e := session.Event{Kind: kinds[rng.IntN(len(kinds))], PackID: packs[rng.IntN(len(packs))], PackVersion: 1 + rng.IntN(2), Door: "kiosk", At: t.UTC()}
	if e.Kind != session.EventStarted {
		e.StepID = steps[rng.IntN(len(steps))]
	}
	if e.Kind == session.EventStepFailed {
		for _, i := range rng.Perm(len(codes))[:1+rng.IntN(2)] {
			e.ErrorCodes = append(e.ErrorCodes, codes[i])
		}
	}
	return e
}
