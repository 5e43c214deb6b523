package kiosk

import "fmt"

// cacheModel is WebKit's cache model for the kiosk window (a benchmarking
// knob, TRAMHOCSO_WEBKIT_CACHE_MODEL; issue 12 measured it, see
// docs/benchmarks.md). "" leaves WebKit's default (web-browser).
type cacheModel string

const (
	cacheDefault         cacheModel = ""
	cacheDocumentViewer  cacheModel = "document-viewer"
	cacheDocumentBrowser cacheModel = "document-browser"
	cacheWebBrowser      cacheModel = "web-browser"
)

// CacheModelEnv names the environment variable of the cache-model knob.
const CacheModelEnv = "TRAMHOCSO_WEBKIT_CACHE_MODEL"

// parseCacheModel reads the knob: "" or one of the three WebKit models.
func parseCacheModel(s string) (cacheModel, error) {
	switch m := cacheModel(s); m {
	case cacheDefault, cacheDocumentViewer, cacheDocumentBrowser, cacheWebBrowser:
		return m, nil
	}
	return "", fmt.Errorf("%s=%q: want document-viewer, document-browser or web-browser, or leave it unset", CacheModelEnv, s)
}
