package collector

import (
	"io"
	"net/http"

	"tramhocso/app/stats/wire"
)

// Handler serves POST /v1/batches (HMAC-signed, the only open route),
// GET /healthz, and the console.
func (c *Collector) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+wire.Path, c.receive)
	all := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { h(w, withViewer(r, &Viewer{Scope: Scope{All: true}})) }
	}
	mux.HandleFunc("GET /report", all(c.reportHTML))
	mux.HandleFunc("GET /report.csv", all(c.reportCSV))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	return mux
}
