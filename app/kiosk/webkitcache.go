//go:build desktop && webkit2_41

package kiosk

/*
#cgo pkg-config: webkit2gtk-4.1
#include <webkit2/webkit2.h>

static gboolean tramhocso_apply_cache_model(gpointer data) {
	webkit_web_context_set_cache_model(webkit_web_context_get_default(), (WebKitCacheModel)GPOINTER_TO_INT(data));
	return G_SOURCE_REMOVE;
}

// Runs on the GTK main loop (g_idle_add may be called from any thread).
static void tramhocso_set_cache_model(int model) {
	g_idle_add(tramhocso_apply_cache_model, GINT_TO_POINTER(model));
}
*/
import "C"

// setCacheModel asks WebKit's default web context (the one Wails' webview
// uses) for a cache model, on the GTK main loop.
func setCacheModel(m cacheModel) {
	switch m {
	case cacheDocumentViewer:
		C.tramhocso_set_cache_model(C.WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER)
	case cacheDocumentBrowser:
		C.tramhocso_set_cache_model(C.WEBKIT_CACHE_MODEL_DOCUMENT_BROWSER)
	case cacheWebBrowser:
		C.tramhocso_set_cache_model(C.WEBKIT_CACHE_MODEL_WEB_BROWSER)
	}
}
