package api

import (
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Provenance is the first thing a door's TCP listener runs: it refuses
// requests that did not come from the door's own pages, before any route
// (and so before the staff PIN throttle, the claim limiter or a practice)
// sees them. In order:
//
//  1. Host must be one of the door's own names, exactly (host:port,
//     case-insensitive): a DNS-rebinding page reaches the listener with
//     its own name in Host and gets 403 foreign_host. A request without a
//     Host header is refused the same way.
//  2. On /api/, a browser's Sec-Fetch-Site of cross-site or same-site is
//     refused for every method (403 cross_site): the API is only ever
//     called by the door's own page.
//  3. A state-changing request (any method but GET, HEAD and OPTIONS) must
//     be same-origin by Go's http.CrossOriginProtection: Sec-Fetch-Site
//     same-origin (or none), or an Origin whose host is the request's
//     (already allowed) Host. A request with neither header is a
//     non-browser client (curl, the tests) and passes; a browser always
//     sends one of them on a POST (docs/decisions.md).
//  4. A state-changing request must say Content-Type: application/json
//     (415 json_required). No route takes another type. A cross-site page
//     can send text/plain, form or multipart bodies without asking, but
//     not JSON: that needs a CORS preflight, which the doors never allow.
//
// hosts is the door's allow-list (see HostsOf, LoopbackHosts). The kiosk
// door's loopback window listener passes its own list.
func Provenance(door Door, hosts []string, log *slog.Logger, next http.Handler) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	allowed := make(map[string]bool, len(hosts))
	for _, h := range hosts {
		allowed[strings.ToLower(h)] = true
	}
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refuse := func(status int, e *Error) {
			log.InfoContext(r.Context(), "request refused", "door", door, "method", r.Method, "code", e.Code)
			setPageHeaders(w.Header())
			w.Header().Set("Cache-Control", "no-store")
			writeJSON(w, status, e.body(Lang(r)))
		}
		if r.Host == "" || !allowed[strings.ToLower(r.Host)] {
			refuse(http.StatusForbidden, errForeignHost())
			return
		}
		isAPI := r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
		if sfs := r.Header.Get("Sec-Fetch-Site"); isAPI && (sfs == "cross-site" || sfs == "same-site") {
			refuse(http.StatusForbidden, errCrossSite())
			return
		}
		if safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		if err := cop.Check(r); err != nil {
			refuse(http.StatusForbidden, errCrossSite())
			return
		}
		if !isJSON(r.Header.Get("Content-Type")) {
			refuse(http.StatusUnsupportedMediaType, errJSONRequired())
			return
		}
		next.ServeHTTP(w, r)
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

func errForeignHost() *Error {
	return Errorf(http.StatusForbidden, "foreign_host",
		"Địa chỉ này không phải của trạm.", "This address is not the kiosk's.")
}

func errCrossSite() *Error {
	return Errorf(http.StatusForbidden, "cross_site",
		"Yêu cầu đến từ trang khác, không phải trang của trạm.", "The request came from another site, not the kiosk's own page.")
}

func errJSONRequired() *Error {
	return Errorf(http.StatusUnsupportedMediaType, "json_required",
		"Yêu cầu phải gửi nội dung JSON (Content-Type: application/json).",
		"The request must send JSON (Content-Type: application/json).")
}

// HostsOf is the Host header values a browser sends for u: its host:port,
// and the bare host too when the port is the scheme's default (browsers
// leave :80 and :443 out).
func HostsOf(u *url.URL) []string {
	if u == nil || u.Host == "" {
		return nil
	}
	host, port := u.Hostname(), u.Port()
	def := map[string]string{"http": "80", "https": "443"}[u.Scheme]
	switch {
	case port == "":
		return []string{hostPort(host, ""), hostPort(host, def)}
	case port == def:
		return []string{hostPort(host, port), hostPort(host, "")}
	default:
		return []string{hostPort(host, port)}
	}
}

func hostPort(host, port string) string {
	if port == "" {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, port)
}

// ListenerHosts is the allow-list for a listener on addr (a TCP address as
// the listener reports it): that address, localhost:port when it is a
// loopback one, and each of the machine's own addresses (from ifaces) when
// it listens on all of them (0.0.0.0, ::).
func ListenerHosts(addr net.Addr, ifaces func() ([]net.Addr, error)) []string {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return nil
	}
	port := ap.Port()
	ip := ap.Addr().Unmap()
	out := []string{netip.AddrPortFrom(ip, port).String()}
	if ip.IsLoopback() || ip.IsUnspecified() {
		out = append(out, net.JoinHostPort("localhost", strconv.Itoa(int(port))))
	}
	if ip.IsUnspecified() && ifaces != nil {
		if addrs, err := ifaces(); err == nil {
			for _, a := range addrs {
				if p, err := netip.ParsePrefix(a.String()); err == nil {
					out = append(out, netip.AddrPortFrom(p.Addr().Unmap(), port).String())
				}
			}
		}
	}
	return out
}
