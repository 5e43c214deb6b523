package kiosk

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"tramhocso/app/api"
)

// windowDoor keeps the kiosk window on its loopback door (loopback.go): on
// every page load and every probe it runs a few lines of JavaScript in the
// page (Wails' WindowExecJS, which WebKit runs outside the page's CSP).
// A page that is not on the door's origin (the wails:// bootstrap, or any
// stray navigation) is sent through a fresh ticket; a page on the door whose
// probe arrives without the cookie (WebKit's network process restarted and
// forgot it) is sent through a fresh ticket too. When the page asks for a
// fresh web process (the next citizen), restart ends the window's WebKit
// web process and loads a fresh ticket in a new one.
type windowDoor struct {
	guard *doorGuard
	exec  func(wctx context.Context, js string)
	log   *slog.Logger
	// restart ends the web process and loads uri in a new one (webprocess.go);
	// nil where the build cannot, and then the page loads itself again.
	restart func(wctx context.Context, uri string) error
	// freshProcesses counts the web processes restart started.
	freshProcesses int

	mu   sync.Mutex
	wctx context.Context // Wails' context, for exec; nil before OnStartup
}

func newWindowDoor(g *doorGuard, exec func(context.Context, string), log *slog.Logger) *windowDoor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &windowDoor{guard: g, exec: exec, log: log}
}

func (d *windowDoor) setContext(wctx context.Context) {
	d.mu.Lock()
	d.wctx = wctx
	d.mu.Unlock()
}

func (d *windowDoor) context() context.Context {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wctx
}

// js quotes s as a JavaScript string literal (the URLs are ASCII: hex
// tickets and a loopback address).
func js(s string) string { return strconv.Quote(s) }

// domReady runs after every page load: off the door, go through a ticket;
// on it, probe the cookie.
func (d *windowDoor) domReady(wctx context.Context) {
	d.setContext(wctx)
	d.check(wctx)
}

// check sends the page through a ticket when it is not on the door (another
// origin, or a page of the door's origin without the door's marker: a 403),
// and otherwise has it fetch a probe.
func (d *windowDoor) check(wctx context.Context) {
	enter, err := d.guard.enterURL()
	if err != nil {
		d.log.Error("kiosk window door", "err", err)
		return
	}
	probe, err := d.guard.probeURL()
	if err != nil {
		d.log.Error("kiosk window door", "err", err)
		return
	}
	// The bootstrap page refreshes to a ticket of its own (bootstrapHandler):
	// the first check there leaves it alone (a navigation now would undo the
	// one under way); a later one, should the page still be there, does not.
	d.exec(wctx, `if (document.querySelector(`+js(`meta[name="`+api.DoorMeta+`"][content="`+bootstrapMeta+`"]`)+`) && !window.tramhocsoBootstrapSeen) { window.tramhocsoBootstrapSeen = true; } `+
		`else if (location.origin !== `+js(d.guard.origin())+` || !document.querySelector(`+js(`meta[name="`+api.DoorMeta+`"]`)+`)) { location.replace(`+js(enter)+`); } `+
		`else { fetch(`+js(probe)+`, { cache: "no-store", credentials: "same-origin" }).catch(function () {}); }`)
}

// reenter sends the page through a fresh ticket, wherever it is.
func (d *windowDoor) reenter(wctx context.Context) {
	enter, err := d.guard.enterURL()
	if err != nil {
		d.log.Error("kiosk window door", "err", err)
		return
	}
	d.log.Warn("kiosk window door: the page lost its door cookie; entering again")
	d.exec(wctx, `location.replace(`+js(enter)+`);`)
}

// freshProcess gives the next citizen a new WebKit web process: no memory
// of the last citizen's page survives in the process that will show the
// next one, and what WebKit kept growing in it is returned to the system
// (docs/decisions.md). Where that fails, the page loads itself again in the
// same process, through a fresh ticket.
func (d *windowDoor) freshProcess(wctx context.Context) {
	enter, err := d.guard.enterURL()
	if err != nil {
		d.log.Error("kiosk window door", "err", err)
		return
	}
	if d.restart != nil {
		err = d.restart(wctx, enter)
		if err == nil {
			d.mu.Lock()
			d.freshProcesses++
			n := d.freshProcesses
			d.mu.Unlock()
			d.log.Info("kiosk window: fresh web process", "count", n)
			return
		}
		d.log.Warn("kiosk window: no fresh web process; loading the page again", "err", err)
	}
	d.exec(wctx, `location.replace(`+js(enter)+`);`)
}

// run is the window loop: a probe on every tick, and a new entry whenever
// the guard reports that the window's probe came without the cookie. It
// returns when ctx ends.
func (d *windowDoor) run(ctx context.Context, ticks <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			if wctx := d.context(); wctx != nil {
				d.check(wctx)
			}
		case <-d.guard.lost:
			if wctx := d.context(); wctx != nil {
				d.reenter(wctx)
			}
		case <-d.guard.fresh:
			if wctx := d.context(); wctx != nil {
				d.freshProcess(wctx)
			}
		}
	}
}

// bootstrapHandler is all the wails:// scheme serves: for /, a blank page
// that refreshes at once to the loopback door through a ticket of its own
// (the window is on its way before Wails reports the page loaded; decision
// 127), and 404 for anything else. Its CSP allows no script; Wails'
// injected runtime is blocked too, and nothing needs it (bindings are off).
// When enter is nil or fails, the page is blank and OnDomReady sends the
// window on (windowDoor.check).
type bootstrapHandler struct {
	enter func() (string, error)
}

// bootstrapMeta marks the bootstrap page for the window loop.
const bootstrapMeta = "bootstrap"

// bootstrapPage is the blank page, white like the window's background; %s
// is the refresh to the door, or nothing.
const bootstrapPage = `<!doctype html><html lang="vi"><head><meta charset="utf-8">%s<title>Trạm Học Số</title></head>` +
	`<body style="background:#fff"></body></html>`

func (b bootstrapHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Path != "/" && r.URL.Path != "/index.html" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Type", "text/html; charset=utf-8")
	head := ""
	if b.enter != nil && r.Method == http.MethodGet {
		// The ticket is hex and the door's address is an IP and a port:
		// nothing to escape in the attribute.
		if u, err := b.enter(); err == nil {
			head = `<meta name="` + api.DoorMeta + `" content="` + bootstrapMeta + `"><meta http-equiv="refresh" content="0;url=` + u + `">`
		}
	}
	_, _ = fmt.Fprintf(w, bootstrapPage, head)
}
