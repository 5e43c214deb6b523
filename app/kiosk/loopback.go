package kiosk

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"tramhocso/app/api"
)

// The kiosk window's door (issue 12). The window loads the app over HTTP
// from a listener of its own on 127.0.0.1 and a random port, served by the
// same kiosk-door handler and embedded files as `serve`; the wails:// scheme
// serves only a blank bootstrap page. Any other program on the PC can reach
// a loopback port, so the door is guarded (doorGuard):
//
//   - the Host header must be exactly 127.0.0.1:PORT (no DNS name: a web page
//     elsewhere cannot reach the door by DNS rebinding);
//   - the window enters through a one-time ticket URL, /door/enter/TICKET
//     (256 random bits, minted by Go and handed to the window only, good for
//     a minute; the latest few stay good, so a ticket in flight is not undone
//     by the next one minted), which is
//     exchanged for the per-launch door cookie (another 256 random bits,
//     HttpOnly, SameSite=Strict) and an immediate refresh to / that drops
//     the ticket from the address bar;
//   - every other request needs that cookie; without it the answer is 403
//     (a JSON error under /api/, plain text elsewhere), never the app;
//   - POST /door/fresh, from the door's own page, asks the window for a
//     fresh WebKit web process (the next citizen's page; windowdoor.go).
//
// The loopback door puts <meta name="tramhocso-door" content="kiosk-window">
// in its index.html: that is how the page knows it is in the kiosk window.

// DoorCookie is the kiosk window's door cookie.
const DoorCookie = "tramhocso_door"

// Paths the guard answers itself.
const (
	doorEnterPath = "/door/enter/"
	doorCheckPath = "/door/check"
	doorFreshPath = "/door/fresh"
)

// ticketTTL bounds how long a minted ticket can be exchanged.
const ticketTTL = time.Minute

// maxTickets is how many minted tickets stay good at once (each until it is
// exchanged or expires). The window loop mints one on every page load and
// every probe (check), whether or not the page needs it, and the page loads
// the one it was given a moment later: when a minted ticket undid the one
// before it, a probe or a second page-load event that came in between sent
// the page to a 403 and round again (seen in the soak test, decision 126).
const maxTickets = 8

// ticket is one minted door ticket.
type ticket struct {
	value   string
	expires time.Time
}

// doorGuard guards one loopback door (see above). It is safe for
// concurrent use.
type doorGuard struct {
	host   string // "127.0.0.1:PORT", the only Host accepted
	cookie string // the per-launch door cookie's value
	next   http.Handler
	now    func() time.Time
	log    *slog.Logger
	// lost receives (without blocking) when the window's own probe came
	// without the cookie: the window loop then brings the page back in.
	lost chan struct{}
	// fresh receives (without blocking) when the page asks for a fresh web
	// process: the window loop then starts one on the door's entry URL.
	fresh chan struct{}

	mu      sync.Mutex
	tickets []ticket // the tickets that may be exchanged, oldest first (at most maxTickets)
	probe   string   // the nonce of the window's latest probe
	refused int      // requests refused since the door opened (for tests and logs)
}

// randomHex is n random bytes in hex.
func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// newDoorGuard guards next for requests to host (127.0.0.1:PORT).
func newDoorGuard(host string, next http.Handler, now func() time.Time, log *slog.Logger) (*doorGuard, error) {
	c, err := randomHex(32)
	if err != nil {
		return nil, fmt.Errorf("making the door cookie: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &doorGuard{host: host, cookie: c, next: next, now: now, log: log, lost: make(chan struct{}, 1), fresh: make(chan struct{}, 1)}, nil
}

// origin is the door's URL without a path.
func (g *doorGuard) origin() string { return "http://" + g.host }

// enterURL mints a new one-time ticket and returns the URL that exchanges it
// for the door cookie. The oldest ticket stops working when more than
// maxTickets are outstanding.
func (g *doorGuard) enterURL() (string, error) {
	t, err := randomHex(32)
	if err != nil {
		return "", fmt.Errorf("making a door ticket: %w", err)
	}
	g.mu.Lock()
	now := g.now()
	g.tickets = slices.DeleteFunc(g.tickets, func(k ticket) bool { return !now.Before(k.expires) })
	if len(g.tickets) >= maxTickets {
		g.tickets = slices.Delete(g.tickets, 0, len(g.tickets)-maxTickets+1)
	}
	g.tickets = append(g.tickets, ticket{value: t, expires: now.Add(ticketTTL)})
	g.mu.Unlock()
	return g.origin() + doorEnterPath + t, nil
}

// takeTicket reports whether t is an outstanding, unexpired ticket, and if
// so spends it.
func (g *doorGuard) takeTicket(t string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	found := -1
	for i, k := range g.tickets {
		// Every ticket is compared, in constant time, whatever matched.
		if len(t) == len(k.value) && subtle.ConstantTimeCompare([]byte(t), []byte(k.value)) == 1 && now.Before(k.expires) {
			found = i
		}
	}
	if found < 0 {
		return false
	}
	g.tickets = slices.Delete(g.tickets, found, found+1) // exchanged once
	return true
}

// probeURL names a new probe: the window loop has the page fetch it; when
// it arrives without the cookie, the page lost its door cookie.
func (g *doorGuard) probeURL() (string, error) {
	n, err := randomHex(16)
	if err != nil {
		return "", fmt.Errorf("making a door probe: %w", err)
	}
	g.mu.Lock()
	g.probe = n
	g.mu.Unlock()
	return doorCheckPath + "?n=" + n, nil
}

// refusedCount is how many requests the door refused.
func (g *doorGuard) refusedCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.refused
}

func (g *doorGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Host != g.host {
		g.refuse(w, r, "wrong_host")
		return
	}
	if t, ok := strings.CutPrefix(r.URL.Path, doorEnterPath); ok {
		g.enter(w, r, t)
		return
	}
	if !g.hasCookie(r) {
		if r.URL.Path == doorCheckPath && g.isProbe(r.URL.Query().Get("n")) {
			select {
			case g.lost <- struct{}{}:
			default:
			}
		}
		g.refuse(w, r, "no_door_cookie")
		return
	}
	if r.URL.Path == doorCheckPath {
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.URL.Path == doorFreshPath {
		g.askFresh(w, r)
		return
	}
	g.next.ServeHTTP(w, r)
}

// askFresh takes the page's request for a fresh web process: a POST from
// the door's own origin (a fetch sends Origin on a POST; a form or a page
// elsewhere cannot send this one). The answer, 202, comes before the window
// loop ends the process that asked.
func (g *doorGuard) askFresh(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodPost {
		h.Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Origin") != g.origin() {
		g.refuse(w, r, "cross_origin")
		return
	}
	select {
	case g.fresh <- struct{}{}:
	default: // one is pending already
	}
	w.WriteHeader(http.StatusAccepted)
}

func (g *doorGuard) hasCookie(r *http.Request) bool {
	c, err := r.Cookie(DoorCookie)
	return err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(g.cookie)) == 1
}

func (g *doorGuard) isProbe(n string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return n != "" && g.probe != "" && subtle.ConstantTimeCompare([]byte(n), []byte(g.probe)) == 1
}

// enter exchanges the ticket t for the door cookie, once.
func (g *doorGuard) enter(w http.ResponseWriter, r *http.Request, t string) {
	if r.Method != http.MethodGet {
		g.refuse(w, r, "bad_ticket")
		return
	}
	if !g.takeTicket(t) {
		g.refuse(w, r, "bad_ticket")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: DoorCookie, Value: g.cookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Not a 303: WebKit, like Chromium, does not send a SameSite=Strict
	// cookie after a redirect when the navigation began on another site
	// (the wails:// bootstrap). A refresh is a navigation this page starts
	// itself, on the door's own site; with no delay it replaces the ticket
	// URL in the history and the address bar.
	h.Set("Refresh", "0; url=/")
	_, _ = fmt.Fprint(w, enteringPage)
}

// enteringPage is the ticket's answer: it names itself (the window loop
// leaves a page with the door's marker alone) and goes to / at once.
const enteringPage = `<!doctype html><html><head><meta name="` + api.DoorMeta + `" content="entering">` +
	`<meta http-equiv="refresh" content="0;url=/"><title>Trạm Học Số</title></head><body></body></html>`

// refuse answers 403: a JSON error under /api/, plain text elsewhere.
func (g *doorGuard) refuse(w http.ResponseWriter, r *http.Request, why string) {
	g.mu.Lock()
	g.refused++
	g.mu.Unlock()
	g.log.Warn("kiosk window door: request refused", "why", why, "method", r.Method, "path", safePath(r.URL.Path))
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"code":"door_closed","message":"This door is the kiosk window's only."}`+"\n")
		return
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintln(w, "403 forbidden: this door is the kiosk window's only.")
}

// safePath is a request path for the log, without a door ticket.
func safePath(p string) string {
	if strings.HasPrefix(p, doorEnterPath) {
		return doorEnterPath + "…"
	}
	if len(p) > 80 {
		return p[:80] + "…"
	}
	return p
}

// loopbackDoor is the kiosk window's HTTP listener with its guard.
type loopbackDoor struct {
	guard *doorGuard
	gate  *gate
	srv   *http.Server
	errc  chan error
}

// gate holds the requests that pass the guard until the kiosk behind it is
// open: the window starts while the kiosk loads its configuration and
// packs (RunWindow), and the page's first request may come before that.
type gate struct {
	ready chan struct{}
	h     http.Handler // set once, before ready is closed
}

func newGate() *gate { return &gate{ready: make(chan struct{})} }

// open lets requests through to h. It must be called once.
func (g *gate) open(h http.Handler) {
	g.h = h
	close(g.ready)
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case <-g.ready:
		g.h.ServeHTTP(w, r)
	case <-r.Context().Done():
	}
}

// listenLoopbackDoor listens on 127.0.0.1 and a random port, behind the
// guard; what the guard lets through waits at the gate until serve.
func listenLoopbackDoor(ctx context.Context, log *slog.Logger) (*loopbackDoor, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("opening the kiosk window's loopback door: %w", err)
	}
	gt := newGate()
	g, err := newDoorGuard(ln.Addr().String(), gt, time.Now, log)
	if err != nil {
		ln.Close()
		return nil, err
	}
	d := &loopbackDoor{guard: g, gate: gt, errc: make(chan error, 1), srv: &http.Server{
		Handler:           g,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}}
	go func() { d.errc <- d.srv.Serve(ln) }()
	log.InfoContext(ctx, "kiosk window door open", "addr", g.host)
	return d, nil
}

// serve opens the gate to k's kiosk-door site, with the kiosk-window
// marker. It must be called once.
func (d *loopbackDoor) serve(k *Kiosk) {
	site := api.NewSiteWith(api.DoorKiosk, k.depsFor(api.DoorKiosk), k.opts.Assets,
		api.SiteOptions{Meta: map[string]string{api.DoorMeta: api.KioskWindowMeta}})
	// Behind the guard (Host, ticket, cookie) the same provenance checks as
	// every other door: same-origin writes, JSON bodies.
	d.gate.open(api.Provenance(api.DoorKiosk, []string{d.guard.host}, k.log, site))
}

// close stops the listener, letting running requests finish for a moment.
func (d *loopbackDoor) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := d.srv.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("closing the kiosk window's loopback door: %w", err)
	}
	return nil
}
