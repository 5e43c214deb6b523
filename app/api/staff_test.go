package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/config"
	"tramhocso/app/practice"
	"tramhocso/app/staff"
	"tramhocso/app/stats"
	"tramhocso/app/tips"
)

type fakeControl struct {
	reloads, exits int
	restart        bool
	byPack         map[string]int
}

func (f *fakeControl) ReloadConfig(context.Context) *ConfigStatus {
	f.reloads++
	return &ConfigStatus{ConfigID: "new"}
}
func (f *fakeControl) Exit(restart bool) { f.exits++; f.restart = restart }
func (f *fakeControl) Today(context.Context, time.Time) (TodayCounts, error) {
	return TodayCounts{Started: 3, Finished: 2, FinishedByPack: f.byPack}, nil
}
func (f *fakeControl) DiskFree() (uint64, error) { return 1 << 30, nil }
func (f *fakeControl) LANAddress() string        { return "" }

type fakeStats struct{ sent, requeued int }

func (f *fakeStats) Status() (stats.Status, error) {
	return stats.Status{OutboxBatches: 2, DeadLetters: []stats.BatchInfo{{ID: "b1"}}}, nil
}
func (f *fakeStats) SendNow()                       { f.sent++ }
func (f *fakeStats) Requeue(...string) (int, error) { f.requeued++; return 1, nil }

type staffRig struct {
	h       http.Handler
	phone   http.Handler
	ctl     *fakeControl
	st      *fakeStats
	logs    *bytes.Buffer
	now     time.Time
	snap    *Snapshot
	store   PracticeStore
	service *staff.Service
}

func newStaffRig(t *testing.T) *staffRig {
	t.Helper()
	fast := staff.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	hash, err := staff.HashPINWith("246810", fast, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(filepath.Join(t.TempDir(), "s.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &staffRig{ctl: &fakeControl{}, st: &fakeStats{}, logs: &bytes.Buffer{}, now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
		store: NewMemoryPracticeStore(0)}
	clock := func() time.Time { return r.now }
	r.service, err = staff.Open(db, staff.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Kiosk: config.Kiosk{ID: "mau-01"}}
	cfg.Idle.Timeout, cfg.Idle.Countdown, cfg.Idle.TipsAfter = config.Duration(90*time.Second), config.Duration(20*time.Second), config.Duration(5*time.Minute)
	cfg.Staff.PINHash, cfg.Staff.HelpSound = hash, true
	r.snap = &Snapshot{KioskID: "mau-01", ConfigID: "cfg1", Config: cfg, Tips: []tips.Tip{{VI: "Mẹo", EN: "Tip"}}}
	deps := Deps{
		Logger: slog.New(slog.NewTextHandler(r.logs, nil)), Now: clock, Snapshot: func() *Snapshot { return r.snap },
		Staff: r.service, Control: r.ctl, Stats: r.st, Practices: r.store,
	}
	r.h = New(DoorKiosk, deps)
	r.phone = New(DoorPhone, deps)
	return r
}

// login returns the staff cookie header value.
func (r *staffRig) login(t *testing.T) string {
	t.Helper()
	rec := do(t, r.h, "POST", "/api/staff/login", `{"pin":"246810"}`)
	if rec.Code != 200 {
		t.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	c := rec.Result().Cookies()
	if len(c) != 1 || c[0].Name != StaffCookie || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode || c[0].Value == "" {
		t.Fatalf("cookie: %+v", c)
	}
	return c[0].Name + "=" + c[0].Value
}

func TestKioskSettings(t *testing.T) {
	r := newStaffRig(t)
	rec := do(t, r.h, "GET", "/api/kiosk/settings", "")
	ks := decode[KioskSettings](t, rec.Body.String())
	if ks.IdleTimeoutS != 90 || ks.IdleCountdownS != 20 || ks.TipsAfterS != 300 || !ks.HelpSound || !ks.StaffEnabled || !ks.HelpEnabled ||
		len(ks.Tips) != 1 || ks.Tips[0].VI != "Mẹo" {
		t.Fatalf("settings: %s", rec.Body)
	}
}

func TestStaffRoutesKioskDoorOnly(t *testing.T) {
	r := newStaffRig(t)
	for _, p := range []string{"/api/kiosk/settings", "/api/staff/pin", "/api/staff/panel"} {
		if rec := do(t, r.phone, "GET", p, ""); rec.Code != http.StatusNotFound {
			t.Errorf("phone door GET %s: %d", p, rec.Code)
		}
	}
	if rec := do(t, r.phone, "POST", "/api/help", `{}`); rec.Code != http.StatusNotFound {
		t.Errorf("phone door POST /api/help: %d", rec.Code)
	}
}

func TestStaffRefusedWithoutSession(t *testing.T) {
	r := newStaffRig(t)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/staff/panel", ""},
		{"POST", "/api/staff/logout", ""},
		{"POST", "/api/staff/help/1/handled", ""},
		{"POST", "/api/staff/actions/end-session", `{}`},
		{"POST", "/api/staff/actions/send-stats", ""},
		{"POST", "/api/staff/actions/requeue", ""},
		{"POST", "/api/staff/actions/reload-config", ""},
		{"POST", "/api/staff/actions/restart", ""},
		{"POST", "/api/staff/actions/exit", `{"confirm":"exit"}`},
	} {
		for _, cookie := range []string{"", StaffCookie + "=forged"} {
			var hdr []string
			if cookie != "" {
				hdr = []string{"Cookie", cookie}
			}
			rec := do(t, r.h, c.method, c.path, c.body, hdr...)
			if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"staff_session"`) {
				t.Errorf("%s %s (cookie %q): %d %s", c.method, c.path, cookie, rec.Code, rec.Body)
			}
		}
	}
	if r.ctl.exits+r.ctl.reloads+r.st.sent+r.st.requeued != 0 {
		t.Fatal("an action ran without a staff session")
	}
}

func TestStaffLoginThrottled(t *testing.T) {
	r := newStaffRig(t)
	for i := 1; i <= staff.FreeAttempts; i++ {
		rec := do(t, r.h, "POST", "/api/staff/login", `{"pin":"000000"}`)
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "wrong_pin") || len(rec.Result().Cookies()) != 0 {
			t.Fatalf("wrong PIN %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	rec := do(t, r.h, "POST", "/api/staff/login", `{"pin":"246810"}`)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "2" {
		t.Fatalf("throttled: %d %s %v", rec.Code, rec.Body, rec.Header())
	}
	st := decode[PINState](t, do(t, r.h, "GET", "/api/staff/pin", "").Body.String())
	if !st.Enabled || st.Locked || st.WaitS != 2 || st.Remaining != staff.LockAfter-staff.FreeAttempts {
		t.Fatalf("pin state: %+v", st)
	}
	for i := staff.FreeAttempts + 1; i <= staff.LockAfter; i++ {
		r.now = r.now.Add(staff.DelayAfter(i - 1))
		do(t, r.h, "POST", "/api/staff/login", `{"pin":"000000"}`)
	}
	rec = do(t, r.h, "POST", "/api/staff/login", `{"pin":"246810"}`)
	if rec.Code != http.StatusLocked || !strings.Contains(rec.Body.String(), "15") {
		t.Fatalf("locked: %d %s", rec.Code, rec.Body)
	}
	if strings.Contains(r.logs.String(), "246810") || strings.Contains(r.logs.String(), "000000") {
		t.Fatal("a PIN reached the log")
	}
}

func TestStaffPanelAndActions(t *testing.T) {
	r := newStaffRig(t)
	ctx := context.Background()
	// A citizen calls for help from a practice.
	rec := do(t, r.h, "POST", "/api/help", `{"pack":"khai-sinh","step":"cha-me"}`)
	help := decode[HelpAnswer](t, rec.Body.String())
	if rec.Code != 200 || !help.New || help.Request.KioskID != "mau-01" {
		t.Fatalf("help: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, r.h, "POST", "/api/help", `{"pack":"khai sinh"}`); rec.Code != http.StatusBadRequest {
		t.Fatalf("bad help: %d %s", rec.Code, rec.Body)
	}
	cookie := r.login(t)
	rec = do(t, r.h, "GET", "/api/staff/panel", "", "Cookie", cookie)
	p := decode[StaffPanel](t, rec.Body.String())
	if rec.Code != 200 || p.Health.KioskID != "mau-01" || p.Today == nil || p.Today.Started != 3 || p.Stats == nil ||
		p.Stats.OutboxBatches != 2 || len(p.Help) != 1 || p.Help[0].Step != "cha-me" || p.Health.DiskFree == nil {
		t.Fatalf("panel: %d %s", rec.Code, rec.Body)
	}
	if len(rec.Result().Cookies()) != 1 {
		t.Fatal("the session cookie was not renewed on use")
	}
	if rec := do(t, r.h, "POST", "/api/staff/help/"+help.Request.ID+"/handled", "", "Cookie", cookie); rec.Code != 200 ||
		!strings.Contains(rec.Body.String(), "handled_at") {
		t.Fatalf("handled: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, r.h, "POST", "/api/staff/help/999/handled", "", "Cookie", cookie); rec.Code != http.StatusNotFound {
		t.Fatalf("unknown help: %d %s", rec.Code, rec.Body)
	}
	// End the session the screen shows: its answers are wiped.
	id, err := r.store.Create(ctx, &practice.Progress{Pack: "khai-sinh", Personal: practice.Personal{Answers: map[string]any{"name": "Nguyễn Văn A"}}})
	if err != nil {
		t.Fatal(err)
	}
	rec = do(t, r.h, "POST", "/api/staff/actions/end-session", `{"practice_id":"`+id+`"}`, "Cookie", cookie)
	if rec.Code != 200 || !decode[EndSessionAnswer](t, rec.Body.String()).Ended {
		t.Fatalf("end-session: %d %s", rec.Code, rec.Body)
	}
	if p, _ := r.store.Load(ctx, id); p == nil || len(p.Personal.Answers) != 0 {
		t.Fatalf("answers survived the staff's end-session: %+v", p)
	}
	for _, c := range []struct{ path, body string }{
		{"/api/staff/actions/send-stats", ""}, {"/api/staff/actions/requeue", ""}, {"/api/staff/actions/reload-config", ""},
		{"/api/staff/actions/restart", ""},
	} {
		if rec := do(t, r.h, "POST", c.path, c.body, "Cookie", cookie); rec.Code/100 != 2 {
			t.Fatalf("%s: %d %s", c.path, rec.Code, rec.Body)
		}
	}
	if r.st.sent != 1 || r.st.requeued != 1 || r.ctl.reloads != 1 || r.ctl.exits != 1 || !r.ctl.restart {
		t.Fatalf("actions: %+v %+v", r.st, r.ctl)
	}
	// Exit to the desktop needs the second confirmation.
	if rec := do(t, r.h, "POST", "/api/staff/actions/exit", `{}`, "Cookie", cookie); rec.Code != http.StatusBadRequest || r.ctl.exits != 1 {
		t.Fatalf("exit without confirmation: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, r.h, "POST", "/api/staff/actions/exit", `{"confirm":"exit"}`, "Cookie", cookie); rec.Code != 204 || r.ctl.exits != 2 || r.ctl.restart {
		t.Fatalf("exit: %d %s", rec.Code, rec.Body)
	}
	for _, a := range []string{"action=end-session outcome=ok", "action=restart outcome=ok", "action=exit outcome=confirm"} {
		if !strings.Contains(r.logs.String(), a) {
			t.Errorf("log lacks %q", a)
		}
	}
	if strings.Contains(r.logs.String(), "Nguyễn") {
		t.Fatal("personal data reached the log")
	}
	// Logout ends the session.
	if rec := do(t, r.h, "POST", "/api/staff/logout", "", "Cookie", cookie); rec.Code != 204 {
		t.Fatalf("logout: %d", rec.Code)
	}
	if rec := do(t, r.h, "GET", "/api/staff/panel", "", "Cookie", cookie); rec.Code != http.StatusUnauthorized {
		t.Fatalf("after logout: %d", rec.Code)
	}
}

func TestStaffOff(t *testing.T) {
	f := &fixture{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	h := New(DoorKiosk, f.deps())
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/help", `{}`}, {"POST", "/api/staff/login", `{"pin":"1234"}`}, {"GET", "/api/staff/panel", ""},
	} {
		if rec := do(t, h, c.method, c.path, c.body); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("%s %s without staff: %d", c.method, c.path, rec.Code)
		}
	}
	ks := decode[KioskSettings](t, do(t, h, "GET", "/api/kiosk/settings", "").Body.String())
	if ks.StaffEnabled || ks.HelpEnabled || ks.IdleTimeoutS != 90 || ks.Tips == nil {
		t.Fatalf("settings without staff/config: %+v", ks)
	}
}

// TestStaffSessionCookieOnly: the staff token travels in the HttpOnly cookie
// only (issue 12: the kiosk window keeps cookies on its loopback door). The
// login answer does not carry it, and the old header is not accepted.
func TestStaffSessionCookieOnly(t *testing.T) {
	r := newStaffRig(t)
	rec := do(t, r.h, "POST", "/api/staff/login", `{"pin":"246810"}`)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), "token") {
		t.Fatalf("login: %d %s (the token must not be in the body)", rec.Code, rec.Body)
	}
	var token string
	for _, c := range rec.Result().Cookies() {
		if c.Name == StaffCookie {
			token = c.Value
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
				t.Errorf("staff cookie %+v is not HttpOnly and SameSite=Strict", c)
			}
		}
	}
	if token == "" || strings.Contains(rec.Body.String(), token) {
		t.Fatalf("no staff cookie, or its token in the body: %s", rec.Body)
	}
	if got := do(t, r.h, "GET", "/api/staff/panel", "", "X-Tramhocso-Staff", token); got.Code != http.StatusUnauthorized {
		t.Fatalf("panel with the token in the old header: %d", got.Code)
	}
	if got := do(t, r.h, "GET", "/api/staff/panel", "", "Cookie", StaffCookie+"="+token); got.Code != 200 {
		t.Fatalf("panel with the cookie: %d %s", got.Code, got.Body)
	}
}

// TestRemotePageCannotMoveThePINThrottle: wrong PINs posted by a page on
// another site (a foreign Origin, a cross-site fetch, a DNS-rebinding Host,
// or a text/plain "simple" request that needs no preflight) are refused by
// the kiosk door's provenance checks before the throttle counts them; the
// kiosk's own page still counts and still logs in.
func TestRemotePageCannotMoveThePINThrottle(t *testing.T) {
	r := newStaffRig(t)
	const own = "127.0.0.1:8765"
	h := Provenance(DoorKiosk, []string{own}, nil, r.h)
	post := func(host, ctype, pin string, hdr ...string) int {
		req := httptest.NewRequest("POST", "/api/staff/login", strings.NewReader(`{"pin":"`+pin+`"}`))
		req.Host = host
		req.Header.Set("Content-Type", ctype)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	state := func() PINState {
		req := httptest.NewRequest("GET", "/api/staff/pin", nil)
		req.Host = own
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return decode[PINState](t, rec.Body.String())
	}
	for i := range 3 * staff.LockAfter {
		r.now = r.now.Add(time.Minute) // past any delay, so only provenance can stop a count
		for name, code := range map[string]int{
			"foreign Origin": post(own, "application/json", "000000", "Origin", "http://evil.example"),
			"cross-site":     post(own, "application/json", "000000", "Sec-Fetch-Site", "cross-site", "Origin", "http://evil.example"),
			"foreign Host":   post("evil.example:8765", "application/json", "000000", "Origin", "http://evil.example:8765"),
			"text/plain":     post(own, "text/plain", "000000"),
			"form":           post(own, "application/x-www-form-urlencoded", "000000"),
		} {
			if code != http.StatusForbidden && code != http.StatusUnsupportedMediaType {
				t.Fatalf("attempt %d, %s: status %d, want refused", i, name, code)
			}
		}
	}
	if st := state(); st.Locked || st.Remaining != staff.LockAfter || st.WaitS != 0 {
		t.Fatalf("a remote page moved the throttle: %+v", st)
	}
	// The kiosk's own page does count: one wrong PIN, then the right one.
	if code := post(own, "application/json", "000000", "Origin", "http://"+own, "Sec-Fetch-Site", "same-origin"); code != http.StatusUnauthorized && code != http.StatusForbidden {
		t.Fatalf("own page, wrong PIN: %d", code)
	}
	if st := state(); st.Remaining != staff.LockAfter-1 {
		t.Fatalf("the own page's wrong PIN must count: %+v", st)
	}
	if code := post(own, "application/json", "246810", "Origin", "http://"+own); code != http.StatusOK {
		t.Fatalf("own page, right PIN: %d", code)
	}
}

func TestSkillGroups(t *testing.T) {
	lib := practiceDeps(t).Snapshot().Practice
	cases := []struct {
		name   string
		lib    *practice.Library
		byPack map[string]int
		want   map[string]int // area → finished; every area of skills.yaml must be listed
	}{
		{"no library", nil, map[string]int{"khai-sinh": 1}, nil},
		{"nothing finished", lib, nil, map[string]int{"thiet-bi-so": 0, "thong-tin-du-lieu": 0, "giao-tiep-dich-vu-so": 0, "an-toan-so": 0, "giai-quyet-van-de": 0}},
		{"a pack counts once in each of its areas; a removed pack is skipped", lib,
			map[string]int{"khai-sinh": 2, "nhan-biet-lua-dao": 3, "kich-hoat-vneid": 1, "pack-da-go": 7},
			map[string]int{"thiet-bi-so": 3, "thong-tin-du-lieu": 2, "giao-tiep-dich-vu-so": 3, "an-toan-so": 4, "giai-quyet-van-de": 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := skillGroups(c.lib, c.byPack)
			if got == nil || len(got) != len(c.want) {
				t.Fatalf("got %d areas %+v, want %d", len(got), got, len(c.want))
			}
			for i, g := range got {
				if n, ok := c.want[g.Area]; !ok || n != g.Finished {
					t.Errorf("area %s: finished %d, want %d (listed %v)", g.Area, g.Finished, n, ok)
				}
				if g.Title.VI == "" || g.Group == "" {
					t.Errorf("area %s has no title or group number: %+v", g.Area, g)
				}
				if i > 0 && g.Group < got[i-1].Group {
					t.Errorf("areas out of the framework's order: %s after %s", g.Group, got[i-1].Group)
				}
			}
		})
	}
}

func TestStaffPanelSkillGroups(t *testing.T) {
	r := newStaffRig(t)
	lib := practiceDeps(t).Snapshot().Practice
	r.snap.Practice = lib
	r.ctl.byPack = map[string]int{"nhan-biet-lua-dao": 2}
	rec := do(t, r.h, "GET", "/api/staff/panel", "", "Cookie", r.login(t))
	if strings.Contains(rec.Body.String(), "FinishedByPack") || strings.Contains(rec.Body.String(), "nhan-biet-lua-dao") {
		t.Fatalf("the panel sends the per-pack counts: %s", rec.Body)
	}
	p := decode[StaffPanel](t, rec.Body.String())
	if p.Today == nil || len(p.Today.SkillGroups) != 5 {
		t.Fatalf("panel: %s", rec.Body)
	}
	for _, g := range p.Today.SkillGroups {
		if want := map[bool]int{true: 2, false: 0}[g.Area == "an-toan-so"]; g.Finished != want {
			t.Errorf("%s: %d, want %d", g.Area, g.Finished, want)
		}
	}
}
