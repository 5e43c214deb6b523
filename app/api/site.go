package api

import (
	"bytes"
	"errors"
	"html"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

// ContentSecurityPolicy is sent with every page: no inline or remote script,
// nothing loaded from outside the kiosk, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self' blob:; " +
	"object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// NewSite serves a whole door on a TCP listener: the API under /api/ and the
// built frontend (assets, the root of frontend/dist) for everything else.
// Unknown paths that look like app routes get index.html, so a reload on a
// deep link works; unknown files get a plain 404.
func NewSite(door Door, deps Deps, assets fs.FS) http.Handler {
	return NewSiteWith(door, deps, assets, SiteOptions{})
}

// SiteOptions adjust what a site serves beyond the door's API and files.
type SiteOptions struct {
	// Meta are <meta name content> pairs put at the top of <head> in every
	// index.html the site answers with: how a door tells its page what it
	// is (the kiosk window's loopback door says "tramhocso-door:
	// kiosk-window"; app/kiosk/loopback.go). The CSP forbids inline script,
	// so the page reads a meta element instead.
	Meta map[string]string
}

// DoorMeta is the name of the <meta> element the kiosk window's door puts
// in its page, and KioskWindowMeta its content (frontend/src/lib/kioskguard.ts).
const (
	DoorMeta        = "tramhocso-door"
	KioskWindowMeta = "kiosk-window"
)

// NewSiteWith is NewSite with options.
func NewSiteWith(door Door, deps Deps, assets fs.FS, opts SiteOptions) http.Handler {
	apiHandler := New(door, deps)
	files := http.FileServerFS(assets)
	var index []byte // index.html with opts.Meta, or nil to serve the file as it is
	if len(opts.Meta) > 0 {
		if b, err := fs.ReadFile(assets, "index.html"); err == nil {
			index = withMeta(b, opts.Meta)
		}
	}
	serveIndex := func(w http.ResponseWriter, r *http.Request) {
		if index == nil {
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/"
			files.ServeHTTP(w, r2)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setPageHeaders(w.Header())
		if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
			apiHandler.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			w.Header().Set("Cache-Control", "no-cache")
			serveIndex(w, r)
			return
		}
		if _, err := fs.Stat(assets, name); errors.Is(err, fs.ErrNotExist) {
			if path.Ext(name) != "" {
				http.NotFound(w, r)
				return
			}
			serveIndex(w, r)
			return
		}
		if strings.HasPrefix(name, "assets/") {
			// Vite puts a content hash in every asset name.
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}

func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

// withMeta puts one <meta> element per pair right after <head> (names in a
// stable order), escaped; a page without <head> gets them at the start.
func withMeta(page []byte, meta map[string]string) []byte {
	names := make([]string, 0, len(meta))
	for n := range meta {
		names = append(names, n)
	}
	slices.Sort(names)
	var tags strings.Builder
	for _, n := range names {
		tags.WriteString(`<meta name="` + html.EscapeString(n) + `" content="` + html.EscapeString(meta[n]) + `">`)
	}
	i := bytes.Index(page, []byte("<head>"))
	if i < 0 {
		return append([]byte(tags.String()), page...)
	}
	i += len("<head>")
	out := make([]byte, 0, len(page)+tags.Len())
	out = append(out, page[:i]...)
	out = append(out, tags.String()...)
	return append(out, page[i:]...)
}
