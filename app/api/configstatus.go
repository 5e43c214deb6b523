package api

import (
	"time"

	"tramhocso/app/problems"
)

// ConfigStatus is where the kiosk's configuration comes from and how the
// last live reload went: the "config" part of GET /api/health and of the
// staff panel.
type ConfigStatus struct {
	// Source is "live" (the config directory), "last-known-good" (a saved
	// copy: the directory was broken at start) or "built-in" (the sample).
	Source string `json:"source"`
	// Dir is the config directory being watched ("" for the built-in one).
	Dir string `json:"dir,omitempty"`
	// ConfigID is the fingerprint of the configuration being served.
	ConfigID string `json:"config_id"`
	// LoadedAt is when the configuration being served was loaded.
	LoadedAt time.Time `json:"loaded_at"`
	// LastError is set while the config directory holds a configuration
	// that was refused; Problems lists it as file:line: path: problem (fix).
	LastError   string             `json:"last_error,omitempty"`
	LastErrorAt *time.Time         `json:"last_error_at,omitempty"`
	Problems    []problems.Problem `json:"problems,omitempty"`
	// PendingRestart lists changed settings (dotted paths) that apply only
	// after a restart, such as handoff.listen.
	PendingRestart []string `json:"pending_restart,omitempty"`
	// Notes are remarks about the file that are not errors (written for an
	// older version, …).
	Notes []string `json:"notes,omitempty"`
}
