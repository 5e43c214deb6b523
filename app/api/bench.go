package api

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Bench mode is a benchmarking aid for build/bench/window-figures.sh (issue
// 8's figures: the memory of the kiosk window's WebKit after many practice
// sessions). It is off unless the operator starts the kiosk with
// TRAMHOCSO_BENCH_SESSIONS=N (read by app/cli, carried in Deps.BenchSessions):
// then GET /api/kiosk/settings says bench_sessions: N, and the page in the
// window runs the N practice sessions by itself with the persona's answers,
// rendering every step's screen: one session per page load, like one
// citizen per fresh page (issue 12), so the run's count lives here (GET
// /api/bench/state) and each page adds its session (POST /api/bench/report).
// TRAMHOCSO_BENCH_STRESS=S (Deps.BenchStressS) is the API stress page
// instead: the page calls the API in a tight loop for S seconds. The kiosk
// logs the progress so the script knows when to measure. When both are off
// the routes below do not exist on any door (404 like any unknown path) and
// Routes/AllRoutes do not list them.

// MaxBenchSessions bounds TRAMHOCSO_BENCH_SESSIONS; MaxBenchStressS bounds
// TRAMHOCSO_BENCH_STRESS (seconds).
const (
	MaxBenchSessions = 100000
	MaxBenchStressS  = 24 * 3600
)

// benchLogEvery: the kiosk logs the session count every this many sessions.
const benchLogEvery = 50

// BenchState answers GET and POST /api/bench/...: how far the run is.
type BenchState struct {
	Total    int   `json:"total"`    // sessions asked for (0: a stress run)
	Done     int   `json:"done"`     // sessions finished so far
	Failed   int   `json:"failed"`   // sessions that hit an API error and were abandoned
	Steps    int   `json:"steps"`    // step screens rendered so far
	StressS  int   `json:"stress_s"` // the stress run's length in seconds (0: a session run)
	Requests int   `json:"requests"` // the stress run's API calls so far
	Errors   int   `json:"errors"`   // the stress run's failed API calls
	MS       int64 `json:"ms"`       // milliseconds since the run began (the first GET /api/bench/state)
}

// BenchReport is the body of POST /api/bench/report: what one page adds to
// the run (one session, or a batch of stress calls).
type BenchReport struct {
	Sessions int `json:"sessions"` // sessions finished (0 or 1)
	Failed   int `json:"failed"`   // of them, abandoned on an error
	Steps    int `json:"steps"`
	Requests int `json:"requests"`
	Errors   int `json:"errors"`
}

// BenchInput answers GET /api/bench/practice/{id}/input: what the pack's
// persona types on the practice's current step (the engine's PersonaInput,
// with the codes the screen shows and the right choices). Fictional data.
type BenchInput struct {
	Step    string         `json:"step"`
	Answers map[string]any `json:"answers"`
}

// benchRun is one handler's run: the state every page load continues.
type benchRun struct {
	mu       sync.Mutex
	st       BenchState
	started  time.Time
	finished bool
}

// benchRoutes are the bench-mode routes; none unless bench mode is on.
func (s *Server) benchRoutes() []route {
	if s.deps.BenchSessions <= 0 && s.deps.BenchStressS <= 0 {
		return nil
	}
	run := &benchRun{st: BenchState{Total: max(s.deps.BenchSessions, 0), StressS: max(s.deps.BenchStressS, 0)}}
	kiosk := []Door{DoorKiosk}
	return []route{
		{http.MethodGet, "/api/bench/state", kiosk, func(*http.Request, http.ResponseWriter) (any, error) {
			return run.state(s.deps.Now()), nil
		}},
		{http.MethodGet, "/api/bench/practice/{id}/input", kiosk, s.benchInput},
		{http.MethodPost, "/api/bench/report", kiosk, func(r *http.Request, w http.ResponseWriter) (any, error) {
			return s.benchReport(run, r, w)
		}},
	}
}

// state is the run's state at now; the first call starts the clock.
func (b *benchRun) state(now time.Time) BenchState {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stateLocked(now)
}

func (b *benchRun) stateLocked(now time.Time) BenchState {
	if b.started.IsZero() {
		b.started = now
	}
	b.st.MS = now.Sub(b.started).Milliseconds()
	return b.st
}

func (s *Server) benchInput(r *http.Request, _ http.ResponseWriter) (any, error) {
	_, pr, p, err := s.load(r)
	if err != nil {
		return nil, err
	}
	in := p.PersonaInput(pr, s.deps.Now())
	if in == nil {
		in = map[string]any{}
	}
	return BenchInput{Step: pr.Step, Answers: in}, nil
}

func errBenchReport() *Error {
	return Errorf(http.StatusBadRequest, "invalid_field",
		"Báo cáo đo hiệu năng không hợp lệ (sessions, failed, steps, requests, errors).",
		"The bench report is invalid (sessions, failed, steps, requests, errors).")
}

func (s *Server) benchReport(run *benchRun, r *http.Request, w http.ResponseWriter) (any, error) {
	var b BenchReport
	if err := decodeJSON(w, r, &b); err != nil {
		return nil, err
	}
	if b.Sessions < 0 || b.Sessions > 1 || b.Failed < 0 || b.Failed > b.Sessions || b.Steps < 0 || b.Steps > 1000 ||
		b.Requests < 0 || b.Requests > 1_000_000 || b.Errors < 0 || b.Errors > b.Requests {
		return nil, errBenchReport()
	}
	run.mu.Lock()
	defer run.mu.Unlock()
	st := run.stateLocked(s.deps.Now())
	if st.Total > 0 && st.Done+b.Sessions > st.Total {
		return nil, errBenchReport()
	}
	st.Done += b.Sessions
	st.Failed += b.Failed
	st.Steps += b.Steps
	st.Requests += b.Requests
	st.Errors += b.Errors
	run.st = st
	log := s.deps.Logger
	switch {
	case st.Total > 0 && b.Sessions > 0 && (st.Done%benchLogEvery == 0 || st.Done == st.Total):
		msg := "bench progress"
		if st.Done == st.Total {
			msg = "bench finished"
		}
		log.InfoContext(r.Context(), msg, "done", st.Done, "total", st.Total, "failed", st.Failed,
			"steps", st.Steps, "ms", st.MS, "per_session_ms", fmt.Sprintf("%.1f", float64(st.MS)/float64(max(st.Done, 1))))
	case st.StressS > 0 && b.Requests > 0 && !run.finished:
		msg := "bench stress"
		if st.MS >= int64(st.StressS)*1000 {
			msg, run.finished = "bench finished", true
		}
		log.InfoContext(r.Context(), msg, "requests", st.Requests, "errors", st.Errors, "ms", st.MS,
			"per_second", fmt.Sprintf("%.0f", float64(st.Requests)/max(float64(st.MS)/1000, 0.001)))
	}
	return st, nil
}
