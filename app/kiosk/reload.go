package kiosk

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tramhocso/app/api"
	"tramhocso/app/config"
	"tramhocso/app/problems"
)

// Config sources reported in api.ConfigStatus.Source.
const (
	SourceLive     = "live"
	SourceLastGood = "last-known-good"
	SourceBuiltIn  = "built-in"
)

// configState is the live-reload side of a Kiosk: the watcher, the status
// the staff panel shows, and the last-known-good copy on disk.
type configState struct {
	mu       sync.Mutex // one check at a time
	status   atomic.Pointer[api.ConfigStatus]
	start    *config.Config // as loaded at start: restart-only settings compare to it
	lastSeen string         // fingerprint (or error) of the directory at the last check
	lastGood config.LastGood
	stop     context.CancelFunc
	done     chan struct{}
	// reloaded, when set, is called after every check (tests, benchmarks).
	reloaded func(*api.ConfigStatus)
}

// openConfig loads the configuration at start. When the directory is
// broken and a last good copy exists in the data directory, the kiosk starts
// on the copy and says so loudly; without a copy it fails with every problem.
func openConfig(ctx context.Context, opts Options) (*api.Snapshot, *api.ConfigStatus, error) {
	now := time.Now()
	st := &api.ConfigStatus{Source: SourceLive, Dir: opts.ConfigDir, LoadedAt: now}
	if opts.ConfigDir == "" && strings.HasPrefix(opts.ConfigName, "built-in") {
		st.Source = SourceBuiltIn
	}
	snap, err := LoadSnapshot(opts.Config)
	if err == nil {
		snap.Files = opts.Config
		st.ConfigID = snap.ConfigID
		if snap.Config != nil {
			st.Notes = snap.Config.Notes
		}
		return snap, st, nil
	}
	loadErr := fmt.Errorf("loading configuration from %s:\n%w", opts.ConfigName, err)
	if opts.DataDir == "" || opts.ConfigDir == "" {
		return nil, nil, loadErr
	}
	lg := config.NewLastGood(opts.DataDir)
	saved, savedAt, lgErr := lg.Open()
	if lgErr != nil {
		if !errors.Is(lgErr, fs.ErrNotExist) {
			opts.Logger.ErrorContext(ctx, "the last good configuration cannot be read", "err", lgErr)
		}
		return nil, nil, loadErr
	}
	snap, lgErr = LoadSnapshot(saved)
	if lgErr != nil {
		opts.Logger.ErrorContext(ctx, "the last good configuration no longer loads with this version", "dir", lg.Path(), "err", lgErr)
		return nil, nil, loadErr
	}
	snap.Files = saved
	probs := problems.From(config.FileName, err)
	st.Source, st.ConfigID, st.LoadedAt = SourceLastGood, snap.ConfigID, savedAt
	st.LastError, st.LastErrorAt, st.Problems = summary(probs), &now, probs
	opts.Logger.ErrorContext(ctx, "CONFIGURATION REFUSED: running on the LAST GOOD configuration until the directory is fixed",
		"dir", opts.ConfigName, "problems", len(probs), "last_good", lg.Path(), "last_good_saved", savedAt.Format(time.RFC3339),
		"last_good_config_id", snap.ConfigID, "fix", "tramhocso validate "+opts.ConfigName)
	for _, p := range probs {
		opts.Logger.ErrorContext(ctx, "config problem", "problem", p.String())
	}
	return snap, st, nil
}

func summary(probs problems.List) string {
	if len(probs) == 1 {
		return probs[0].String()
	}
	return fmt.Sprintf("%s (and %d more)", probs[0].String(), len(probs)-1)
}

// startConfigWatch records the start state, saves the last good copy and,
// for a config directory on disk, starts watching it.
func (k *Kiosk) startConfigWatch(ctx context.Context, snap *api.Snapshot, st *api.ConfigStatus) {
	c := &k.cfg
	c.start = snap.Config
	c.status.Store(st)
	if k.opts.ConfigDir == "" {
		return
	}
	c.lastGood = config.NewLastGood(k.opts.DataDir)
	if st.Source == SourceLive {
		c.lastSeen = snap.ConfigID
		if err := c.lastGood.Save(k.opts.Config, snap.ConfigID); err != nil {
			k.log.WarnContext(ctx, "could not keep a last good copy of the configuration", "err", err)
		}
	}
	wctx, stop := context.WithCancel(context.Background())
	c.stop, c.done = stop, make(chan struct{})
	ready := make(chan struct{})
	var once sync.Once
	isReady := func() { once.Do(func() { close(ready) }) }
	go func() {
		defer close(c.done)
		err := config.Watch(wctx, k.opts.ConfigDir, config.WatchOptions{
			Logger: k.log, Poll: k.opts.ConfigPoll, Ready: isReady,
		}, k.checkConfig)
		if err != nil {
			k.log.Error("configuration changes will not apply live: cannot watch the directory", "dir", k.opts.ConfigDir, "err", err)
			isReady()
		}
	}()
	<-ready // every change from now on is seen
	k.log.InfoContext(ctx, "watching the configuration directory for changes", "dir", k.opts.ConfigDir)
}

func (k *Kiosk) stopConfigWatch() {
	if k.cfg.stop != nil {
		k.cfg.stop()
		<-k.cfg.done
	}
}

// ConfigStatus is where the configuration comes from and how the last
// reload went, for the staff panel and GET /api/health.
func (k *Kiosk) ConfigStatus() *api.ConfigStatus {
	st := k.cfg.status.Load()
	if st == nil {
		return &api.ConfigStatus{}
	}
	cp := *st
	return &cp
}

// ReloadConfig checks the config directory now (the staff panel's "reload
// config") and returns the resulting status.
func (k *Kiosk) ReloadConfig(ctx context.Context) *api.ConfigStatus {
	if k.opts.ConfigDir != "" {
		k.cfg.mu.Lock()
		k.cfg.lastSeen = "" // force a full load even if nothing changed
		k.cfg.mu.Unlock()
		k.checkConfig(ctx)
	}
	return k.ConfigStatus()
}

// checkConfig loads the config directory if it changed since the last
// check; a fully valid configuration replaces the served one atomically, an
// invalid one is refused, logged and kept in the status.
func (k *Kiosk) checkConfig(ctx context.Context) {
	c := &k.cfg
	c.mu.Lock()
	defer c.mu.Unlock()
	fsys := os.DirFS(k.opts.ConfigDir)
	seen, err := config.Fingerprint(fsys)
	if err != nil {
		seen = "error: " + err.Error()
	}
	if seen == c.lastSeen {
		return
	}
	c.lastSeen = seen
	now := time.Now()
	st := *c.status.Load()
	snap, err := LoadSnapshot(fsys)
	if err != nil {
		probs := problems.From(config.FileName, err)
		st.LastError, st.LastErrorAt, st.Problems = summary(probs), &now, probs
		k.log.ErrorContext(ctx, "configuration change refused: the kiosk keeps running on the configuration it had",
			"dir", k.opts.ConfigDir, "serving_config_id", st.ConfigID, "source", st.Source, "problems", len(probs))
		for _, p := range probs {
			k.log.ErrorContext(ctx, "config problem", "problem", p.String())
		}
		c.status.Store(&st)
		c.notify(&st)
		return
	}
	snap.Files = fsys
	st.Source, st.ConfigID, st.LoadedAt = SourceLive, snap.ConfigID, now
	st.LastError, st.LastErrorAt, st.Problems, st.Notes = "", nil, nil, nil
	if snap.Config != nil {
		st.Notes = snap.Config.Notes
		if c.start != nil {
			st.PendingRestart = config.RestartOnly(c.start, snap.Config)
		}
	}
	if old := k.snap.Load(); old != nil && snap.Practice != nil {
		// Practices already running keep the pack version they started with.
		snap.Practice.Retain(old.Practice)
	}
	k.snap.Store(snap)
	c.status.Store(&st)
	if k.rt != nil && snap.Config != nil {
		if err := k.rt.stats.Reconfigure(statsConfig(snap.Config, k.opts.ConfigDir)); err != nil {
			k.log.ErrorContext(ctx, "new statistics settings refused; the old ones stay", "err", err)
		}
	}
	k.log.InfoContext(ctx, "configuration reloaded", "config_id", snap.ConfigID, "packs", len(snap.Catalog))
	if len(st.PendingRestart) > 0 {
		k.log.WarnContext(ctx, "some changed settings apply after restart", "settings", strings.Join(st.PendingRestart, ", "))
	}
	if err := c.lastGood.Save(fsys, snap.ConfigID); err != nil {
		k.log.WarnContext(ctx, "could not keep a last good copy of the configuration", "err", err)
	}
	c.notify(&st)
}

func (c *configState) notify(st *api.ConfigStatus) {
	if c.reloaded != nil {
		cp := *st
		c.reloaded(&cp)
	}
}

// depsFor is deps() for one door: the configuration status (paths,
// problems) is for the kiosk and its staff, never the phone door.
func (k *Kiosk) depsFor(door api.Door) api.Deps {
	d := k.deps()
	if door == api.DoorKiosk {
		d.ConfigStatus = k.ConfigStatus
		d.Staff, d.Control = k.staff, k
		if k.rt != nil && k.rt.stats != nil {
			d.Stats = k.rt.stats
		}
	}
	return d
}
