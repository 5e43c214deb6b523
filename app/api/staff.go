package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"tramhocso/app/practice"
	"tramhocso/app/staff"
	"tramhocso/app/stats"
	"tramhocso/app/tips"
)

// KioskControl is what the staff panel asks of the running kiosk (the
// composition root implements it; kiosk door only).
type KioskControl interface {
	// ReloadConfig checks the configuration directory now.
	ReloadConfig(ctx context.Context) *ConfigStatus
	// Exit stops the app: restart true exits with the code the systemd
	// unit restarts on; false exits to the desktop (the unit stays down).
	Exit(restart bool)
	// Today counts the sessions started and ended since since.
	Today(ctx context.Context, since time.Time) (TodayCounts, error)
	// DiskFree is the free space where the database lives, in bytes.
	DiskFree() (uint64, error)
	// LANAddress is the phone door's address ("" when off or not known).
	LANAddress() string
}

// StatsControl is the statistics uploader as the staff panel sees it
// (*stats.Stats implements it).
type StatsControl interface {
	Status() (stats.Status, error)
	SendNow()
	Requeue(ids ...string) (int, error)
}

// TodayCounts are the kiosk's sessions since local midnight.
type TodayCounts struct {
	Started   int `json:"started"`
	Finished  int `json:"finished"`
	Abandoned int `json:"abandoned"` // given up, reset when idle, or expired
	// FinishedByPack counts the finished practices by pack id (the control
	// fills it; the panel turns it into SkillGroups).
	FinishedByPack map[string]int `json:"-"`
	// SkillGroups are the finished practices per area of the skills
	// framework (Decision 757/QĐ-BKHCN's groups, skills.yaml's order): a
	// practice counts once in every area its pack practises.
	SkillGroups []SkillGroupCount `json:"skill_groups"`
}

// SkillGroupCount is one area of the skills framework and how many of
// today's finished practices trained it.
type SkillGroupCount struct {
	Area     string        `json:"area"`
	Group    string        `json:"group,omitempty"` // the framework's own number, "Nhóm 1"
	Title    practice.Text `json:"title"`
	Finished int           `json:"finished"`
}

// skillGroups counts finished practices per skill area, every area of
// skills.yaml listed (zeros too: staff report the whole framework).
func skillGroups(lib *practice.Library, byPack map[string]int) []SkillGroupCount {
	out := []SkillGroupCount{}
	if lib == nil || lib.Skills == nil {
		return out
	}
	idx := map[string]int{}
	for _, a := range lib.Skills.Areas {
		idx[a.ID] = len(out)
		out = append(out, SkillGroupCount{Area: a.ID, Group: a.Group, Title: a.Title})
	}
	for id, n := range byPack {
		p := lib.Pack(id, 0)
		if p == nil {
			continue // a pack no longer in the configuration
		}
		for _, a := range p.Areas() {
			if i, ok := idx[a]; ok {
				out[i].Finished += n
			}
		}
	}
	return out
}

// StaffCookie is the staff session cookie (HttpOnly, SameSite=Strict,
// kiosk door only).
const StaffCookie = "tramhocso_staff"

func (s *Server) staffRoutes() []route {
	kiosk := []Door{DoorKiosk}
	return []route{
		{http.MethodGet, "/api/kiosk/settings", kiosk, s.kioskSettings},
		{http.MethodPost, "/api/help", kiosk, s.raiseHelp},
		{http.MethodGet, "/api/staff/pin", kiosk, s.staffPINState},
		{http.MethodPost, "/api/staff/login", kiosk, s.staffLogin},
		{http.MethodPost, "/api/staff/logout", kiosk, s.staffOnly("logout", s.staffLogout)},
		{http.MethodGet, "/api/staff/panel", kiosk, s.staffOnly("", s.staffPanel)},
		{http.MethodPost, "/api/staff/help/{id}/handled", kiosk, s.staffOnly("help-handled", s.staffHelpHandled)},
		{http.MethodPost, "/api/staff/actions/end-session", kiosk, s.staffOnly("end-session", s.staffEndSession)},
		{http.MethodPost, "/api/staff/actions/send-stats", kiosk, s.staffOnly("send-stats", s.staffSendStats)},
		{http.MethodPost, "/api/staff/actions/requeue", kiosk, s.staffOnly("requeue", s.staffRequeue)},
		{http.MethodPost, "/api/staff/actions/reload-config", kiosk, s.staffOnly("reload-config", s.staffReloadConfig)},
		{http.MethodPost, "/api/staff/actions/restart", kiosk, s.staffOnly("restart", s.staffRestart)},
		{http.MethodPost, "/api/staff/actions/exit", kiosk, s.staffOnly("exit", s.staffExit)},
	}
}

// KioskSettings is the body of GET /api/kiosk/settings: what the kiosk
// frontend needs from kiosk.yaml and tips.yaml.
type KioskSettings struct {
	IdleTimeoutS   int        `json:"idle_timeout_s"`
	IdleCountdownS int        `json:"idle_countdown_s"`
	TipsAfterS     int        `json:"tips_after_s"` // 0: never
	Tips           []tips.Tip `json:"tips"`
	HelpSound      bool       `json:"help_sound"`
	StaffEnabled   bool       `json:"staff_enabled"` // a PIN is configured
	HelpEnabled    bool       `json:"help_enabled"`
	// BenchSessions > 0: the page runs that many scripted practice
	// sessions (bench.go; a benchmarking aid, absent in production).
	BenchSessions int `json:"bench_sessions,omitempty"`
	// BenchStressS > 0: the page runs the API stress loop that long.
	BenchStressS int `json:"bench_stress_s,omitempty"`
}

func (s *Server) kioskSettings(*http.Request, http.ResponseWriter) (any, error) {
	snap := s.deps.Snapshot()
	ks := KioskSettings{Tips: snap.Tips, HelpEnabled: s.deps.Staff != nil, BenchSessions: s.deps.BenchSessions, BenchStressS: s.deps.BenchStressS}
	if ks.Tips == nil {
		ks.Tips = []tips.Tip{}
	}
	if c := snap.Config; c != nil {
		ks.IdleTimeoutS = int(c.Idle.Timeout.D().Seconds())
		ks.IdleCountdownS = int(c.Idle.Countdown.D().Seconds())
		ks.TipsAfterS = int(c.Idle.TipsAfter.D().Seconds())
		ks.HelpSound = c.Staff.HelpSound
		ks.StaffEnabled = c.Staff.PINHash != "" && s.deps.Staff != nil
	} else {
		ks.IdleTimeoutS, ks.IdleCountdownS = 90, 20
	}
	return ks, nil
}

func errStaffOff() *Error {
	return Errorf(http.StatusServiceUnavailable, "staff_unavailable",
		"Chức năng cán bộ chưa sẵn sàng trên máy này.", "Staff functions are not available on this kiosk.")
}

// HelpBody is the body of POST /api/help: where the citizen is, no answers.
type HelpBody struct {
	Pack string `json:"pack"`
	Step string `json:"step"`
}

// HelpAnswer is the reply to POST /api/help.
type HelpAnswer struct {
	Request staff.HelpRequest `json:"request"`
	New     bool              `json:"new"` // false: the same request was already open
}

func (s *Server) raiseHelp(r *http.Request, w http.ResponseWriter) (any, error) {
	if s.deps.Staff == nil {
		return nil, errStaffOff()
	}
	var b HelpBody
	if err := decodeJSON(w, r, &b); err != nil {
		return nil, err
	}
	req, fresh, err := s.deps.Staff.RaiseHelp(r.Context(), s.deps.Snapshot().KioskID, b.Pack, b.Step)
	if errors.Is(err, staff.ErrHelpInvalid) {
		return nil, Errorf(http.StatusBadRequest, "invalid_field",
			"Yêu cầu hỗ trợ phải ghi mã thủ tục và mã bước (chữ, số, dấu gạch).", "A help request names a pack id and a step id (letters, digits, dashes).")
	}
	if err != nil {
		return nil, err
	}
	return HelpAnswer{Request: req, New: fresh}, nil
}

// PINState is the body of GET /api/staff/pin and of a refused login.
type PINState struct {
	Enabled   bool `json:"enabled"` // a PIN is configured
	Locked    bool `json:"locked"`
	WaitS     int  `json:"wait_s"`    // seconds before the pad takes a PIN again
	Remaining int  `json:"remaining"` // wrong PINs left before the lock
}

func pinState(a staff.Attempt) PINState {
	return PINState{Enabled: true, Locked: a.Locked, WaitS: int((a.Wait + time.Second - 1) / time.Second), Remaining: a.Remaining}
}

// pinClient is whose PIN throttle a request counts against: its door's
// (staff routes are on the kiosk door only, whose one client is the kiosk
// screen). The request has passed the door's provenance checks already
// (provenance.go), so a page from another site never gets here.
func pinClient(r *http.Request) string { return string(DoorFrom(r.Context())) }

func (s *Server) staffPINState(r *http.Request, _ http.ResponseWriter) (any, error) {
	if s.deps.Staff == nil {
		return nil, errStaffOff()
	}
	c := s.deps.Snapshot().Config
	if c == nil || c.Staff.PINHash == "" {
		return PINState{}, nil
	}
	a, err := s.deps.Staff.PINState(pinClient(r), c.Staff.PINHash)
	if err != nil {
		return nil, err
	}
	return pinState(a), nil
}

// LoginBody is the body of POST /api/staff/login.
type LoginBody struct {
	PIN string `json:"pin"`
}

// StaffSession is the reply to a right PIN (the token is in the HttpOnly
// cookie only: the page's script never sees it).
type StaffSession struct {
	Expires time.Time `json:"expires"`
}

func (s *Server) staffLogin(r *http.Request, w http.ResponseWriter) (any, error) {
	if s.deps.Staff == nil {
		return nil, errStaffOff()
	}
	var b LoginBody
	if err := decodeJSON(w, r, &b); err != nil {
		return nil, err
	}
	hash := ""
	if c := s.deps.Snapshot().Config; c != nil {
		hash = c.Staff.PINHash
	}
	a, err := s.deps.Staff.Login(r.Context(), pinClient(r), hash, b.PIN)
	if errors.Is(err, staff.ErrNoPIN) {
		return nil, Errorf(http.StatusForbidden, "no_pin",
			"Máy này chưa đặt mã PIN cán bộ (staff.pin_hash trong kiosk.yaml).", "This kiosk has no staff PIN (staff.pin_hash in kiosk.yaml).")
	}
	if err != nil {
		return nil, err
	}
	if a.OK {
		setStaffCookie(w, a.Token, a.Expires.Sub(s.deps.Now()))
		s.deps.Logger.Info("staff: session opened")
		return StaffSession{Expires: a.Expires}, nil
	}
	st := pinState(a)
	if st.WaitS > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(st.WaitS))
	}
	switch {
	case a.Locked:
		return nil, Errorf(http.StatusLocked, "pin_locked",
			"Nhập sai quá nhiều lần. Bàn phím PIN bị khóa %d phút.", "Too many wrong PINs. The PIN pad is locked for %d minutes.", (st.WaitS+59)/60)
	case a.Refused:
		return nil, Errorf(http.StatusTooManyRequests, "pin_wait",
			"Vui lòng chờ %d giây rồi thử lại.", "Please wait %d seconds and try again.", st.WaitS)
	default:
		return nil, Errorf(http.StatusUnauthorized, "wrong_pin",
			"Mã PIN không đúng. Còn %d lần thử trước khi bị khóa.", "Wrong PIN. %d tries left before the pad locks.", st.Remaining)
	}
}

func setStaffCookie(w http.ResponseWriter, token string, life time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: StaffCookie, Value: token, Path: "/api/", MaxAge: max(int(life.Seconds()), 1),
		HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
}

func clearStaffCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: StaffCookie, Value: "", Path: "/api/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

func errNoStaffSession() *Error {
	return Errorf(http.StatusUnauthorized, "staff_session",
		"Cần đăng nhập cán bộ (mã PIN) để dùng chức năng này.", "This needs a staff session (the staff PIN).")
}

// staffOnly refuses requests without a live staff session (401), extends
// the session on use, and logs the staff action (its name only: no
// personal data) when action is not empty.
func (s *Server) staffOnly(action string, h handlerFunc) handlerFunc {
	return func(r *http.Request, w http.ResponseWriter) (any, error) {
		if s.deps.Staff == nil {
			return nil, errStaffOff()
		}
		token := staffToken(r)
		if token == "" {
			return nil, errNoStaffSession()
		}
		exp, ok := s.deps.Staff.Session(token)
		if !ok {
			clearStaffCookie(w)
			return nil, errNoStaffSession()
		}
		setStaffCookie(w, token, exp.Sub(s.deps.Now()))
		v, err := h(r, w)
		if action != "" {
			outcome := "ok"
			if err != nil {
				outcome = "failed"
				if e, known := asError(err); known {
					outcome = e.Code
				}
			}
			s.deps.Logger.Info("staff action", "action", action, "outcome", outcome)
		}
		return v, err
	}
}

// staffToken is the request's staff session token, from its cookie (the
// kiosk window loads the page over its loopback HTTP door, where cookies
// work as in any browser).
func staffToken(r *http.Request) string {
	if c, err := r.Cookie(StaffCookie); err == nil {
		return c.Value
	}
	return ""
}

func (s *Server) staffLogout(r *http.Request, w http.ResponseWriter) (any, error) {
	if t := staffToken(r); t != "" {
		s.deps.Staff.Logout(t)
	}
	clearStaffCookie(w)
	return nil, nil
}

// StaffPanel is the body of GET /api/staff/panel.
type StaffPanel struct {
	Health struct {
		Version    string        `json:"version"`
		Commit     string        `json:"commit"`
		KioskID    string        `json:"kiosk_id"`
		ConfigID   string        `json:"config_id"`
		Config     *ConfigStatus `json:"config,omitempty"`
		LANAddress string        `json:"lan_address"` // "" = phone door off or not known
		UptimeS    int64         `json:"uptime_s"`
		DiskFree   *uint64       `json:"disk_free_bytes,omitempty"`
		Store      string        `json:"store"` // "ok" or "degraded"
	} `json:"health"`
	// Stats is the upload status (network, outbox, dead letters); nil when
	// this kiosk has no statistics.
	Stats      *stats.Status       `json:"stats,omitempty"`
	StatsError string              `json:"stats_error,omitempty"`
	Today      *TodayCounts        `json:"today,omitempty"`
	Help       []staff.HelpRequest `json:"help"`
	Actions    []string            `json:"actions"` // the actions this kiosk can do
}

// midnight is the start of t's day in t's location.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func (s *Server) staffPanel(r *http.Request, _ http.ResponseWriter) (any, error) {
	ctx := r.Context()
	snap := s.deps.Snapshot()
	var p StaffPanel
	h := &p.Health
	h.Version, h.Commit, h.KioskID, h.ConfigID = s.deps.Build.Version, s.deps.Build.Commit, snap.KioskID, snap.ConfigID
	h.UptimeS = int64(s.deps.Now().Sub(s.deps.Started).Seconds())
	h.Store = "ok"
	if s.deps.Ping != nil && s.deps.Ping() != nil {
		h.Store = "degraded"
	}
	if s.deps.ConfigStatus != nil {
		h.Config = s.deps.ConfigStatus()
	}
	p.Actions = []string{"end-session"}
	if c := s.deps.Control; c != nil {
		h.LANAddress = c.LANAddress()
		if free, err := c.DiskFree(); err == nil {
			h.DiskFree = &free
		} else {
			s.deps.Logger.Warn("staff panel: disk free unknown", "err", err)
		}
		today, err := c.Today(ctx, midnight(s.deps.Now()))
		if err != nil {
			s.deps.Logger.Warn("staff panel: today's counts unknown", "err", err)
		} else {
			today.SkillGroups = skillGroups(snap.Practice, today.FinishedByPack)
			p.Today = &today
		}
		p.Actions = append(p.Actions, "reload-config", "restart", "exit")
	}
	if st := s.deps.Stats; st != nil {
		status, err := st.Status()
		if err != nil {
			s.deps.Logger.Warn("staff panel: statistics status unknown", "err", err)
			p.StatsError = "unavailable"
		} else {
			p.Stats = &status
		}
		p.Actions = append(p.Actions, "send-stats", "requeue")
	}
	help, err := s.deps.Staff.HelpRequests(ctx)
	if err != nil {
		return nil, err
	}
	p.Help = help
	return p, nil
}

func (s *Server) staffHelpHandled(r *http.Request, _ http.ResponseWriter) (any, error) {
	req, err := s.deps.Staff.HandleHelp(r.Context(), r.PathValue("id"))
	if errors.Is(err, staff.ErrHelpNotFound) {
		return nil, Errorf(http.StatusNotFound, "help_not_found", "Không tìm thấy yêu cầu hỗ trợ này.", "There is no such help request.")
	}
	if err != nil {
		return nil, err
	}
	return req, nil
}

// EndSessionBody is the body of POST /api/staff/actions/end-session: the
// practice the kiosk screen shows ("" = the kiosk's most recent live one).
type EndSessionBody struct {
	PracticeID string `json:"practice_id"`
}

// EndSessionAnswer says whether a practice was ended.
type EndSessionAnswer struct {
	Ended bool `json:"ended"`
}

func (s *Server) staffEndSession(r *http.Request, w http.ResponseWriter) (any, error) {
	var b EndSessionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return nil, err
	}
	id := b.PracticeID
	if id == "" {
		if res, ok := s.deps.Practices.(PracticeResumer); ok {
			found, ok, err := res.Resumable(r.Context(), DoorKiosk)
			if err != nil {
				return nil, fmt.Errorf("finding the kiosk's live practice: %w", err)
			}
			if ok {
				id = found
			}
		}
	}
	if id == "" {
		return EndSessionAnswer{}, nil
	}
	err := s.deps.Practices.End(r.Context(), id, false)
	if errors.Is(err, ErrPracticeNotFound) {
		return EndSessionAnswer{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ending a practice for the staff: %w", err)
	}
	return EndSessionAnswer{Ended: true}, nil
}

func errNoControl(what string) *Error {
	return Errorf(http.StatusNotImplemented, "unavailable",
		"Máy này không hỗ trợ thao tác: %s.", "This kiosk cannot do this: %s.", what)
}

func (s *Server) staffSendStats(*http.Request, http.ResponseWriter) (any, error) {
	if s.deps.Stats == nil {
		return nil, errNoControl("send-stats")
	}
	s.deps.Stats.SendNow()
	return nil, nil
}

// RequeueAnswer says how many dead-lettered batches went back to the outbox.
type RequeueAnswer struct {
	Requeued int `json:"requeued"`
}

func (s *Server) staffRequeue(*http.Request, http.ResponseWriter) (any, error) {
	if s.deps.Stats == nil {
		return nil, errNoControl("requeue")
	}
	n, err := s.deps.Stats.Requeue()
	if err != nil {
		return nil, fmt.Errorf("re-queueing dead letters: %w", err)
	}
	return RequeueAnswer{Requeued: n}, nil
}

func (s *Server) staffReloadConfig(r *http.Request, _ http.ResponseWriter) (any, error) {
	if s.deps.Control == nil {
		return nil, errNoControl("reload-config")
	}
	return s.deps.Control.ReloadConfig(r.Context()), nil
}

func (s *Server) staffRestart(*http.Request, http.ResponseWriter) (any, error) {
	if s.deps.Control == nil {
		return nil, errNoControl("restart")
	}
	s.deps.Control.Exit(true)
	return nil, nil
}

// ExitBody is the body of POST /api/staff/actions/exit: the second
// confirmation, which must say "exit".
type ExitBody struct {
	Confirm string `json:"confirm"`
}

func (s *Server) staffExit(r *http.Request, w http.ResponseWriter) (any, error) {
	if s.deps.Control == nil {
		return nil, errNoControl("exit")
	}
	var b ExitBody
	if err := decodeJSON(w, r, &b); err != nil {
		return nil, err
	}
	if b.Confirm != "exit" {
		return nil, Errorf(http.StatusBadRequest, "confirm",
			"Cần xác nhận lần thứ hai để thoát ra màn hình máy tính.", "Exiting to the desktop needs the second confirmation.")
	}
	s.deps.Control.Exit(false)
	return nil, nil
}
