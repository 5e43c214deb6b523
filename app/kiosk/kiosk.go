package kiosk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"tramhocso/app/api"
	"tramhocso/app/config"
	"tramhocso/app/practice"
	"tramhocso/app/problems"
	"tramhocso/app/speech"
	"tramhocso/app/staff"
	"tramhocso/app/store"
	"tramhocso/app/tips"
	"tramhocso/app/version"
)

// Options say where the kiosk's pieces come from.
type Options struct {
	Config     fs.FS  // the kiosk-config directory
	ConfigName string // how to name it in messages (a path, or "built-in sample")
	// ConfigDir is Config's path on disk: it is watched and changes apply
	// live, with a last good copy kept in DataDir. "" (the built-in sample,
	// tests) turns both off.
	ConfigDir string
	// ConfigPoll is the watcher's safety-net period (0: 30 s).
	ConfigPoll time.Duration
	DataDir    string // where the bbolt file lives
	Assets     fs.FS  // the built frontend (root of frontend/dist)
	Logger     *slog.Logger
	// Window is the kiosk window's settings; zero: kiosk.window of kiosk.yaml.
	Window WindowSettings
	// Notify tells systemd about readiness and health (default
	// SystemdNotifier; tests pass a recorder).
	Notify Notifier
	// BenchSessions > 0 turns the API's bench mode on (a benchmarking aid,
	// app/api/bench.go; TRAMHOCSO_BENCH_SESSIONS). 0 in production.
	BenchSessions int
	// BenchStressS > 0 turns the API stress page on (TRAMHOCSO_BENCH_STRESS).
	BenchStressS int
}

// Kiosk is a running kiosk's state.
type Kiosk struct {
	opts    Options
	log     *slog.Logger
	db      *store.DB
	snap    atomic.Pointer[api.Snapshot]
	started time.Time
	backups io.Closer // the online-backup socket (nil when it could not open)
	// healthAPI is the kiosk door's API as the health loop calls it.
	healthAPI healthProbe
	// speech is shared by every door so they share its cache.
	speech *speech.Service
	cfg    configState // live reload of the configuration (reload.go)
	rt     *runtime    // sessions and statistics (sessions.go)
	phone  *phoneDoor  // the hand-off to phones; nil without handoff.listen (phone.go)
	// staff is the PIN, staff sessions and help requests (staff.go).
	staff *staff.Service
	exit  exitState
}

// LoadSnapshot loads and checks the whole configuration: kiosk.yaml and the
// practice packs. Every problem in every file is in the returned error (a
// problems.List).
func LoadSnapshot(fsys fs.FS) (*api.Snapshot, error) {
	cfg, err := config.Load(fsys)
	if err != nil {
		// Check the packs too, so that one run shows every problem.
		probs := problems.From(config.FileName, err)
		dir := config.PracticeDirOf(fsys)
		if _, perr := practice.LoadLibrary(fsys, dir, practice.LoadOptions{Now: time.Now()}); perr != nil {
			probs = append(probs, problems.From(dir, perr)...)
		}
		return nil, probs
	}
	var probs problems.List
	// Packs, places (places/) and skills (skills.yaml); each pack's persona
	// is walked through the practice as of today.
	lib, err := practice.LoadLibrary(fsys, cfg.PracticeDir, practice.LoadOptions{Now: time.Now()})
	probs = append(probs, problems.From(cfg.PracticeDir, err)...)
	tipList, err := tips.Load(fsys)
	probs = append(probs, problems.From(tips.FileName, err)...)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	id, err := config.Fingerprint(fsys)
	if err != nil {
		return nil, err
	}
	return &api.Snapshot{
		KioskID:   cfg.Kiosk.ID,
		SiteName:  cfg.Site.Name,
		ConfigID:  id,
		Languages: cfg.Languages,
		Catalog:   lib.Headers(),
		Practice:  lib,
		Config:    cfg,
		Tips:      tipList,
	}, nil
}

// Open loads the configuration and opens the store. It fails when the
// configuration is invalid or another kiosk holds the data directory.
func Open(ctx context.Context, opts Options) (*Kiosk, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Notify == nil {
		opts.Notify = SystemdNotifier
	}
	snap, cstat, err := openConfig(ctx, opts)
	if err != nil {
		return nil, err
	}
	if opts.Window.zero() && snap.Config != nil {
		// kiosk.window in kiosk.yaml; read at start (a change needs a restart:
		// WebKit reads its environment once).
		opts.Window = WindowSettings(snap.Config.Kiosk.Window)
	}
	if err := opts.Window.Check(); err != nil {
		return nil, fmt.Errorf("checking the window settings from %s:\n%w", opts.ConfigName, err)
	}
	db, err := store.Open(opts.DataDir, store.Options{Logger: opts.Logger})
	if err != nil {
		return nil, err
	}
	k := &Kiosk{opts: opts, log: opts.Logger, db: db, started: time.Now(), speech: speech.New(speech.Options{Logger: opts.Logger})}
	k.exit.done = make(chan struct{})
	if k.staff, err = staff.Open(db.Bolt(), staff.Options{Logger: opts.Logger}); err != nil {
		db.Close()
		return nil, err
	}
	if k.backups, err = db.ListenBackup(); err != nil {
		k.log.WarnContext(ctx, "online backups are unavailable", "err", err)
	}
	k.snap.Store(snap)
	if err := k.startRuntime(ctx, snap); err != nil {
		if k.backups != nil {
			k.backups.Close()
		}
		db.Close()
		return nil, err
	}
	if k.phone, err = k.openPhoneDoor(snap.Config); err != nil {
		k.stopRuntime()
		if k.backups != nil {
			k.backups.Close()
		}
		db.Close()
		return nil, err
	}
	k.startConfigWatch(ctx, snap, cstat)
	quiet := k.depsFor(api.DoorKiosk)
	quiet.Logger = slog.New(quietHandler{k.log.Handler(), slog.LevelWarn})
	k.healthAPI = healthProbe{api.New(api.DoorKiosk, quiet)}
	k.log.InfoContext(ctx, "kiosk ready", "kiosk_id", snap.KioskID, "config", opts.ConfigName, "config_id", snap.ConfigID,
		"packs", len(snap.Catalog), "db", db.Path(), "version", version.Get().String())
	return k, nil
}

func (k *Kiosk) deps() api.Deps {
	return api.Deps{
		Logger:    k.log,
		Now:       time.Now,
		Started:   k.started,
		Build:     version.Get(),
		Snapshot:  k.snap.Load,
		Ping:      k.db.Ping,
		Speech:    k.speech,
		Practices: k.rt.practices,
		Handoff:   k.handoffAPI(),

		BenchSessions: k.opts.BenchSessions,
		BenchStressS:  k.opts.BenchStressS,
	}
}

// APIHandler is the API alone for door (in-process calls: tests, the health loop).
func (k *Kiosk) APIHandler(door api.Door) http.Handler { return api.New(door, k.depsFor(door)) }

// SiteHandler is the API plus the frontend for door (TCP listeners).
func (k *Kiosk) SiteHandler(door api.Door) http.Handler {
	return api.NewSite(door, k.depsFor(door), k.opts.Assets)
}

// Serve runs the kiosk door headless on addr until ctx ends. ready is called
// with the URL once the listener is open (addr may use port 0).
func (k *Kiosk) Serve(ctx context.Context, addr string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		// Its own address (and localhost) is the only Host it answers.
		Handler:           k.DoorHandler(api.DoorKiosk, api.ListenerHosts(ln.Addr(), net.InterfaceAddrs)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(k.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	supCtx, stopSupervision := context.WithCancel(ctx)
	defer stopSupervision()
	k.startSupervision(supCtx)
	select {
	case err := <-errc:
		return fmt.Errorf("serving on %s: %w", addr, err)
	case <-ctx.Done():
	}
	k.stopping()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// Close releases the store.
func (k *Kiosk) Close() error {
	k.stopConfigWatch()
	k.stopRuntime()
	if k.backups != nil {
		k.backups.Close()
	}
	return k.db.Close()
}
