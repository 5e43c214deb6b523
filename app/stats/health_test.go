package stats

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"tramhocso/app/session"
	"tramhocso/app/stats/wire"
)

type fakeKiosk struct{ id, reload string }

func (f fakeKiosk) ConfigID() string        { return f.id }
func (f fakeKiosk) LastReloadError() string { return f.reload }

// TestHealthBlock: each sealed batch is version 2 and carries the kiosk's
// health: config id and reload error from the kiosk, outbox depth, uptime,
// and the clock offset measured from the collector's last Date header.
func TestHealthBlock(t *testing.T) {
	var r *rig
	r = newRig(t, rigOpts{
		deps: Deps{Kiosk: fakeKiosk{id: "sha256:3f2a1c0d", reload: "config.refused"}},
		wrap: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, req)
				// The collector's clock is 90 s ahead of the kiosk's.
				w.Header().Set("Date", r.clock.Now().Add(90*time.Second).UTC().Format(http.TimeFormat))
				w.WriteHeader(rec.Code)
				w.Write(rec.Body.Bytes())
			})
		},
	})
	ctx := context.Background()
	seal := func() *wire.Batch {
		t.Helper()
		r.record(session.Event{Kind: session.EventStarted, PackID: "khai-sinh", PackVersion: 1, Door: "kiosk", At: r.clock.Now().UTC()})
		r.clock.Add(2 * time.Hour)
		res, err := r.s.Seal(ctx)
		if err != nil || res.BatchID == "" {
			t.Fatalf("seal: %+v %v", res, err)
		}
		k, e, err := r.s.oldest()
		if err != nil || k == nil {
			t.Fatalf("outbox: %v", err)
		}
		b, err := wire.Parse(e.body)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := seal()
	if first.Schema != wire.SchemaV2 || first.Health == nil {
		t.Fatalf("not a version 2 batch: %+v", first)
	}
	h := first.Health
	if h.ConfigID != "sha256:3f2a1c0d" || h.LastReloadError != "config.refused" || h.OutboxDepth != 1 || h.ClockOffsetSec != 0 || h.UptimeSec != 2*3600 {
		t.Fatalf("first health %+v", h)
	}
	seal() // a second batch waits behind the first
	if _, err := r.s.Upload(ctx); err != nil {
		t.Fatal(err)
	}
	third := seal()
	if third.Health.ClockOffsetSec != -90 || third.Health.OutboxDepth != 1 || third.Health.UptimeSec != 6*3600 {
		t.Fatalf("third health %+v (want clock offset -90 s after an upload)", third.Health)
	}
}
