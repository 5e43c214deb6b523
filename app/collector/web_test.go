package collector

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tramhocso/app/staff"
	"tramhocso/app/stats/wire"
)

// cheap argon2id parameters keep the tests fast; accounts made by the
// command use staff.DefaultParams.
var cheap = staff.Params{Memory: 8, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const testPassword = "một mật khẩu đủ dài"

func addUser(t testing.TB, c *Collector, name string, scope Scope) {
	t.Helper()
	if err := AddAccount(context.Background(), c.Store(), name, testPassword, scope, cheap, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// browser keeps cookies like a browser on one site.
type browser struct {
	t       testing.TB
	h       http.Handler
	cookies map[string]string
	csrf    string
	header  http.Header // added to every request
}

func newBrowser(t testing.TB, h http.Handler) *browser {
	return &browser{t: t, h: h, cookies: map[string]string{}, header: http.Header{}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) *httptest.ResponseRecorder {
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(b.cookies, ck.Name)
		} else {
			b.cookies[ck.Name] = ck.Value
		}
	}
	if m := csrfRE.FindStringSubmatch(rec.Body.String()); m != nil {
		b.csrf = m[1]
	}
	return rec
}

func (b *browser) get(path string) *httptest.ResponseRecorder {
	return b.do(httptest.NewRequest("GET", path, nil))
}

func (b *browser) post(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// signIn goes through the sign-in form; it fails the test unless it works.
func signIn(t testing.TB, h http.Handler, name string) *browser {
	t.Helper()
	b := newBrowser(t, h)
	if rec := b.get("/login"); rec.Code != 200 {
		t.Fatalf("GET /login: %d", rec.Code)
	}
	rec := b.post("/login", url.Values{"csrf": {b.csrf}, "name": {name}, "password": {testPassword}, "next": {"/report"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/report" || b.cookies[sessionCookie] == "" {
		t.Fatalf("sign-in: %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	if rec := b.get("/fleet"); rec.Code != 200 {
		t.Fatalf("GET /fleet after sign-in: %d", rec.Code)
	}
	return b
}

// TestOnlyTheBatchEndpointIsOpen: without a session every console path, any
// method, redirects to the sign-in form; the batch endpoint answers itself.
func TestOnlyTheBatchEndpointIsOpen(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		c := open(t, db, map[string]string{"kiosk-a": newKey(t)})
		h := c.Handler()
		for _, p := range []string{"/", "/fleet", "/report", "/report?from=2026-11-01", "/report.csv", "/report.xlsx", "/charts", "/nothing-here", "/v1/batches"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
			if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != "/login?next="+url.QueryEscape(p) {
				t.Errorf("GET %s without a session: %d %q", p, rec.Code, loc)
			}
		}
		for _, p := range []string{"/logout", "/report", "/fleet"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", p, nil))
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
				t.Errorf("POST %s without a session: %d", p, rec.Code)
			}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", wire.Path, nil))
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "unknown_kiosk") {
			t.Errorf("batch endpoint: %d %s", rec.Code, rec.Body)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("sign-in form: %d %v", rec.Code, rec.Header())
		}
	})
}

func TestSignIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		c := open(t, db, map[string]string{"kiosk-a": newKey(t)})
		addUser(t, c, "tinh-ha-noi", Scope{Province: "Hà Nội"})
		h := c.Handler()

		b := newBrowser(t, h)
		b.get("/login")
		if rec := b.post("/login", url.Values{"csrf": {b.csrf}, "name": {"tinh-ha-noi"}, "password": {"sai mật khẩu rồi nhé"}}); rec.Code != http.StatusUnauthorized || b.cookies[sessionCookie] != "" {
			t.Fatalf("wrong password: %d", rec.Code)
		}
		if rec := b.post("/login", url.Values{"csrf": {"forged"}, "name": {"tinh-ha-noi"}, "password": {testPassword}}); rec.Code != http.StatusForbidden {
			t.Fatalf("sign-in without the form's token: %d", rec.Code)
		}
		b2 := newBrowser(t, h) // a cross-site form: no login cookie
		if rec := b2.post("/login", url.Values{"csrf": {b.csrf}, "name": {"tinh-ha-noi"}, "password": {testPassword}}); rec.Code != http.StatusForbidden {
			t.Fatalf("sign-in without the login cookie: %d", rec.Code)
		}

		b.get("/login")
		rec := b.post("/login", url.Values{"csrf": {b.csrf}, "name": {"Tinh-Ha-Noi "}, "password": {testPassword}, "next": {"//evil.example/x"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/fleet" {
			t.Fatalf("sign-in with an off-site next: %d %q", rec.Code, rec.Header().Get("Location"))
		}
		var sc *http.Cookie
		for _, ck := range rec.Result().Cookies() {
			if ck.Name == sessionCookie {
				sc = ck
			}
		}
		if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteStrictMode || sc.Secure || sc.Path != "/" {
			t.Fatalf("session cookie %+v", sc)
		}
		if rec := b.get("/report"); rec.Code != 200 {
			t.Fatalf("report after sign-in: %d", rec.Code)
		}
		// POST without the session's CSRF token is refused; with it, signs out.
		if rec := b.post("/logout", url.Values{}); rec.Code != http.StatusForbidden {
			t.Fatalf("logout without CSRF: %d", rec.Code)
		}
		if rec := b.post("/logout", url.Values{"csrf": {"x" + b.csrf}}); rec.Code != http.StatusForbidden {
			t.Fatalf("logout with a wrong CSRF token: %d", rec.Code)
		}
		old := b.cookies[sessionCookie]
		if rec := b.post("/logout", url.Values{"csrf": {b.csrf}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("logout: %d", rec.Code)
		}
		b.cookies[sessionCookie] = old // a copied cookie is dead too
		if rec := b.get("/report"); rec.Code != http.StatusSeeOther {
			t.Fatalf("report after sign-out: %d", rec.Code)
		}
	})
}

// TestSecureCookieBehindProxy: Secure when the browser used TLS, as the
// trusted proxy reports; an untrusted X-Forwarded-Proto changes nothing.
func TestSecureCookieBehindProxy(t *testing.T) {
	db := engines[0].db(t)
	for _, trust := range []bool{true, false} {
		c := open(t, db+map[bool]string{true: "1", false: "2"}[trust], map[string]string{"kiosk-a": newKey(t)}, Options{TrustProxy: trust})
		addUser(t, c, "tinh-ha-noi", Scope{Province: "Hà Nội"})
		b := newBrowser(t, c.Handler())
		b.header.Set("X-Forwarded-Proto", "https")
		b.get("/login")
		rec := b.post("/login", url.Values{"csrf": {b.csrf}, "name": {"tinh-ha-noi"}, "password": {testPassword}})
		for _, ck := range rec.Result().Cookies() {
			if ck.Name == sessionCookie && ck.Secure != trust {
				t.Errorf("trust proxy %v: Secure %v", trust, ck.Secure)
			}
		}
	}
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestLoginThrottle: five wrong passwords are free, then the account (and
// the address) is locked for a growing time, even for the right password.
func TestLoginThrottle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		clock := &testClock{t: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)}
		c := open(t, db, map[string]string{"kiosk-a": newKey(t)}, Options{Now: clock.Now})
		addUser(t, c, "xa-ba-dinh", Scope{Province: "Hà Nội", Communes: []string{"Phường Ba Đình"}})
		b := newBrowser(t, c.Handler())
		try := func(pw string) int {
			b.get("/login")
			return b.post("/login", url.Values{"csrf": {b.csrf}, "name": {"xa-ba-dinh"}, "password": {pw}}).Code
		}
		for i := range 6 {
			if code := try("sai mật khẩu số " + string(rune('0'+i))); code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, code)
			}
		}
		if code := try(testPassword); code != http.StatusTooManyRequests {
			t.Fatalf("right password while locked: %d", code)
		}
		clock.Add(61 * time.Second)
		if code := try("lại sai mật khẩu"); code != http.StatusUnauthorized {
			t.Fatalf("after the lock: %d", code)
		}
		clock.Add(61 * time.Second) // the second lock is 2 minutes
		if code := try(testPassword); code != http.StatusTooManyRequests {
			t.Fatalf("second lock ended early: %d", code)
		}
		clock.Add(61 * time.Second)
		if code := try(testPassword); code != http.StatusSeeOther {
			t.Fatalf("right password after the locks: %d", code)
		}
	})
}

// scopedFixture: two communes of Hà Nội and one of Huế, one kiosk each, a
// fourth kiosk registered that never uploaded, one silent for two days.
func scopedFixture(t *testing.T, db string, clock *testClock) (*Collector, http.Handler) {
	t.Helper()
	keys := map[string]string{"hn-ba-dinh-01": newKey(t), "hn-hoan-kiem-01": newKey(t), "hue-phu-hoi-01": newKey(t), "hn-ba-dinh-02": newKey(t)}
	c := open(t, db, keys, Options{Now: clock.Now, SilentAfter: 26 * time.Hour})
	h := c.Handler()
	site := map[string]wire.Site{"hn-ba-dinh-01": {Province: "Hà Nội", Commune: "Phường Ba Đình"}, "hn-hoan-kiem-01": {Province: "Hà Nội", Commune: "Phường Hoàn Kiếm"}, "hue-phu-hoi-01": {Province: "Huế", Commune: "Phường Phú Hội"}}
	for id, s := range site {
		if id == "hn-hoan-kiem-01" {
			clock.Add(-48 * time.Hour) // its last upload was two days ago
		}
		key, _ := wire.ParseKey([]byte(keys[id]))
		body := batchAt(id, 1, s, &wire.Health{AppVersion: "v1.4.0", ConfigID: "cfg-" + id[:3], OutboxDepth: 1, UptimeSec: 7200},
			wire.Counter{Day: "2026-11-16", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 40},
			wire.Counter{Day: "2026-11-17", Pack: "khai-sinh", PackVersion: 1, Kind: "finished", N: 30},
			wire.Counter{Day: "2026-11-17", Pack: "khai-sinh", PackVersion: 1, Step: "ho-ten", Kind: "step_passed", N: 35},
			wire.Counter{Day: "2026-11-17", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_passed", N: 31},
			wire.Counter{Day: "2026-11-17", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_failed", N: 12},
			wire.Counter{Day: "2026-11-17", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_failed", Error: "cccd.length", N: 9},
			wire.Counter{Day: "2026-11-17", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_failed", Error: "cccd.province_unknown", N: 3},
			wire.Counter{Day: "2026-11-23", Pack: "kich-hoat-vneid", PackVersion: 1, Kind: "started", N: 7},
		)
		b, _ := wire.Parse(body)
		if code, msg := send(t, h, upload{id, b.BatchID, wire.Sign(key, body), body, clock.Now().Format(time.RFC3339)}); code != 200 {
			t.Fatalf("%s: %d %s", id, code, msg)
		}
		if id == "hn-hoan-kiem-01" {
			clock.Add(48 * time.Hour)
		}
	}
	addUser(t, c, "xa-ba-dinh", Scope{Province: "Hà Nội", Communes: []string{"Phường Ba Đình", "Phường Ba Đình"}}) // listed twice: counted once
	addUser(t, c, "tinh-ha-noi", Scope{Province: "Hà Nội"})
	addUser(t, c, "ca-nuoc", Scope{All: true})
	return c, h
}

func batchAt(kiosk string, seq uint64, site wire.Site, health *wire.Health, counters ...wire.Counter) []byte {
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Hour)
	b := &wire.Batch{Schema: wire.SchemaV2, BatchID: wire.BatchID(kiosk, end, seq), KioskID: kiosk, Seq: seq,
		PeriodStart: end.Add(-time.Hour).Format(time.RFC3339), PeriodEnd: end.Format(time.RFC3339), SealedAt: end.Format(time.RFC3339),
		Site: site, Counters: counters, Health: health}
	if health == nil {
		b.Schema = wire.SchemaV1
	}
	data, err := wire.Marshal(b)
	if err != nil {
		panic(err)
	}
	return data
}

func TestScopes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		clock := &testClock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
		_, h := scopedFixture(t, db, clock)
		cases := []struct {
			account   string
			see, hide []string
		}{
			{"xa-ba-dinh", []string{"Phường Ba Đình"}, []string{"Phường Hoàn Kiếm", "Phường Phú Hội", "hn-hoan-kiem-01", "hue-phu-hoi-01"}},
			{"tinh-ha-noi", []string{"Phường Ba Đình", "Phường Hoàn Kiếm"}, []string{"Phường Phú Hội", "hue-phu-hoi-01"}},
			{"ca-nuoc", []string{"Phường Ba Đình", "Phường Hoàn Kiếm", "Phường Phú Hội"}, nil},
		}
		for _, cs := range cases {
			b := signIn(t, h, cs.account)
			for _, p := range []string{"/report", "/report.csv", "/fleet", "/charts"} {
				rec := b.get(p)
				body := rec.Body.String()
				if p == "/report.csv" {
					body = strings.ReplaceAll(body, `"`, "")
				}
				for _, s := range cs.see {
					if rec.Code != 200 || !strings.Contains(body, s) {
						t.Errorf("%s %s: %d, %q missing", cs.account, p, rec.Code, s)
					}
				}
				for _, s := range cs.hide {
					if strings.Contains(body, s) {
						t.Errorf("%s %s shows %q", cs.account, p, s)
					}
				}
			}
			x := b.get("/report.xlsx")
			f, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
			if err != nil {
				t.Fatalf("%s XLSX: %v", cs.account, err)
			}
			rows, err := f.GetRows("Báo cáo")
			if err != nil {
				t.Fatal(err)
			}
			all := ""
			for _, r := range rows {
				all += strings.Join(r, "|") + "\n"
			}
			for _, s := range cs.hide {
				if strings.Contains(all, s) {
					t.Errorf("%s XLSX shows %q", cs.account, s)
				}
			}
		}
	})
}

func TestFleet(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		clock := &testClock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
		c, _ := scopedFixture(t, db, clock)
		f, err := c.BuildFleet(context.Background(), Scope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		rows := map[string]FleetRow{}
		for _, r := range f.Rows {
			rows[r.Kiosk] = r
		}
		if len(rows) != 4 {
			t.Fatalf("%d kiosks listed, 4 registered: %+v", len(rows), f.Rows)
		}
		if r := rows["hn-hoan-kiem-01"]; !r.Silent || len(r.Problems) == 0 || !strings.Contains(r.Problems[0], "silent for 2 ngày/days") {
			t.Errorf("silent kiosk: %+v", r)
		}
		if r := rows["hn-ba-dinh-01"]; r.Silent || len(r.Problems) != 0 || r.Version != "v1.4.0" || r.Config != "cfg-hn-" || r.Backlog != 1 || r.Uptime != "2 h" {
			t.Errorf("healthy kiosk: %+v", r)
		}
		if r := rows["hn-ba-dinh-02"]; r.Seen || !strings.Contains(strings.Join(r.Problems, " "), "never uploaded") {
			t.Errorf("never seen kiosk: %+v", r)
		}
		if f.Flagged != 2 || f.Rows[0].Kiosk != "hn-ba-dinh-02" && f.Rows[0].Kiosk != "hn-hoan-kiem-01" {
			t.Errorf("flagged %d, first row %s", f.Flagged, f.Rows[0].Kiosk)
		}
		// The same kiosk is healthy again with a shorter clock: the threshold is the option.
		clock.Add(-30 * time.Hour)
		f, _ = c.BuildFleet(context.Background(), Scope{All: true})
		for _, r := range f.Rows {
			if r.Kiosk == "hn-hoan-kiem-01" && r.Silent {
				t.Errorf("18 h after its upload the kiosk is flagged silent (threshold 26 h)")
			}
		}
	})
}

func TestChartsSuppressSmallCounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		clock := &testClock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
		_, h := scopedFixture(t, db, clock)
		b := signIn(t, h, "xa-ba-dinh")
		rec := b.get("/charts?place=" + url.QueryEscape("Hà Nội|Phường Ba Đình") + "&pack=khai-sinh")
		body := rec.Body.String()
		for _, want := range []string{`id="weekly"`, `id="funnel"`, `id="mistakes"`, ">cccd.length<", ">&lt;5<", ">40<", ">30<", "11-16"} {
			if !strings.Contains(body, want) {
				t.Errorf("charts page lacks %s", want)
			}
		}
		// cccd.province_unknown (3) is labelled <5 and drawn with no width.
		if !regexp.MustCompile(`width="0" height="12" [^>]*><title>cccd.province_unknown Số lần / Times: &lt;5</title>`).MatchString(body) {
			t.Errorf("a count under 5 is drawn:\n%s", body)
		}
		if strings.Contains(body, "https://") || strings.Contains(body, "<script") {
			t.Errorf("the charts page loads something from elsewhere")
		}
	})
}

func TestXLSXSameColumnsAsCSV(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		clock := &testClock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
		_, h := scopedFixture(t, db, clock)
		b := signIn(t, h, "ca-nuoc")
		csvRows, err := csv.NewReader(strings.NewReader(b.get("/report.csv").Body.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		x := b.get("/report.xlsx")
		if x.Code != 200 || !strings.Contains(x.Header().Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("XLSX: %d %v", x.Code, x.Header())
		}
		f, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Báo cáo")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(csvRows) || strings.Join(rows[0], "|") != strings.Join(xlsxHeader, "|") || len(rows[0]) != len(csvRows[0]) {
			t.Fatalf("XLSX %d rows %v, CSV %d rows %v", len(rows), rows[0], len(csvRows), csvRows[0])
		}
		for i := 1; i < len(rows); i++ {
			if strings.TrimRight(strings.Join(rows[i], "|"), "|") != strings.TrimRight(strings.Join(csvRows[i], "|"), "|") {
				t.Errorf("row %d: XLSX %v, CSV %v", i, rows[i], csvRows[i])
			}
		}
		if typ, _ := f.GetCellType("Báo cáo", "E2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("a count over 5 is text in the workbook")
		}
	})
}

// TestSignInFormSurvivesASecondLoad: the browser's favicon request (or a
// second tab) lands on the sign-in form too; the first form still works.
func TestSignInFormSurvivesASecondLoad(t *testing.T) {
	c := open(t, engines[0].db(t), map[string]string{"kiosk-a": newKey(t)})
	addUser(t, c, "xa-ba-dinh", Scope{Province: "Hà Nội"})
	b := newBrowser(t, c.Handler())
	b.get("/login?next=%2Ffleet")
	first := b.csrf
	b.get("/favicon.ico")
	b.get("/login?next=%2Ffavicon.ico")
	if rec := b.post("/login", url.Values{"csrf": {first}, "name": {"xa-ba-dinh"}, "password": {testPassword}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("the first form after a second load: %d", rec.Code)
	}
}
