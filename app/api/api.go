package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"time"

	"tramhocso/app/config"
	"tramhocso/app/practice"
	"tramhocso/app/speech"
	"tramhocso/app/staff"
	"tramhocso/app/tips"
	"tramhocso/app/version"
)

type doorKey struct{}

// DoorFrom tells which door a request's context came through (the kiosk
// door when unknown), so stores behind the API can record it.
func DoorFrom(ctx context.Context) Door {
	if d, ok := ctx.Value(doorKey{}).(Door); ok {
		return d
	}
	return DoorKiosk
}

// Door is where a request came in.
type Door string

const (
	// DoorKiosk is the kiosk window (in-process) or the headless serve listener.
	DoorKiosk Door = "kiosk"
	// DoorPhone is the LAN listener that citizens' phones reach.
	DoorPhone Door = "phone"
)

// Snapshot is the configuration the API serves from. The composition root
// swaps it as a whole when the config changes, so one request sees one config.
type Snapshot struct {
	KioskID   string
	SiteName  string
	ConfigID  string // fingerprint of the config directory
	Languages []string
	Catalog   []practice.Header
	// Practice holds the loaded packs (every version still in use), places
	// and skills; nil when none are loaded.
	Practice *practice.Library
	// Config is the whole parsed kiosk.yaml (idle timeouts, hand-off,
	// statistics, branding, …); Files is the directory it was loaded from
	// (the live one, or the last-known-good copy), for the files it names.
	Config *config.Config
	Files  fs.FS
	// Tips are the attract screen's tips (tips.yaml; nil when none).
	Tips []tips.Tip
}

// Deps is what the API needs from the rest of the kiosk.
type Deps struct {
	Logger   *slog.Logger
	Now      func() time.Time
	Started  time.Time
	Build    version.Info
	Snapshot func() *Snapshot
	// Ping checks the store for health; nil means no store.
	Ping func() error
	// ConfigStatus reports live reloads of the configuration; nil when the
	// kiosk does not watch its configuration.
	ConfigStatus func() *ConfigStatus
	// Speech reads text aloud (speech.go); nil means no read-aloud.
	Speech *speech.Service
	// Practices keeps running practices (practice.go); nil means an
	// in-memory store for this handler.
	Practices PracticeStore
	// Staff is the staff service (PIN, staff sessions, help requests,
	// staff.go); nil turns staff mode and help requests off.
	Staff *staff.Service
	// Control is the running kiosk for the staff panel's actions; nil:
	// reload, restart and exit are unavailable.
	Control KioskControl
	// Stats is the statistics uploader for the staff panel; nil: none.
	Stats StatsControl
	// Handoff moves practices to phones (handoff.go); nil means no phone door.
	Handoff Handoff
	// BenchSessions > 0 turns bench mode on (bench.go, a benchmarking aid:
	// TRAMHOCSO_BENCH_SESSIONS); 0, the production value, leaves it off.
	BenchSessions int
	// BenchStressS > 0 turns the API stress page on instead (bench.go:
	// TRAMHOCSO_BENCH_STRESS, seconds); 0 in production.
	BenchStressS int
}

// handlerFunc answers a request with a value to encode as JSON (status 200),
// nil for 204 No Content, or an error (an *Error, or anything else as a 500).
type handlerFunc func(r *http.Request, w http.ResponseWriter) (any, error)

type route struct {
	method  string
	pattern string // path pattern, Go 1.22 ServeMux syntax
	doors   []Door
	handle  handlerFunc
}

// Server holds the API's dependencies; its methods are the route handlers.
type Server struct {
	deps   Deps
	limits *doorLimits // what this door's clients share (limits.go)
}

// routes is the single table of every API route and the doors serving it.
// Each capability keeps its routes in its own file (coreRoutes in
// handlers.go, ...) and is listed here once.
func (s *Server) routes() []route {
	return slices.Concat(
		s.coreRoutes(),
		s.speechRoutes(),
		s.practiceRoutes(),
		s.staffRoutes(),
		s.handoffRoutes(),
		s.benchRoutes(),
	)
}

// Routes lists "METHOD pattern" for every route served on door (for tests and
// the documentation).
func Routes(door Door) []string {
	var out []string
	for _, rt := range (&Server{}).routes() {
		if slices.Contains(rt.doors, door) {
			out = append(out, rt.method+" "+rt.pattern)
		}
	}
	return out
}

// AllRoutes lists "METHOD pattern" for every route on any door.
func AllRoutes() []string {
	var out []string
	for _, rt := range (&Server{}).routes() {
		out = append(out, rt.method+" "+rt.pattern)
	}
	return out
}

// New returns the API handler for one door. Routes not served on that door do
// not exist there: they answer 404 like any unknown path.
func New(door Door, deps Deps) http.Handler {
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Started.IsZero() {
		deps.Started = deps.Now()
	}
	if deps.Practices == nil {
		deps.Practices = NewMemoryPracticeStore(0)
	}
	s := &Server{deps: deps, limits: newDoorLimits(door)}
	mux := http.NewServeMux()
	byPattern := map[string]map[string]handlerFunc{}
	var order []string
	for _, rt := range s.routes() {
		if !slices.Contains(rt.doors, door) {
			continue
		}
		if byPattern[rt.pattern] == nil {
			byPattern[rt.pattern] = map[string]handlerFunc{}
			order = append(order, rt.pattern)
		}
		byPattern[rt.pattern][rt.method] = rt.handle
	}
	for _, p := range order {
		methods := byPattern[p]
		mux.Handle(p, s.wrap(door, func(r *http.Request, w http.ResponseWriter) (any, error) {
			h, ok := methods[r.Method]
			if !ok && r.Method == http.MethodHead {
				h, ok = methods[http.MethodGet]
			}
			if !ok {
				for m := range methods {
					w.Header().Add("Allow", m)
				}
				return nil, errMethod(r.Method)
			}
			if w := s.limits.writes; w != nil && !safeMethod(r.Method) && !w.Allow(clientAddr(r), s.deps.Now()) {
				return nil, errSlowDown()
			}
			if err := s.guard(door, r); err != nil {
				return nil, err
			}
			return h(r, w)
		}))
	}
	mux.Handle("/api/", s.wrap(door, func(*http.Request, http.ResponseWriter) (any, error) {
		return nil, errNotFound()
	}))
	return mux
}

// wrap turns a handlerFunc into an http.Handler: security headers, JSON
// encoding, error bodies, panic recovery and one log line per request.
func (s *Server) wrap(door Door, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.deps.Now()
		status := http.StatusOK
		defer func() {
			if p := recover(); p != nil {
				s.deps.Logger.Error("api panic", "door", door, "route", r.Pattern, "panic", p, "stack", string(debug.Stack()))
				e := errInternal()
				status = e.Status
				writeJSON(w, e.Status, e.body(Lang(r)))
			}
			s.deps.Logger.Info("api", "door", door, "method", r.Method, "route", r.Pattern, "status", status,
				"ms", s.deps.Now().Sub(start).Milliseconds())
		}()
		r = r.WithContext(context.WithValue(r.Context(), doorKey{}, door))
		hdr := w.Header()
		hdr.Set("Cache-Control", "no-store")
		hdr.Set("X-Content-Type-Options", "nosniff")
		v, err := h(r, w)
		if err != nil {
			e, known := asError(err)
			if !known {
				s.deps.Logger.Error("api error", "door", door, "route", r.Pattern, "err", err)
			}
			status = e.Status
			writeJSON(w, e.Status, e.body(Lang(r)))
			return
		}
		if v == nil {
			status = http.StatusNoContent
			w.WriteHeader(status)
			return
		}
		if raw, ok := v.(rawBody); ok {
			raw.write(w)
			return
		}
		writeJSON(w, status, v)
	})
}
