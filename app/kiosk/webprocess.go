//go:build desktop && linux

package kiosk

/*
#cgo linux pkg-config: gtk+-3.0
#cgo !webkit2_41 pkg-config: webkit2gtk-4.0
#cgo webkit2_41 pkg-config: webkit2gtk-4.1
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

// A fresh WebKit web process for the next citizen (issue 12): the kiosk
// window's web view is found in the GTK widget tree (Wails keeps its pointer
// private), its web process is terminated and the door's entry URL loaded,
// which starts a new web process. It runs on the GTK main loop; the calling
// goroutine waits for the outcome.

typedef struct {
	char *uri;
	int done;   // 1 once the main loop ran the request
	int found;  // 1 when a web view was found and reloaded
	GMutex mu;
	GCond cond;
} tramhocso_fresh;

static WebKitWebView *tramhocso_find_view(GtkWidget *w) {
	if (WEBKIT_IS_WEB_VIEW(w)) return WEBKIT_WEB_VIEW(w);
	if (!GTK_IS_CONTAINER(w)) return NULL;
	WebKitWebView *found = NULL;
	GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
	for (GList *l = kids; l != NULL && found == NULL; l = l->next) found = tramhocso_find_view(GTK_WIDGET(l->data));
	g_list_free(kids);
	return found;
}

static gboolean tramhocso_fresh_on_main(gpointer data) {
	tramhocso_fresh *f = data;
	WebKitWebView *view = NULL;
	GList *tops = gtk_window_list_toplevels();
	for (GList *l = tops; l != NULL && view == NULL; l = l->next) view = tramhocso_find_view(GTK_WIDGET(l->data));
	g_list_free(tops);
	if (view != NULL) {
		webkit_web_view_terminate_web_process(view);
		webkit_web_view_load_uri(view, f->uri);
	}
	g_mutex_lock(&f->mu);
	f->found = view != NULL;
	f->done = 1;
	g_cond_signal(&f->cond);
	g_mutex_unlock(&f->mu);
	return G_SOURCE_REMOVE;
}

// tramhocso_fresh_process returns 1 when done (found says whether a view was
// reloaded), 0 when the main loop did not run it within timeout_ms; then the
// request stays queued and owns its memory.
static int tramhocso_fresh_process(const char *uri, int timeout_ms, int *found) {
	tramhocso_fresh *f = g_new0(tramhocso_fresh, 1);
	f->uri = g_strdup(uri);
	g_mutex_init(&f->mu);
	g_cond_init(&f->cond);
	g_mutex_lock(&f->mu);
	g_main_context_invoke(NULL, tramhocso_fresh_on_main, f);
	gint64 until = g_get_monotonic_time() + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
	while (!f->done) {
		if (!g_cond_wait_until(&f->cond, &f->mu, until)) break;
	}
	int done = f->done;
	*found = f->found;
	g_mutex_unlock(&f->mu);
	if (!done) return 0; // leaked on purpose: the main loop may still run it
	g_mutex_clear(&f->mu);
	g_cond_clear(&f->cond);
	g_free(f->uri);
	g_free(f);
	return 1;
}

// Closing the window from any thread, at any time: the request waits in the
// GTK main context's queue and gtk_main_quit runs inside the main loop. A
// gtk_main_quit called before gtk_main has started does nothing (a kiosk
// that failed to open before the window was up left the window open), and
// GTK wants it on its own thread anyway.
// (An idle source, not g_main_context_invoke: with no loop running yet that
// runs the function at once on the calling thread.) Should something
// iterate the main context before gtk_main, the source waits for it.
static gboolean tramhocso_quit_on_main(gpointer data) {
	if (gtk_main_level() == 0) return G_SOURCE_CONTINUE;
	gtk_main_quit();
	return G_SOURCE_REMOVE;
}

static void tramhocso_quit(void) {
	g_idle_add(tramhocso_quit_on_main, NULL);
}
*/
import "C"

import (
	"context"
	"errors"
	"time"
	"unsafe"
)

// freshWebProcessTimeout bounds the wait for the GTK main loop.
const freshWebProcessTimeout = 5 * time.Second

// freshWebProcess ends the kiosk window's WebKit web process and loads uri
// in a new one. It must not run on the GTK main thread (it waits for it).
func freshWebProcess(_ context.Context, uri string) error {
	c := C.CString(uri)
	defer C.free(unsafe.Pointer(c))
	var found C.int
	if C.tramhocso_fresh_process(c, C.int(freshWebProcessTimeout.Milliseconds()), &found) == 0 {
		return errors.New("the GTK main loop did not answer within 5 s")
	}
	if found == 0 {
		return errors.New("the kiosk window has no web view")
	}
	return nil
}

// quitWindow ends the window's GTK main loop, now if it runs, else as soon
// as it starts (wails.Run then returns).
func quitWindow(context.Context) { C.tramhocso_quit() }
