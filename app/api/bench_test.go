package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBenchModeOffByDefault(t *testing.T) {
	deps := practiceDeps(t)
	h := New(DoorKiosk, deps)
	rec := do(t, h, "GET", "/api/kiosk/settings", "")
	if rec.Code != 200 || strings.Contains(rec.Body.String(), "bench") {
		t.Fatalf("settings must not mention bench mode when it is off: %d %s", rec.Code, rec.Body)
	}
	if ks := decode[KioskSettings](t, rec.Body.String()); ks.BenchSessions != 0 {
		t.Fatalf("bench_sessions = %d", ks.BenchSessions)
	}
	started := decode[PracticeStarted](t, do(t, h, "POST", "/api/practice", `{"pack":"kich-hoat-vneid","sample":true}`).Body.String())
	for _, rq := range [][2]string{
		{"POST", "/api/bench/report"},
		{"GET", "/api/bench/state"},
		{"GET", "/api/bench/practice/" + started.ID + "/input"},
	} {
		rec := do(t, h, rq[0], rq[1], `{"done":1,"total":1}`)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"not_found"`) {
			t.Errorf("%s %s with bench mode off: %d %s", rq[0], rq[1], rec.Code, rec.Body)
		}
	}
	for _, r := range AllRoutes() {
		if strings.Contains(r, "/api/bench/") {
			t.Errorf("AllRoutes lists %s", r)
		}
	}
}

// TestBenchModeWalksEveryPack walks every sample pack the way the page does
// in bench mode: start with the sample data, submit the persona's input on
// each step until the finish step, then report.
func TestBenchModeWalksEveryPack(t *testing.T) {
	deps := practiceDeps(t)
	var logs bytes.Buffer
	deps.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	deps.BenchSessions = 6
	h := New(DoorKiosk, deps)
	ks := decode[KioskSettings](t, do(t, h, "GET", "/api/kiosk/settings", "").Body.String())
	if ks.BenchSessions != 6 {
		t.Fatalf("bench_sessions = %d, want 6", ks.BenchSessions)
	}
	packs := deps.Snapshot().Catalog
	if len(packs) == 0 {
		t.Fatal("no sample packs")
	}
	for _, pack := range packs {
		rec := do(t, h, "POST", "/api/practice", `{"pack":"`+pack.ID+`","sample":true}`)
		if rec.Code != 200 {
			t.Fatalf("%s: start: %d %s", pack.ID, rec.Code, rec.Body)
		}
		st := decode[PracticeStarted](t, rec.Body.String())
		view := st.View
		for range 3 * view.Total {
			if view.Step.Kind == "finish" {
				break
			}
			in := do(t, h, "GET", "/api/bench/practice/"+st.ID+"/input", "")
			if in.Code != 200 {
				t.Fatalf("%s: input: %d %s", pack.ID, in.Code, in.Body)
			}
			bi := decode[BenchInput](t, in.Body.String())
			if bi.Step != view.Step.ID {
				t.Fatalf("%s: input for step %q, page on %q", pack.ID, bi.Step, view.Step.ID)
			}
			body, err := json.Marshal(PracticeStep(bi))
			if err != nil {
				t.Fatal(err)
			}
			sub := do(t, h, "POST", "/api/practice/"+st.ID+"/submit", string(body))
			if sub.Code != 200 {
				t.Fatalf("%s: submit %s: %d %s", pack.ID, bi.Step, sub.Code, sub.Body)
			}
			res := decode[PracticeResult](t, sub.Body.String())
			if len(res.Errors) > 0 {
				t.Fatalf("%s: the persona's input fails step %s: %+v", pack.ID, bi.Step, res.Errors)
			}
			view = res.View
		}
		if view.Step.Kind != "finish" {
			t.Fatalf("%s: never reached the finish step (on %s)", pack.ID, view.Step.ID)
		}
	}
	if rec := do(t, New(DoorPhone, deps), "POST", "/api/bench/report", `{"sessions":1}`); rec.Code != http.StatusNotFound {
		t.Fatalf("phone door must not have bench routes: %d", rec.Code)
	}
	// The run's state carries over from page to page: six sessions, one
	// report each (the sample has six packs), logged at the end.
	tests := []struct {
		body   string
		status int
		log    string
	}{
		{`{"sessions":1,"steps":9}`, 200, ""},
		{`{"sessions":1,"failed":1,"steps":3}`, 200, ""},
		{`{"sessions":2}`, 400, ""},
		{`{"sessions":1,"failed":2}`, 400, ""},
		{`{"sessions":1,"steps":-1}`, 400, ""},
		{`{"sessions":1,"extra":1}`, 400, ""},
		{`{"sessions":1}`, 200, ""},
		{`{"sessions":1}`, 200, ""},
		{`{"sessions":1}`, 200, ""},
		{`{"sessions":1,"steps":10}`, 200, "msg=\"bench finished\" done=6 total=6 failed=1 steps=22"},
		{`{"sessions":1}`, 400, ""}, // a seventh session is one too many
	}
	for _, tt := range tests {
		logs.Reset()
		rec := do(t, h, "POST", "/api/bench/report", tt.body)
		if rec.Code != tt.status || !strings.Contains(logs.String(), tt.log) {
			t.Errorf("report %s: %d (want %d), log %q (want %q)", tt.body, rec.Code, tt.status, logs.String(), tt.log)
		}
	}
	st := decode[BenchState](t, do(t, h, "GET", "/api/bench/state", "").Body.String())
	if st.Done != 6 || st.Total != 6 || st.Failed != 1 || st.Steps != 22 {
		t.Errorf("state after the run: %+v", st)
	}
}

// TestBenchStress: the stress run counts the page's calls and logs the end
// once its time is up (a fake clock).
func TestBenchStress(t *testing.T) {
	deps := practiceDeps(t)
	var logs bytes.Buffer
	deps.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	deps.Now = func() time.Time { return now }
	deps.BenchStressS = 60
	h := New(DoorKiosk, deps)
	if ks := decode[KioskSettings](t, do(t, h, "GET", "/api/kiosk/settings", "").Body.String()); ks.BenchStressS != 60 || ks.BenchSessions != 0 {
		t.Fatalf("settings: %+v", ks)
	}
	if st := decode[BenchState](t, do(t, h, "GET", "/api/bench/state", "").Body.String()); st.StressS != 60 || st.MS != 0 {
		t.Fatalf("state: %+v", st)
	}
	now = now.Add(30 * time.Second)
	do(t, h, "POST", "/api/bench/report", `{"requests":3000,"errors":1}`)
	if !strings.Contains(logs.String(), `msg="bench stress" requests=3000 errors=1 ms=30000 per_second=100`) {
		t.Errorf("log %q", logs.String())
	}
	now = now.Add(31 * time.Second)
	logs.Reset()
	st := decode[BenchState](t, do(t, h, "POST", "/api/bench/report", `{"requests":3000}`).Body.String())
	if st.Requests != 6000 || !strings.Contains(logs.String(), `msg="bench finished" requests=6000`) {
		t.Errorf("state %+v, log %q", st, logs.String())
	}
}
