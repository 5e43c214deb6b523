package api

import (
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"tramhocso/app/practice"
)

func (s *Server) coreRoutes() []route {
	both := []Door{DoorKiosk, DoorPhone}
	return []route{
		{http.MethodGet, "/api/health", both, s.health},
		{http.MethodGet, "/api/catalog", both, s.catalog},
		{http.MethodPost, "/api/client-errors", both, s.clientError},
	}
}

// Health is the body of GET /api/health.
type Health struct {
	Status    string `json:"status"` // "ok" or "degraded"
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	KioskID   string `json:"kiosk_id"`
	ConfigID  string `json:"config_id"`
	UptimeSec int64  `json:"uptime_s"`
	Problem   string `json:"problem,omitempty"`
	// Config says where the configuration comes from and how the last
	// reload went (see ConfigStatus).
	Config *ConfigStatus `json:"config,omitempty"`
}

func (s *Server) health(r *http.Request, _ http.ResponseWriter) (any, error) {
	snap := s.deps.Snapshot()
	h := Health{
		Status:    "ok",
		Version:   s.deps.Build.Version,
		Commit:    s.deps.Build.Commit,
		KioskID:   snap.KioskID,
		ConfigID:  snap.ConfigID,
		UptimeSec: int64(s.deps.Now().Sub(s.deps.Started).Seconds()),
	}
	if s.deps.Ping != nil {
		if err := s.deps.Ping(); err != nil {
			s.deps.Logger.Error("health: store check failed", "err", err)
			h.Status, h.Problem = "degraded", "store"
		}
	}
	if s.deps.ConfigStatus != nil {
		h.Config = s.deps.ConfigStatus()
	}
	return h, nil
}

// Catalog is the body of GET /api/catalog.
type Catalog struct {
	Site      string            `json:"site"`
	Languages []string          `json:"languages"`
	Packs     []practice.Header `json:"packs"`
}

func (s *Server) catalog(*http.Request, http.ResponseWriter) (any, error) {
	snap := s.deps.Snapshot()
	packs := snap.Catalog
	if packs == nil {
		packs = []practice.Header{}
	}
	return Catalog{Site: snap.SiteName, Languages: snap.Languages, Packs: packs}, nil
}

// ClientError is what the frontend reports when it shows its error screen or
// catches an exception, so a kiosk nobody watches still leaves a trace in the
// log. It carries codes and a short message only, never what a citizen typed;
// from the phone door only the codes are logged (the message is a stranger's
// free text). Reports are limited per address and their log lines sampled
// per door (limits.go).
type ClientError struct {
	Screen  string `json:"screen"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

var tokenRE = regexp.MustCompile(`^[a-z0-9_.-]{1,64}$`)

const maxClientMessage = 300

func (s *Server) clientError(r *http.Request, w http.ResponseWriter) (any, error) {
	if !s.limits.clientErrors.Allow(clientAddr(r), s.deps.Now()) {
		s.limits.countDropped()
		return nil, errSlowDown()
	}
	var ce ClientError
	if err := decodeJSON(w, r, &ce); err != nil {
		return nil, err
	}
	if !tokenRE.MatchString(ce.Screen) {
		return nil, Errorf(http.StatusBadRequest, "invalid_field",
			"Trường \"screen\" phải là tên màn hình (chữ thường, số, dấu gạch).", "Field \"screen\" must be a screen name (lower-case letters, digits, dashes).")
	}
	if !tokenRE.MatchString(ce.Code) {
		return nil, Errorf(http.StatusBadRequest, "invalid_field",
			"Trường \"code\" phải là mã lỗi (chữ thường, số, dấu gạch).", "Field \"code\" must be an error code (lower-case letters, digits, dashes).")
	}
	ok, dropped := s.limits.sampleLog(s.deps.Now())
	if !ok {
		return nil, nil
	}
	door := DoorFrom(r.Context())
	attrs := []any{"door", door, "screen", ce.Screen, "code", ce.Code}
	if door != DoorPhone {
		msg := strings.ToValidUTF8(ce.Message, "?")
		if utf8.RuneCountInString(msg) > maxClientMessage {
			msg = string([]rune(msg)[:maxClientMessage]) + "…"
		}
		attrs = append(attrs, "message", msg)
	}
	if dropped > 0 {
		attrs = append(attrs, "not_logged_before", dropped)
	}
	s.deps.Logger.Warn("client error", attrs...)
	return nil, nil
}
