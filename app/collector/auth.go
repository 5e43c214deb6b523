package collector

import (
	"context"
	"net/http"
)

type viewerKey struct{}

// Viewer is the signed-in account a console request is served for.
type Viewer struct {
	Name  string
	Scope Scope
	CSRF  string
}

func withViewer(r *http.Request, v *Viewer) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), viewerKey{}, v))
}

// viewer is the request's signed-in account; the console's middleware has
// already refused requests without one, so a missing viewer sees nothing.
func viewer(r *http.Request) *Viewer {
	if v, ok := r.Context().Value(viewerKey{}).(*Viewer); ok {
		return v
	}
	return &Viewer{Scope: Scope{Province: "\x00none"}}
}
