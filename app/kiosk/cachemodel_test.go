package kiosk

import (
	"strings"
	"testing"
)

func TestParseCacheModel(t *testing.T) {
	for _, s := range []string{"", "document-viewer", "document-browser", "web-browser"} {
		if m, err := parseCacheModel(s); err != nil || string(m) != s {
			t.Errorf("%q: %q, %v", s, m, err)
		}
	}
	for _, s := range []string{"viewer", "DOCUMENT-VIEWER", " web-browser"} {
		if _, err := parseCacheModel(s); err == nil || !strings.Contains(err.Error(), CacheModelEnv) {
			t.Errorf("%q accepted: %v", s, err)
		}
	}
}
