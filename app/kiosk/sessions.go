package kiosk

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"tramhocso/app/api"
	"tramhocso/app/config"
	"tramhocso/app/session"
	"tramhocso/app/stats"
)

// runtime is the part of the kiosk that runs in the background for as long
// as it is open: the session sweeper and the statistics sealer/uploader.
type runtime struct {
	sessions  *session.Manager
	practices *sessionPractices
	stats     *stats.Stats
	cancel    context.CancelFunc
	wg        sync.WaitGroup
}

// statsConfig maps kiosk.yaml's statistics section to the stats package.
// The key file is relative to the config directory; a kiosk running on the
// embedded sample has no directory and so never uploads.
func statsConfig(cfg *config.Config, configDir string) stats.Config {
	sc := stats.Config{
		KioskID:        cfg.Kiosk.ID,
		Province:       cfg.Site.Province,
		Commune:        cfg.Site.Commune,
		Period:         cfg.Statistics.Period.D(),
		OutboxMaxBytes: int64(cfg.Statistics.Outbox.MaxMB) << 20,
		OutboxMaxAge:   cfg.Statistics.Outbox.MaxAge.D(),
	}
	if cfg.Statistics.Endpoint != "" && configDir != "" {
		sc.Endpoint = cfg.Statistics.Endpoint
		sc.KeyFile = filepath.Join(configDir, cfg.Statistics.KeyFile)
	}
	return sc
}

// startRuntime opens statistics and sessions on the kiosk's database and
// starts their background loops.
func (k *Kiosk) startRuntime(ctx context.Context, snap *api.Snapshot) error {
	st, err := stats.Open(k.db.Bolt(), statsConfig(snap.Config, k.opts.ConfigDir), stats.Deps{Logger: k.log, Kiosk: statsHealth{k}})
	if err != nil {
		return fmt.Errorf("opening statistics: %w", err)
	}
	idle := snap.Config.Handoff.PhoneIdle.D()
	if w := snap.Config.Idle.ResumeWindow.D(); w > idle {
		idle = w
	}
	mgr := session.New(k.db, session.Options{Sink: st, Logger: k.log, IdleExpiry: idle})
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	k.rt = &runtime{sessions: mgr, practices: newSessionPractices(mgr, k.resumeWindow), stats: st, cancel: cancel}
	k.rt.wg.Add(2)
	go func() {
		defer k.rt.wg.Done()
		mgr.Run(runCtx)
	}()
	go func() {
		defer k.rt.wg.Done()
		if err := st.Run(runCtx); err != nil && runCtx.Err() == nil {
			k.log.Error("statistics stopped", "err", err)
		}
	}()
	return nil
}

func (k *Kiosk) stopRuntime() {
	if k.rt == nil {
		return
	}
	k.rt.cancel()
	k.rt.wg.Wait()
}

// resumeWindow is how recent an unfinished practice must be to be offered again.
func (k *Kiosk) resumeWindow() time.Duration {
	if s := k.snap.Load(); s != nil && s.Config != nil {
		return s.Config.Idle.ResumeWindow.D()
	}
	return config.DefaultResumeWindow
}

// Stats is the statistics service (for the staff panel).
func (k *Kiosk) Stats() *stats.Stats { return k.rt.stats }
