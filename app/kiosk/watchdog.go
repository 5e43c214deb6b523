package kiosk

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"

	"tramhocso/app/api"
)

// Notifier sends one sd_notify state ("READY=1", "WATCHDOG=1", ...) to the
// service manager. It reports false with a nil error when there is no
// service manager to tell (NOTIFY_SOCKET unset), like daemon.SdNotify.
type Notifier func(state string) (bool, error)

// SystemdNotifier is the production Notifier: daemon.SdNotify, keeping
// NOTIFY_SOCKET so the health loop can keep notifying.
func SystemdNotifier(state string) (bool, error) { return daemon.SdNotify(false, state) }

// Watchdog is the health loop. Every Interval it runs Check and, only when
// Check returns nil, sends WATCHDOG=1. A failing or hanging check therefore
// stops the notifications and systemd restarts the kiosk after WatchdogSec.
type Watchdog struct {
	Interval time.Duration
	Check    func(context.Context) error
	Notify   Notifier
	Logger   *slog.Logger
}

// Run checks and notifies until ctx ends: once at once, then every
// Interval. It logs only changes (healthy → unhealthy and back), so a kiosk
// that stays healthy writes nothing.
func (w Watchdog) Run(ctx context.Context) {
	log := w.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tick := time.NewTicker(w.Interval)
	defer tick.Stop()
	healthy, notifyFailing := true, false
	for {
		err := w.Check(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && healthy:
			log.ErrorContext(ctx, "watchdog: the kiosk is unhealthy; not notifying systemd, which restarts it after WatchdogSec", "err", err)
		case err == nil && !healthy:
			log.InfoContext(ctx, "watchdog: the kiosk is healthy again")
		}
		healthy = err == nil
		if healthy {
			_, nerr := w.Notify(daemon.SdNotifyWatchdog)
			if nerr != nil && !notifyFailing {
				log.WarnContext(ctx, "watchdog: notifying systemd failed", "err", nerr)
			}
			notifyFailing = nerr != nil
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// WatchdogInterval is how often the health loop should notify: half of
// systemd's WATCHDOG_USEC, or 0 when the service has no watchdog.
//
// The kiosk runs as a child of the compositor (cage or Xorg), not as the
// unit's main process; the unit therefore uses NotifyAccess=all and the
// launcher unsets WATCHDOG_PID. When WATCHDOG_PID still names another
// process the watchdog is off, and the returned error says why.
func WatchdogInterval(getenv func(string) string) (time.Duration, error) {
	d, err := daemon.SdWatchdogEnabled(false)
	if err != nil {
		return 0, fmt.Errorf("reading the systemd watchdog settings: %w", err)
	}
	if d == 0 && getenv("WATCHDOG_USEC") != "" {
		return 0, fmt.Errorf("WATCHDOG_PID=%s is not this process (%d): the systemd watchdog is off; start the kiosk through build/linux/tramhocso-launch, which unsets WATCHDOG_PID",
			getenv("WATCHDOG_PID"), os.Getpid())
	}
	return d / 2, nil
}

// Healthy is the watchdog's check: a GET /api/health through the kiosk
// door's handler, in-process, must answer 200 with status "ok", and the
// store must answer a read. Any status other than "ok" counts as sick and
// leads to a restart by systemd: keep "degraded" for conditions a restart
// can cure (the store), not for an offline network or a full outbox.
func (k *Kiosk) Healthy(ctx context.Context) error {
	if err := k.healthAPI.checkHealth(ctx); err != nil {
		return err
	}
	if err := k.db.Ping(); err != nil {
		return fmt.Errorf("reading the database: %w", err)
	}
	return nil
}

// healthProbe calls GET /api/health on an API handler.
type healthProbe struct{ h http.Handler }

func (p healthProbe) checkHealth(ctx context.Context) error {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/health", nil)
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET /api/health answered %d", rec.Code)
	}
	var h api.Health
	if err := json.Unmarshal(rec.Body.Bytes(), &h); err != nil {
		return fmt.Errorf("reading the GET /api/health answer: %w", err)
	}
	if h.Status != "ok" {
		return fmt.Errorf("GET /api/health says %q (problem: %s)", h.Status, h.Problem)
	}
	return nil
}

// startSupervision tells systemd the kiosk is ready and starts the health
// loop when the unit has a watchdog. It returns at once; the loop ends with
// ctx.
func (k *Kiosk) startSupervision(ctx context.Context) {
	notify := k.opts.Notify
	if _, err := notify(daemon.SdNotifyReady); err != nil {
		k.log.WarnContext(ctx, "telling systemd the kiosk is ready failed", "err", err)
	}
	interval, err := WatchdogInterval(os.Getenv)
	if err != nil {
		k.log.WarnContext(ctx, "systemd watchdog", "err", err)
	}
	if interval <= 0 {
		return
	}
	k.log.InfoContext(ctx, "systemd watchdog on", "every", interval.String())
	go Watchdog{Interval: interval, Check: k.Healthy, Notify: notify, Logger: k.log}.Run(ctx)
}

// stopping tells systemd the kiosk is shutting down on purpose.
func (k *Kiosk) stopping() {
	_, _ = k.opts.Notify(daemon.SdNotifyStopping)
}

// quietHandler drops the records below min (the API's one-line-per-request
// Info log): the health loop calls the API every few seconds and would
// otherwise fill the journal. Warnings and errors still pass.
type quietHandler struct {
	slog.Handler
	min slog.Level
}

func (q quietHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= q.min && q.Handler.Enabled(ctx, l)
}

func (q quietHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return quietHandler{q.Handler.WithAttrs(as), q.min}
}

func (q quietHandler) WithGroup(name string) slog.Handler {
	return quietHandler{q.Handler.WithGroup(name), q.min}
}
