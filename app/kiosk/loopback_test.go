package kiosk

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"tramhocso/app/api"
)

const testDoorHost = "127.0.0.1:40123"

// testGuard is a guard for testDoorHost in front of a handler that answers
// "app"; now is its clock (nil: a fixed time).
func testGuard(t *testing.T, now func() time.Time) *doorGuard {
	t.Helper()
	if now == nil {
		at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
		now = func() time.Time { return at }
	}
	g, err := newDoorGuard(testDoorHost, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "app")
	}), now, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// hit sends one request to the guard with Host host and the cookies given.
func hit(g http.Handler, method, host, target string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	req.Host = host
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, req)
	return rec
}

// enter exchanges a fresh ticket and returns the door cookie.
func enter(t *testing.T, g *doorGuard) *http.Cookie {
	t.Helper()
	u, err := g.enterURL()
	if err != nil {
		t.Fatal(err)
	}
	rec := hit(g, "GET", testDoorHost, strings.TrimPrefix(u, g.origin()))
	if rec.Code != 200 || rec.Header().Get("Refresh") != "0; url=/" {
		t.Fatalf("ticket: %d, Refresh %q", rec.Code, rec.Header().Get("Refresh"))
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == DoorCookie {
			return c
		}
	}
	t.Fatal("the ticket gave no door cookie")
	return nil
}

func TestDoorGuardTicketForCookie(t *testing.T) {
	g := testGuard(t, nil)
	u, err := g.enterURL()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:40123/door/enter/[0-9a-f]{64}$`).MatchString(u) {
		t.Fatalf("enter URL %q: want a 256-bit ticket on the exact door address", u)
	}
	path := strings.TrimPrefix(u, g.origin())
	rec := hit(g, "GET", testDoorHost, path)
	if rec.Code != 200 || rec.Header().Get("Refresh") != "0; url=/" || !strings.Contains(rec.Body.String(), `http-equiv="refresh" content="0;url=/"`) ||
		!strings.Contains(rec.Body.String(), `<meta name="tramhocso-door" content="entering">`) {
		t.Fatalf("ticket: %d, Refresh %q, %q (want an immediate refresh to /: the ticket leaves the address bar)",
			rec.Code, rec.Header().Get("Refresh"), rec.Body)
	}
	var c *http.Cookie
	for _, k := range rec.Result().Cookies() {
		if k.Name == DoorCookie {
			c = k
		}
	}
	if c == nil || len(c.Value) != 64 || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
		t.Fatalf("door cookie %+v: want 256 bits, HttpOnly, SameSite=Strict, Path=/", c)
	}
	if strings.Contains(u, c.Value) {
		t.Fatal("the cookie is the ticket")
	}
	// Exchanged once: the same ticket again is refused, with or without the cookie.
	if rec := hit(g, "GET", testDoorHost, path); rec.Code != http.StatusForbidden {
		t.Errorf("the ticket worked twice: %d", rec.Code)
	}
	// With the cookie: the app.
	if rec := hit(g, "GET", testDoorHost, "/", c); rec.Code != 200 || rec.Body.String() != "app" {
		t.Errorf("with the cookie: %d %q", rec.Code, rec.Body)
	}
	if rec := hit(g, "GET", testDoorHost, "/api/catalog", c); rec.Code != 200 {
		t.Errorf("API with the cookie: %d", rec.Code)
	}
}

func TestDoorGuardRefuses(t *testing.T) {
	g := testGuard(t, nil)
	c := enter(t, g)
	forged := &http.Cookie{Name: DoorCookie, Value: strings.Repeat("0", 64)}
	tests := []struct {
		name, method, host, target string
		cookies                    []*http.Cookie
		json                       bool
	}{
		{"no cookie, page", "GET", testDoorHost, "/", nil, false},
		{"no cookie, asset", "GET", testDoorHost, "/assets/index.js", nil, false},
		{"no cookie, API", "GET", testDoorHost, "/api/health", nil, true},
		{"no cookie, POST", "POST", testDoorHost, "/api/practice", nil, true},
		{"forged cookie", "GET", testDoorHost, "/api/catalog", []*http.Cookie{forged}, true},
		{"empty cookie", "GET", testDoorHost, "/", []*http.Cookie{{Name: DoorCookie, Value: ""}}, false},
		{"another port", "GET", "127.0.0.1:40124", "/", []*http.Cookie{c}, false},
		{"localhost", "GET", "localhost:40123", "/api/health", []*http.Cookie{c}, true},
		{"a DNS name (rebinding)", "GET", "evil.example:40123", "/", []*http.Cookie{c}, false},
		{"no port", "GET", "127.0.0.1", "/", []*http.Cookie{c}, false},
		{"IPv6 loopback", "GET", "[::1]:40123", "/", []*http.Cookie{c}, false},
		{"a made-up ticket", "GET", testDoorHost, "/door/enter/" + strings.Repeat("ab", 32), nil, false},
		{"a ticket by POST", "POST", testDoorHost, "/door/enter/x", nil, false},
		{"probe without cookie", "GET", testDoorHost, "/door/check?n=1", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := hit(g, tt.method, tt.host, tt.target, tt.cookies...)
			if rec.Code != http.StatusForbidden {
				t.Fatalf("%d %q, want 403", rec.Code, rec.Body)
			}
			body := rec.Body.String()
			if strings.Contains(body, "app") && !strings.Contains(body, "window") {
				t.Fatalf("the refusal carries the app: %q", body)
			}
			ct := rec.Header().Get("Content-Type")
			if tt.json != strings.HasPrefix(ct, "application/json") || (tt.json && !strings.Contains(body, `"door_closed"`)) {
				t.Errorf("Content-Type %q, body %q (JSON under /api/ only)", ct, body)
			}
		})
	}
	if n := g.refusedCount(); n != len(tests) {
		t.Errorf("refused %d, want %d", n, len(tests))
	}
}

func TestDoorGuardTicketExpiresAndIsReplaced(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	g := testGuard(t, func() time.Time { return now })
	path := func(u string) string { return strings.TrimPrefix(u, g.origin()) }
	// The latest maxTickets stay good, each once: a ticket in flight is not
	// undone by the next page-load event or probe minting another.
	var urls []string
	for range maxTickets + 1 {
		u, _ := g.enterURL()
		urls = append(urls, u)
	}
	if rec := hit(g, "GET", testDoorHost, path(urls[0])); rec.Code != http.StatusForbidden {
		t.Errorf("the ticket %d mints ago still works: %d", maxTickets, rec.Code)
	}
	for _, i := range []int{1, maxTickets, 2} { // any order
		if rec := hit(g, "GET", testDoorHost, path(urls[i])); rec.Code != 200 {
			t.Errorf("ticket %d of the latest %d: %d", i, maxTickets, rec.Code)
		}
		if rec := hit(g, "GET", testDoorHost, path(urls[i])); rec.Code != http.StatusForbidden {
			t.Errorf("ticket %d worked twice: %d", i, rec.Code)
		}
	}
	now = now.Add(ticketTTL + time.Second)
	if rec := hit(g, "GET", testDoorHost, path(urls[3])); rec.Code != http.StatusForbidden {
		t.Errorf("an expired ticket still works: %d", rec.Code)
	}
	// Expired tickets are dropped as new ones are minted.
	g.enterURL()
	g.mu.Lock()
	n := len(g.tickets)
	g.mu.Unlock()
	if n != 1 {
		t.Errorf("%d tickets outstanding after the others expired, want 1", n)
	}
}

func TestDoorGuardProbe(t *testing.T) {
	g := testGuard(t, nil)
	c := enter(t, g)
	p, err := g.probeURL()
	if err != nil {
		t.Fatal(err)
	}
	if rec := hit(g, "GET", testDoorHost, p, c); rec.Code != http.StatusNoContent {
		t.Fatalf("probe with the cookie: %d", rec.Code)
	}
	select {
	case <-g.lost:
		t.Fatal("lost with the cookie")
	default:
	}
	// Another program on the PC guessing at the probe: no re-entry.
	hit(g, "GET", testDoorHost, "/door/check?n=0123")
	hit(g, "GET", testDoorHost, "/door/check")
	select {
	case <-g.lost:
		t.Fatal("lost on a probe that is not the window's")
	default:
	}
	// The window's probe without the cookie: lost.
	if rec := hit(g, "GET", testDoorHost, p); rec.Code != http.StatusForbidden {
		t.Fatalf("probe without the cookie: %d", rec.Code)
	}
	select {
	case <-g.lost:
	default:
		t.Fatal("the window's probe came without the cookie and nobody was told")
	}
}

func TestWindowDoorEntersAndComesBack(t *testing.T) {
	g := testGuard(t, nil)
	ran := make(chan string, 8)
	d := newWindowDoor(g, func(_ context.Context, js string) { ran <- js }, nil)
	// A page load (the wails:// bootstrap): off the door's origin, enter by a ticket.
	d.domReady(t.Context())
	js := <-ran
	m := regexp.MustCompile(`if \(location.origin !== "http://127.0.0.1:40123" \|\| !document.querySelector\("meta\[name=\\"tramhocso-door\\"\]"\)\) \{ location.replace\("(http://127.0.0.1:40123/door/enter/[0-9a-f]{64})"\); \} else \{ fetch\("(/door/check\?n=[0-9a-f]{32})"`).FindStringSubmatch(js)
	if m == nil {
		t.Fatalf("page-load script %q", js)
	}
	c := func() *http.Cookie {
		rec := hit(g, "GET", testDoorHost, strings.TrimPrefix(m[1], g.origin()))
		if rec.Code != 200 {
			t.Fatalf("the page-load ticket: %d", rec.Code)
		}
		return rec.Result().Cookies()[0]
	}()
	if rec := hit(g, "GET", testDoorHost, m[2], c); rec.Code != http.StatusNoContent {
		t.Fatalf("the page-load probe: %d", rec.Code)
	}

	ctx, cancel := context.WithCancel(t.Context())
	ticks := make(chan time.Time)
	done := make(chan struct{})
	go func() { d.run(ctx, ticks); close(done) }()
	// A tick probes again; this time the cookie is gone (WebKit's network
	// process restarted): the loop sends the page through a fresh ticket.
	ticks <- time.Time{}
	js = <-ran
	probe := regexp.MustCompile(`fetch\("(/door/check\?n=[0-9a-f]{32})"`).FindStringSubmatch(js)
	if probe == nil {
		t.Fatalf("tick script %q", js)
	}
	hit(g, "GET", testDoorHost, probe[1])
	js = <-ran
	again := regexp.MustCompile(`^location.replace\("(http://127.0.0.1:40123/door/enter/[0-9a-f]{64})"\);$`).FindStringSubmatch(js)
	if again == nil {
		t.Fatalf("re-entry script %q", js)
	}
	if rec := hit(g, "GET", testDoorHost, strings.TrimPrefix(again[1], g.origin())); rec.Code != 200 {
		t.Fatalf("the re-entry ticket: %d", rec.Code)
	}
	cancel()
	<-done
}

func TestDoorGuardFresh(t *testing.T) {
	g := testGuard(t, nil)
	c := enter(t, g)
	post := func(origin string, cookies ...*http.Cookie) int {
		req := httptest.NewRequest("POST", "/door/fresh", nil)
		req.Host = testDoorHost
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, req)
		return rec.Code
	}
	pending := func() bool {
		select {
		case <-g.fresh:
			return true
		default:
			return false
		}
	}
	for _, tc := range []struct {
		name    string
		code    int
		origin  string
		cookies []*http.Cookie
	}{
		{"no cookie", http.StatusForbidden, g.origin(), nil},
		{"another site", http.StatusForbidden, "http://evil.example", []*http.Cookie{c}},
		{"no Origin (not a fetch of the page)", http.StatusForbidden, "", []*http.Cookie{c}},
		{"localhost is another origin", http.StatusForbidden, "http://localhost:40123", []*http.Cookie{c}},
	} {
		if got := post(tc.origin, tc.cookies...); got != tc.code {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.code)
		}
		if pending() {
			t.Errorf("%s: a fresh process was asked for", tc.name)
		}
	}
	if rec := hit(g, "GET", testDoorHost, "/door/fresh", c); rec.Code != http.StatusMethodNotAllowed || pending() {
		t.Errorf("GET: %d", rec.Code)
	}
	// The page's own request: 202, and the window loop is told once even if asked twice.
	if got := post(g.origin(), c); got != http.StatusAccepted {
		t.Fatalf("the page's request: %d", got)
	}
	if got := post(g.origin(), c); got != http.StatusAccepted {
		t.Fatalf("asked again: %d", got)
	}
	if !pending() || pending() {
		t.Fatal("want exactly one pending fresh-process request")
	}
}

func TestWindowDoorFreshProcess(t *testing.T) {
	for _, tc := range []struct {
		name      string
		restart   error
		noRestart bool
		wantJS    bool
	}{
		{name: "a new web process", restart: nil},
		{name: "the window cannot", restart: errors.New("no web view"), wantJS: true},
		{name: "a build without it", noRestart: true, wantJS: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := testGuard(t, nil)
			ran := make(chan string, 8)
			d := newWindowDoor(g, func(_ context.Context, js string) { ran <- js }, nil)
			restarted := make(chan string, 1)
			if !tc.noRestart {
				d.restart = func(_ context.Context, uri string) error {
					restarted <- uri
					return tc.restart
				}
			}
			d.setContext(t.Context())
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan struct{})
			go func() { d.run(ctx, nil); close(done) }()
			g.fresh <- struct{}{}
			enterRE := regexp.MustCompile(`^http://127.0.0.1:40123/door/enter/[0-9a-f]{64}$`)
			var uri string
			if !tc.noRestart {
				uri = <-restarted
				if !enterRE.MatchString(uri) {
					t.Fatalf("restart loaded %q, want a ticket URL", uri)
				}
			}
			if tc.wantJS {
				js := <-ran
				m := regexp.MustCompile(`^location.replace\("(.*)"\);$`).FindStringSubmatch(js)
				if m == nil || !enterRE.MatchString(m[1]) {
					t.Fatalf("fallback script %q", js)
				}
				uri = m[1]
			}
			// Whichever way the page comes back, its ticket works once.
			if rec := hit(g, "GET", testDoorHost, strings.TrimPrefix(uri, g.origin())); rec.Code != 200 {
				t.Fatalf("the fresh page's ticket: %d", rec.Code)
			}
			cancel()
			<-done
			select {
			case js := <-ran:
				t.Fatalf("unexpected script %q", js)
			default:
			}
			if want := map[bool]int{true: 0, false: 1}[tc.wantJS]; d.freshProcesses != want {
				t.Errorf("fresh processes counted: %d, want %d", d.freshProcesses, want)
			}
		})
	}
}

func TestBootstrapPage(t *testing.T) {
	h := bootstrapHandler{}
	rec := hit(h, "GET", "wails", "/")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "<body") || strings.Contains(rec.Body.String(), "<script") {
		t.Fatalf("bootstrap: %d %q", rec.Code, rec.Body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("bootstrap CSP %q", csp)
	}
	for _, p := range []string{"/api/health", "/api/catalog", "/assets/index.js", "/favicon.svg"} {
		if rec := hit(h, "GET", "wails", p); rec.Code != http.StatusNotFound {
			t.Errorf("wails://%s: %d, want 404 (the app is on the loopback door only)", p, rec.Code)
		}
	}
	if rec := hit(h, "POST", "wails", "/"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", rec.Code)
	}

	// With the door's tickets: the page refreshes at once to a ticket of its
	// own, which the door takes once; every load gets a new one.
	g := testGuard(t, nil)
	hb := bootstrapHandler{enter: g.enterURL}
	refresh := regexp.MustCompile(`<meta name="tramhocso-door" content="bootstrap"><meta http-equiv="refresh" content="0;url=(http://127\.0\.0\.1:40123/door/enter/[0-9a-f]{64})">`)
	first := refresh.FindStringSubmatch(hit(hb, "GET", "wails", "/").Body.String())
	second := refresh.FindStringSubmatch(hit(hb, "GET", "wails", "/").Body.String())
	if first == nil || second == nil || first[1] == second[1] {
		t.Fatalf("bootstrap refresh: %q then %q (want a new ticket on each load)", first, second)
	}
	if rec := hit(hb, "GET", "wails", "/"); rec.Header().Get("Referrer-Policy") != "no-referrer" || strings.Contains(rec.Body.String(), "<script") {
		t.Errorf("bootstrap with a ticket: Referrer-Policy %q, %q", rec.Header().Get("Referrer-Policy"), rec.Body)
	}
	for _, u := range []string{first[1], second[1]} {
		if rec := hit(g, "GET", testDoorHost, strings.TrimPrefix(u, g.origin())); rec.Code != 200 {
			t.Errorf("the bootstrap's ticket: %d", rec.Code)
		}
	}
	if rec := hit(g, "GET", testDoorHost, strings.TrimPrefix(first[1], g.origin())); rec.Code != http.StatusForbidden {
		t.Errorf("the bootstrap's ticket worked twice: %d", rec.Code)
	}
	// HEAD carries no ticket; a failing mint gives the blank page.
	if rec := hit(hb, "HEAD", "wails", "/"); strings.Contains(rec.Body.String(), "door/enter") {
		t.Errorf("HEAD minted a ticket: %q", rec.Body)
	}
	broken := bootstrapHandler{enter: func() (string, error) { return "", errors.New("no randomness") }}
	if rec := hit(broken, "GET", "wails", "/"); rec.Code != 200 || strings.Contains(rec.Body.String(), "refresh") {
		t.Errorf("bootstrap without a ticket: %d %q", rec.Code, rec.Body)
	}
}

// TestLoopbackDoorOverTCP runs the real door on a real port: the marker
// is in its page, and a request without the cookie or with another Host
// gets 403.
func TestLoopbackDoorOverTCP(t *testing.T) {
	k := openTestKiosk(t, Options{})
	d, err := k.openLoopbackDoor(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.close() })
	host := d.guard.host
	if h, _, _ := net.SplitHostPort(host); h != "127.0.0.1" {
		t.Fatalf("door on %s, want 127.0.0.1", host)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path, hostHeader string, c *http.Cookie) *http.Response {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), "GET", "http://"+host+path, nil)
		if hostHeader != "" {
			req.Host = hostHeader
		}
		if c != nil {
			req.AddCookie(c)
		}
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	for _, p := range []string{"/", "/api/health", "/api/catalog"} {
		if res := get(p, "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s without the cookie: %d", p, res.StatusCode)
		}
	}
	u, _ := d.guard.enterURL()
	res := get(strings.TrimPrefix(u, "http://"+host), "", nil)
	if res.StatusCode != 200 || len(res.Cookies()) != 1 {
		t.Fatalf("ticket: %d %v", res.StatusCode, res.Cookies())
	}
	c := res.Cookies()[0]
	page := get("/", "", c)
	b, _ := io.ReadAll(page.Body)
	if page.StatusCode != 200 || !strings.Contains(string(b), `<meta name="tramhocso-door" content="kiosk-window">`) {
		t.Fatalf("page with the cookie: %d %q", page.StatusCode, b)
	}
	if res := get("/api/health", "", c); res.StatusCode != 200 {
		t.Errorf("API with the cookie: %d", res.StatusCode)
	}
	if res := get("/api/health", "localhost:"+strings.Split(host, ":")[1], c); res.StatusCode != http.StatusForbidden {
		t.Errorf("another Host with the cookie: %d", res.StatusCode)
	}
}

func TestServeChecksHost(t *testing.T) {
	k := openTestKiosk(t, Options{})
	ctx, cancel := context.WithCancel(t.Context())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- k.Serve(ctx, "127.0.0.1:0", func(u string) { urls <- u }) }()
	base := <-urls
	port := strings.TrimSuffix(strings.TrimPrefix(base, "http://127.0.0.1:"), "/")
	for host, want := range map[string]int{
		"127.0.0.1:" + port: 200, "localhost:" + port: 200,
		"evil.example:" + port: 403, "127.0.0.1:1": 403, "127.0.0.1": 403,
	} {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", base+"api/health", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("serve with Host %q: %d, want %d", host, res.StatusCode, want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestSiteMarkerOnlyOnLoopbackDoor(t *testing.T) {
	k := openTestKiosk(t, Options{})
	rec := hit(k.SiteHandler(api.DoorKiosk), "GET", "127.0.0.1:8765", "/")
	if rec.Code != 200 || strings.Contains(rec.Body.String(), "tramhocso-door") {
		t.Errorf("serve's page: %d %q (no marker)", rec.Code, rec.Body)
	}
}

// openLoopbackDoor (for tests) listens on 127.0.0.1 and a random port and serves the
// kiosk door's site, with the kiosk-window marker, behind the guard.
func (k *Kiosk) openLoopbackDoor(ctx context.Context) (*loopbackDoor, error) {
	d, err := listenLoopbackDoor(ctx, k.log)
	if err != nil {
		return nil, err
	}
	d.serve(k)
	return d, nil
}

// The gate holds what passes the guard until the kiosk is open, and lets a
// request whose client went away go.
func TestGateHoldsUntilOpen(t *testing.T) {
	gt := newGate()
	done := make(chan int, 1)
	go func() {
		rec := hit(gt, "GET", testDoorHost, "/")
		done <- rec.Code
	}()
	select {
	case code := <-done:
		t.Fatalf("answered %d before the kiosk was open", code)
	default:
	}
	gt.open(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	if code := <-done; code != http.StatusTeapot {
		t.Fatalf("after opening: %d", code)
	}

	closed := newGate()
	ctx, cancel := context.WithCancel(t.Context())
	req := httptest.NewRequestWithContext(ctx, "GET", "/", nil)
	went := make(chan struct{})
	go func() {
		closed.ServeHTTP(httptest.NewRecorder(), req)
		close(went)
	}()
	cancel()
	<-went // a gate that never opens does not hold a gone client
}
