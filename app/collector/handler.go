package collector

import (
	"io"
	"net/http"

	"tramhocso/app/stats/wire"
)

// Handler serves the collector. Open routes: POST /v1/batches (each batch
// HMAC-signed by its kiosk), the sign-in form and GET /healthz (a load
// balancer's probe: "ok", nothing else). Every other path needs a session
// and redirects to the sign-in form without one: GET /fleet, /report,
// /report.csv, /report.xlsx, /charts, POST /logout (CSRF token required).
func (c *Collector) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+wire.Path, c.receive)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /login", c.loginPage)
	mux.HandleFunc("POST /login", c.login)
	mux.HandleFunc("POST /logout", c.console(c.logout))
	mux.HandleFunc("GET /fleet", c.console(c.fleetHTML))
	mux.HandleFunc("GET /report", c.console(c.reportHTML))
	mux.HandleFunc("GET /report.csv", c.console(c.reportCSV))
	mux.HandleFunc("GET /report.xlsx", c.console(c.reportXLSX))
	mux.HandleFunc("GET /charts", c.console(c.chartsHTML))
	mux.HandleFunc("GET /{$}", c.console(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/fleet", http.StatusSeeOther)
	}))
	// Anything else, any method: sign in first (then 404).
	mux.HandleFunc("/", c.console(http.NotFound))
	return mux
}
