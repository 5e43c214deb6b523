package collector

import (
	"embed"
	"errors"
	"html/template"
	"net/http"
	"time"
)

//go:embed templates/*.html
var templateFiles embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"cell":   Cell,
	"ranked": ranked,
	"when":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("dict: odd arguments")
		}
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m[k] = kv[i+1]
		}
		return m, nil
	},
}).ParseFS(templateFiles, "templates/*.html"))

// page is what every console template gets.
type page struct {
	Title  string
	Viewer *Viewer
	Report *Report
	Fleet  *Fleet
	Charts *Charts
}

func (c *Collector) render(w http.ResponseWriter, name string, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pages.ExecuteTemplate(w, name, p); err != nil {
		c.log.Error("collector: writing a page", "page", name, "error", err)
	}
}
