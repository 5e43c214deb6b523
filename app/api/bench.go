package api

import (
	"fmt"
	"net/http"
)

// Bench mode is a benchmarking aid for build/bench/window-figures.sh (issue
// 8's figures: the memory of the kiosk window's WebKit after many practice
// sessions). It is off unless the operator starts the kiosk with
// TRAMHOCSO_BENCH_SESSIONS=N (read by app/cli, carried in Deps.BenchSessions):
// then GET /api/kiosk/settings says bench_sessions: N, the page in the window
// runs N practice sessions by itself with the persona's answers, rendering
// every step's screen, and reports its progress here so the script knows when
// to measure. When it is off the routes below do not exist on any door (404
// like any unknown path) and Routes/AllRoutes do not list them.

// MaxBenchSessions bounds TRAMHOCSO_BENCH_SESSIONS.
const MaxBenchSessions = 100000

// BenchReport is the body of POST /api/bench/report: how far the page's
// scripted sessions are. Done == Total marks the end.
type BenchReport struct {
	Done   int   `json:"done"`   // sessions finished so far
	Total  int   `json:"total"`  // sessions asked for
	Failed int   `json:"failed"` // sessions that hit an API error and were abandoned
	Steps  int   `json:"steps"`  // step screens rendered so far
	MS     int64 `json:"ms"`     // milliseconds since the page started the run
}

// BenchInput answers GET /api/bench/practice/{id}/input: what the pack's
// persona types on the practice's current step (the engine's PersonaInput,
// with the codes the screen shows and the right choices). Fictional data.
type BenchInput struct {
	Step    string         `json:"step"`
	Answers map[string]any `json:"answers"`
}

// benchRoutes are the bench-mode routes; none unless bench mode is on.
func (s *Server) benchRoutes() []route {
	if s.deps.BenchSessions <= 0 {
		return nil
	}
	kiosk := []Door{DoorKiosk}
	return []route{
		{http.MethodGet, "/api/bench/practice/{id}/input", kiosk, s.benchInput},
		{http.MethodPost, "/api/bench/report", kiosk, s.benchReport},
	}
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

func (s *Server) benchReport(r *http.Request, w http.ResponseWriter) (any, error) {
	var b BenchReport
	if err := decodeJSON(w, r, &b); err != nil {
		return nil, err
	}
	if b.Total <= 0 || b.Done < 0 || b.Done > b.Total || b.Failed < 0 || b.Failed > b.Done || b.Steps < 0 || b.MS < 0 {
		return nil, Errorf(http.StatusBadRequest, "invalid_field",
			"Báo cáo đo hiệu năng không hợp lệ (done, total, failed, steps, ms).",
			"The bench report is invalid (done, total, failed, steps, ms).")
	}
	msg := "bench progress"
	if b.Done == b.Total {
		msg = "bench finished"
	}
	s.deps.Logger.InfoContext(r.Context(), msg, "done", b.Done, "total", b.Total, "failed", b.Failed,
		"steps", b.Steps, "ms", b.MS, "per_session_ms", fmt.Sprintf("%.1f", float64(b.MS)/float64(max(b.Done, 1))))
	return nil, nil
}
