package kiosk

import (
	"log/slog"
	"os"
)

// wailsLogger sends Wails' own log lines to the kiosk's slog logger.
type wailsLogger struct{ l *slog.Logger }

func (w wailsLogger) Print(m string)   { w.l.Info(m, "from", "wails") }
func (w wailsLogger) Trace(m string)   { w.l.Debug(m, "from", "wails") }
func (w wailsLogger) Debug(m string)   { w.l.Debug(m, "from", "wails") }
func (w wailsLogger) Info(m string)    { w.l.Info(m, "from", "wails") }
func (w wailsLogger) Warning(m string) { w.l.Warn(m, "from", "wails") }
func (w wailsLogger) Error(m string)   { w.l.Error(m, "from", "wails") }
func (w wailsLogger) Fatal(m string) {
	w.l.Error(m, "from", "wails", "fatal", true)
	os.Exit(1)
}
