package stats

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	bolt "go.etcd.io/bbolt"

	"tramhocso/app/session"
	"tramhocso/app/stats/wire"
)

func TestCountSealUpload(t *testing.T) {
	r := newRig(t, rigOpts{})
	ctx := context.Background()
	at := r.clock.Now()
	r.record(session.Event{Kind: session.EventStarted, PackID: "khai-sinh", PackVersion: 1, At: at})
	r.record(session.Event{Kind: session.EventStepFailed, PackID: "khai-sinh", PackVersion: 1, StepID: "cccd", ErrorCodes: []string{"cccd.length", "cccd.province_unknown"}, At: at})
	r.record(session.Event{Kind: session.EventFinished, PackID: "khai-sinh", PackVersion: 1, StepID: "xac-nhan", At: at})

	// Within the hour nothing has closed.
	if res, err := r.s.Seal(ctx); err != nil || res.BatchID != "" {
		t.Fatalf("seal before the hour ended: %+v, %v", res, err)
	}
	// After the hour: the hourly totals close, the day's pack counters do not.
	r.clock.Add(time.Hour)
	res, err := r.s.Seal(ctx)
	if err != nil || res.BatchID == "" {
		t.Fatalf("seal after the hour: %+v, %v", res, err)
	}
	if res.Events != 0 {
		t.Fatalf("the hourly batch counts %d pack events; pack counters must wait for the day's end", res.Events)
	}
	// Sealing the same boundary again does nothing.
	if again, err := r.s.Seal(ctx); err != nil || again.BatchID != "" {
		t.Fatalf("second seal of one boundary: %+v, %v", again, err)
	}
	r.drain()
	r.check()
	st, err := r.s.Status()
	if err != nil {
		t.Fatal(err)
	}
	if st.LastSuccess == nil || st.LastError != "" || st.Sealed != 2 {
		t.Fatalf("status %+v", st)
	}
}

// TestBatchesMatchSchema checks every batch the kiosk builds against the
// published JSON Schema, so docs/upload-batch.schema.json cannot drift.
func TestBatchesMatchSchema(t *testing.T) {
	comp := jsonschema.NewCompiler()
	comp.AssertFormat()
	sch, err := comp.Compile(filepath.Join("..", "..", "docs", "upload-batch.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, rigOpts{})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		r.record(randomEvent(rng, r.clock.Now()))
		r.clock.Add(time.Duration(rng.IntN(40)) * time.Minute)
		if _, err := r.s.Seal(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	r.drain()
	st, _ := r.s.Status()
	checked := 0
	for seq := uint64(1); seq <= st.Sealed; seq++ {
		body := r.batchBody(t, seq)
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Fatalf("batch %d does not match the schema: %v\n%s", seq, err, body)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d batches checked", checked)
	}
	// And the schema refuses what Parse refuses (a free-text pack).
	last := string(r.batchBody(t, st.Sealed))
	if !strings.Contains(last, `"pack":"`) {
		t.Fatalf("the last batch has no pack counter:\n%s", last)
	}
	for _, free := range []string{"Nguyễn Văn An", "001203004567"} {
		edited := regexp.MustCompile(`"pack":"[^"]*"`).ReplaceAllString(last, `"pack":"`+free+`"`)
		bad, err := jsonschema.UnmarshalJSON(strings.NewReader(edited))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(bad) == nil {
			t.Fatalf("the schema accepts %q as a pack", free)
		}
	}
}

// batchBody finds the stored bytes of the batch with sequence number seq.
func (r *rig) batchBody(t testing.TB, seq uint64) []byte {
	t.Helper()
	// Batch ids embed the period end, which the test does not track: match the sequence.
	ids, err := r.coll.BatchIDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		m := wire.BatchIDRE.FindStringSubmatch(id)
		if m != nil && m[3] == fmt.Sprintf("%06d", seq) {
			b, err := r.coll.Batch(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("batch %d not at the collector", seq)
	return nil
}

// faults is a collector wrapper that misbehaves in every way a real network
// and server can, while on.
type faults struct {
	on     atomic.Bool
	rng    *rand.Rand
	counts map[string]int
}

func (f *faults) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !f.on.Load() {
			next.ServeHTTP(w, r)
			return
		}
		kinds := []string{"ok", "ok", "ok", "500", "500", "429", "429date", "timeout", "400", "413", "lost", "lost", "slow", "slow", "503", "503"}
		kind := kinds[f.rng.IntN(len(kinds))]
		f.counts[kind]++
		switch kind {
		case "500":
			http.Error(w, "boom", 500)
		case "503":
			w.Header().Set("Retry-After", "30")
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		case "429":
			w.Header().Set("Retry-After", "120")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "429date":
			w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "timeout":
			// The kiosk gives up; nothing stored. (Reading the body lets the
			// server notice the closed connection and cancel the context.)
			io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
		case "400":
			http.Error(w, "bad", 400)
		case "413":
			http.Error(w, "too big", http.StatusRequestEntityTooLarge)
		case "lost":
			// Store, then lose the response: the kiosk sees a broken connection.
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			panic(http.ErrAbortHandler)
		case "slow":
			time.Sleep(time.Duration(f.rng.IntN(5)) * time.Millisecond)
			next.ServeHTTP(w, r)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// refusing is a Doer that sometimes sends to a closed port (connection refused).
type refusing struct {
	client *http.Client
	closed string
	on     *atomic.Bool
	rng    *rand.Rand
	n      int
}

func (d *refusing) Do(req *http.Request) (*http.Response, error) {
	if d.on.Load() && d.rng.IntN(8) == 0 {
		d.n++
		req = req.Clone(req.Context())
		req.URL.Host = d.closed
	}
	return d.client.Do(req)
}

func closedPort(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestUploadExactlyOnceUnderFaults is the property: for many random event
// streams and a collector that fails in every way, once the faults stop the
// collector's totals equal exactly what the kiosk counted, with no duplicates.
func TestUploadExactlyOnceUnderFaults(t *testing.T) {
	seeds := 10
	if testing.Short() {
		seeds = 3
	}
	total := map[string]int{}
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 99))
		f := &faults{rng: rand.New(rand.NewPCG(seed, 7)), counts: total}
		f.on.Store(true)
		var r *rig
		d := &refusing{closed: closedPort(t), on: &f.on, rng: rand.New(rand.NewPCG(seed, 3))}
		r = newRig(t, rigOpts{wrap: f.wrap, deps: Deps{HTTP: d}})
		d.client = &http.Client{Timeout: 100 * time.Millisecond, Transport: r.srv.Client().Transport}
		ctx := context.Background()
		n := 100 + rng.IntN(400)
		for range n {
			r.record(randomEvent(rng, r.clock.Now()))
			r.clock.Add(time.Duration(rng.IntN(30)) * time.Minute)
			switch rng.IntN(6) {
			case 0:
				if _, err := r.s.Seal(ctx); err != nil {
					t.Fatal(err)
				}
			case 1:
				r.s.upload(ctx, false) // scheduled: honours backoff
			case 2:
				r.s.Upload(ctx) // send now
			}
		}
		f.on.Store(false)
		total["refused"] += d.n
		r.drain()
		r.check()
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
	for _, k := range []string{"500", "429", "timeout", "400", "413", "lost", "slow", "refused"} {
		if total[k] == 0 {
			t.Errorf("fault %q was never injected (%v)", k, total)
		}
	}
	t.Logf("faults injected: %v", total)
}

func TestRetryAfterHonoured(t *testing.T) {
	var calls atomic.Int32
	busy := atomic.Bool{}
	busy.Store(true)
	r := newRig(t, rigOpts{wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			calls.Add(1)
			if busy.Load() {
				w.Header().Set("Retry-After", "600")
				http.Error(w, "busy", http.StatusTooManyRequests)
				return
			}
			next.ServeHTTP(w, req)
		})
	}})
	ctx := context.Background()
	r.record(session.Event{Kind: session.EventStarted, PackID: "khai-sinh", At: r.clock.Now()})
	r.clock.Add(time.Hour)
	if _, err := r.s.Seal(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.s.upload(ctx, false); err == nil {
		t.Fatal("a 429 was not reported")
	}
	st, _ := r.s.Status()
	if st.NextAttempt == nil || st.NextAttempt.Before(r.clock.Now().Add(600*time.Second)) {
		t.Fatalf("next attempt %v, want at least Retry-After (600s) after %v", st.NextAttempt, r.clock.Now())
	}
	if !strings.Contains(st.LastError, "429") || st.OutboxBatches != 1 {
		t.Fatalf("status %+v", st)
	}
	busy.Store(false)
	r.clock.Add(599 * time.Second)
	if res, _ := r.s.upload(ctx, false); calls.Load() != 1 || res.Sent != 0 {
		t.Fatalf("retried before Retry-After: %d calls", calls.Load())
	}
	r.clock.Add(time.Second)
	if res, err := r.s.upload(ctx, false); err != nil || res.Sent != 1 {
		t.Fatalf("after Retry-After: %+v, %v", res, err)
	}
}

func TestBackoffFullJitter(t *testing.T) {
	s := &Stats{}
	s.cfg.Store(&Config{RetryMin: time.Second, RetryMax: time.Minute})
	cases := []struct {
		attempts   int
		rand       float64
		retryAfter time.Duration
		want       time.Duration
	}{
		{1, 0.5, 0, 500 * time.Millisecond},
		{2, 0.5, 0, time.Second},
		{4, 0.5, 0, 4 * time.Second},
		{10, 0.5, 0, 30 * time.Second}, // capped at RetryMax
		{100, 0.999, 0, time.Duration(0.999 * float64(time.Minute))},
		{3, 0, 0, 0}, // full jitter reaches zero
		{1, 0, 2 * time.Minute, 2 * time.Minute},
		{1, 0.5, 24 * time.Hour, MaxRetryAfter},
	}
	for _, c := range cases {
		s.deps.Rand = func() float64 { return c.rand }
		if got := s.delay(c.attempts, c.retryAfter); got != c.want {
			t.Errorf("delay(%d, rand %v, retry-after %v) = %v, want %v", c.attempts, c.rand, c.retryAfter, got, c.want)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"120", 2 * time.Minute}, {"-5", 0}, {"soon", 0},
		{now.Add(time.Hour).Format(http.TimeFormat), time.Hour},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"99999999999", MaxRetryAfter},
	}
	for _, c := range cases {
		if got := retryAfter(c.in, now); got != c.want {
			t.Errorf("retryAfter(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "120", "Wed, 21 Oct 2026 07:28:00 GMT", "-1", "1e9"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if d := retryAfter(s, now); d < 0 || d > MaxRetryAfter {
			t.Fatalf("retryAfter(%q) = %v", s, d)
		}
	})
}

// TestRefusalGoesToDeadLetterWithoutBlocking: a 4xx batch is set aside, the
// next one is delivered, staff can re-queue the first.
func TestRefusalGoesToDeadLetterWithoutBlocking(t *testing.T) {
	refuse := atomic.Value{}
	refuse.Store("")
	r := newRig(t, rigOpts{wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if req.Header.Get(wire.HeaderIdempotencyKey) == refuse.Load().(string) {
				http.Error(w, "nope", http.StatusUnprocessableEntity)
				return
			}
			next.ServeHTTP(w, req)
		})
	}})
	ctx := context.Background()
	var ids []string
	for range 3 {
		r.record(session.Event{Kind: session.EventStarted, PackID: "khai-sinh", At: r.clock.Now()})
		r.clock.Add(time.Hour)
		res, err := r.s.Seal(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.BatchID)
	}
	refuse.Store(ids[0])
	res, err := r.s.Upload(ctx)
	if err != nil || res.Sent != 2 || res.DeadLettered != 1 {
		t.Fatalf("upload: %+v, %v", res, err)
	}
	st, _ := r.s.Status()
	if len(st.DeadLetters) != 1 || st.DeadLetters[0].ID != ids[0] || !strings.Contains(st.DeadLetters[0].LastError, "422") {
		t.Fatalf("dead letters %+v", st.DeadLetters)
	}
	refuse.Store("")
	if n, err := r.s.Requeue(ids[0]); err != nil || n != 1 {
		t.Fatalf("requeue: %d, %v", n, err)
	}
	r.drain()
	r.check()
}

// TestOutboxBoundDropsOldestAndSaysSo: with uploads impossible, the outbox
// keeps to its bound by dropping the oldest batches, and the next batch
// carries exactly how many periods and events went.
func TestOutboxBoundDropsOldestAndSaysSo(t *testing.T) {
	offline := atomic.Bool{}
	offline.Store(true)
	r := newRig(t, rigOpts{
		cfg: Config{OutboxMaxBytes: 64 << 10, OutboxMaxAge: 30 * 24 * time.Hour},
		wrap: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				if offline.Load() {
					http.Error(w, "down", http.StatusServiceUnavailable)
					return
				}
				next.ServeHTTP(w, req)
			})
		}})
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 5))
	// 40 days of many distinct counters: far more than 64 KiB of batches.
	for range 40 {
		for range 150 {
			e := randomEvent(rng, r.clock.Now())
			e.StepID = fmt.Sprintf("buoc-%d", rng.IntN(60))
			if e.Kind == session.EventStarted {
				e.StepID = ""
			}
			r.record(e)
		}
		r.clock.Add(24 * time.Hour)
		if _, err := r.s.Seal(ctx); err != nil {
			t.Fatal(err)
		}
		st, _ := r.s.Status()
		if st.OutboxBytes > 64<<10+int64(st.OldestWaiting.Bytes) {
			t.Fatalf("outbox %d bytes, bound 64 KiB", st.OutboxBytes)
		}
		r.s.Upload(ctx)
	}
	st, _ := r.s.Status()
	if st.Dropped.Periods == 0 || st.Dropped.Events == 0 {
		t.Fatalf("nothing dropped: %+v", st)
	}
	offline.Store(false)
	r.drain()
	tot, err := r.coll.Totals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	k := tot.Kiosks[testKiosk]
	var received uint64
	for c, n := range tot.Counters {
		if c.Error == "" {
			received += n
		}
	}
	st, _ = r.s.Status()
	if k.DroppedPeriods != st.Dropped.Periods || k.DroppedEvents != st.Dropped.Events {
		t.Fatalf("collector was told of %d periods / %d events dropped; kiosk dropped %d / %d", k.DroppedPeriods, k.DroppedEvents, st.Dropped.Periods, st.Dropped.Events)
	}
	if received+k.DroppedEvents != r.model.events {
		t.Fatalf("received %d + dropped %d != counted %d: something went silently", received, k.DroppedEvents, r.model.events)
	}
	if uint64(tot.Batches)+st.Dropped.Periods != st.Sealed {
		t.Fatalf("received %d + dropped %d batches != sealed %d", tot.Batches, st.Dropped.Periods, st.Sealed)
	}
}

func TestOutboxAgeBound(t *testing.T) {
	r := newRig(t, rigOpts{cfg: Config{Endpoint: "", OutboxMaxAge: 48 * time.Hour}})
	ctx := context.Background()
	for range 5 {
		r.record(session.Event{Kind: session.EventStarted, PackID: "khai-sinh", At: r.clock.Now()})
		r.clock.Add(24 * time.Hour)
		if _, err := r.s.Seal(ctx); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := r.s.Status()
	if st.OutboxBatches > 3 || st.Dropped.Periods < 2 {
		t.Fatalf("age bound not applied: %+v", st)
	}
	if st.OldestWaiting.SealedAt.Before(r.clock.Now().Add(-48 * time.Hour)) {
		t.Fatalf("oldest waiting %v is older than 48h", st.OldestWaiting.SealedAt)
	}
}

// TestNoPersonalDataLeaves feeds a session's persona values into every field
// an event has; none of them may reach the uploaded JSON.
func TestNoPersonalDataLeaves(t *testing.T) {
	persona := []string{"Nguyễn Văn An", "nguyen van an", "001203004567", "0912345678", "an.nguyen@example.vn",
		"12/03/1950", "1950-03-12", "Số 5 ngõ 12 phố Kim Mã", "Phường Kim Mã số 5", "Kim Mã"}
	r := newRig(t, rigOpts{})
	at := r.clock.Now()
	for _, p := range persona {
		r.s.deps.Logger = quietLogger()
		for _, e := range []session.Event{
			{Kind: session.EventKind(p), PackID: "khai-sinh", At: at},
			{Kind: session.EventStarted, PackID: p, At: at},
			{Kind: session.EventStepFailed, PackID: "khai-sinh", StepID: p, At: at},
			{Kind: session.EventStepFailed, PackID: "khai-sinh", StepID: "ho-ten", ErrorCodes: []string{p, "name.digit"}, At: at},
		} {
			if err := r.db.Bolt().Update(func(tx *bolt.Tx) error { return r.s.Record(tx, e) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	r.drain()
	ids, err := r.coll.BatchIDs(context.Background())
	if err != nil || len(ids) == 0 {
		t.Fatalf("no batches: %v", err)
	}
	invalid := 0
	for _, id := range ids {
		body, err := r.coll.Batch(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range persona {
			for _, form := range []string{p, strings.ToLower(p), strings.ReplaceAll(p, " ", "")} {
				if strings.Contains(string(body), form) {
					t.Errorf("batch %s contains persona value %q", id, form)
				}
			}
		}
		invalid += strings.Count(string(body), `"invalid"`)
	}
	if invalid == 0 {
		t.Fatal("the malformed values were not counted as invalid")
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	good, _ := writeKey(t, dir)
	loose := filepath.Join(dir, "loose.key")
	data, _ := os.ReadFile(good)
	os.WriteFile(loose, data, 0o644)
	os.Chmod(loose, 0o644)
	short := filepath.Join(dir, "short.key")
	os.WriteFile(short, []byte("abcd"), 0o600)
	cases := []struct {
		path, want string
	}{
		{good, ""},
		{loose, "chmod 600"},
		{short, "64 hex digits"},
		{filepath.Join(dir, "missing.key"), "no such file"},
	}
	for _, c := range cases {
		_, err := LoadKey(c.path)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("LoadKey(%s): %v, want %q", filepath.Base(c.path), err, c.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{KioskID: "hn-01a", Endpoint: "https://x.example/v1/batches", KeyFile: "k"}
	cases := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"ok", func(*Config) {}, ""},
		{"no endpoint no key", func(c *Config) { c.Endpoint, c.KeyFile = "", "" }, ""},
		{"kiosk", func(c *Config) { c.KioskID = "A" }, "kiosk_id"},
		{"scheme", func(c *Config) { c.Endpoint = "ftp://x/y" }, "endpoint"},
		{"key", func(c *Config) { c.KeyFile = "" }, "key_file"},
		{"period", func(c *Config) { c.Period = time.Second }, "period"},
		{"bytes", func(c *Config) { c.OutboxMaxBytes = 10 }, "outbox_max_bytes"},
		{"age", func(c *Config) { c.OutboxMaxAge = time.Minute }, "outbox_max_age"},
		{"retry", func(c *Config) { c.RetryMin, c.RetryMax = time.Minute, time.Second }, "retry"},
	}
	for _, c := range cases {
		cfg := ok
		c.edit(&cfg)
		err := cfg.Validate()
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestNoEndpoint(t *testing.T) {
	r := newRig(t, rigOpts{})
	cfg := *r.s.config()
	cfg.Endpoint = ""
	if err := r.s.Reconfigure(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := r.s.Upload(context.Background()); !errors.Is(err, ErrNoEndpoint) {
		t.Fatalf("got %v", err)
	}
}

// TestReconfigureLive: a new endpoint applies at once; the kiosk's identity
// stays as it was at start; bad settings are refused and the old ones stay.
func TestReconfigureLive(t *testing.T) {
	r := newRig(t, rigOpts{})
	start := *r.s.config()
	next := start
	next.Endpoint = "https://thongke.example.org/v2/batches"
	next.KioskID = "another-kiosk"
	next.Period = 2 * time.Hour
	if err := r.s.Reconfigure(next); err != nil {
		t.Fatal(err)
	}
	got := r.s.config()
	if got.Endpoint != next.Endpoint || got.Period != 2*time.Hour || got.KioskID != start.KioskID {
		t.Fatalf("after Reconfigure: %+v", got)
	}
	bad := next
	bad.Period = time.Second
	if err := r.s.Reconfigure(bad); err == nil {
		t.Fatal("a 1s period must be refused")
	}
	if r.s.config().Period != 2*time.Hour {
		t.Fatal("refused settings must leave the old ones in force")
	}
}

// TestRunUploadsOnSendNowAndNetworkChange drives the scheduler: a change of
// network state and a staff "send now" each lead to an upload.
func TestRunUploadsOnSendNowAndNetworkChange(t *testing.T) {
	down := atomic.Bool{}
	down.Store(true)
	var netState atomic.Value
	netState.Store("")
	r := newRig(t, rigOpts{
		deps: Deps{NetState: func() string { return netState.Load().(string) }, NetPoll: time.Millisecond},
		wrap: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				if down.Load() {
					panic(http.ErrAbortHandler)
				}
				next.ServeHTTP(w, req)
			})
		}})
	r.record(session.Event{Kind: session.EventStarted, PackID: "khai-sinh", At: r.clock.Now()})
	r.clock.Add(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.s.Run(ctx) }()
	waitFor := func(what string, cond func(Status) bool) {
		t.Helper()
		for {
			st, err := r.s.Status()
			if err != nil {
				t.Fatal(err)
			}
			if cond(st) {
				return
			}
			select {
			case <-time.After(time.Millisecond):
			case <-done:
				t.Fatalf("Run ended while waiting for %s", what)
			}
		}
	}
	waitFor("the first failed attempt", func(st Status) bool { return st.Sealed == 1 && st.LastError != "" })
	down.Store(false)
	netState.Store("eth0=192.168.1.20/24") // the cable is back
	waitFor("the upload after the network change", func(st Status) bool { return st.OutboxBatches == 0 && st.LastSuccess != nil })

	r.record(session.Event{Kind: session.EventStarted, PackID: "khai-sinh", At: r.clock.Now()})
	r.clock.Add(time.Hour)
	r.s.SendNow() // seals the closed hour and sends it
	waitFor("send now", func(st Status) bool { return st.Sealed == 2 && st.OutboxBatches == 0 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r.drain()
	r.check()
}
