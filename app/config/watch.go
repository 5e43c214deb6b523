package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions tune Watch. Zero values take the defaults.
type WatchOptions struct {
	// Debounce is the quiet time after the last change before check runs
	// (default 100 ms): an editor's save or an rsync run is one reload.
	Debounce time.Duration
	// MaxDelay caps the wait during a steady stream of changes (default 1 s).
	MaxDelay time.Duration
	// Poll is the safety-net period: check runs this often even without
	// events (default 30 s; negative turns it off). It catches what inotify
	// cannot see (network file systems, a lost event).
	Poll   time.Duration
	Logger *slog.Logger
	// Ready, when set, is called once every directory is watched, before
	// the first check.
	Ready func()
}

func (o *WatchOptions) defaults() {
	if o.Debounce <= 0 {
		o.Debounce = 100 * time.Millisecond
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = time.Second
	}
	if o.Poll == 0 {
		o.Poll = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Watch watches the directory tree at dir (every directory in it, never
// single files, plus dir's parent so that dir itself may be deleted,
// recreated or swapped) and calls check once changes settle, after an event
// queue overflow, every opts.Poll, and once at the start. check decides whether anything really
// changed (see Fingerprint) and loads the whole configuration; Watch only
// says "look again". It returns when ctx ends, or an error when inotify
// cannot be set up at all.
func Watch(ctx context.Context, dir string, opts WatchOptions, check func(context.Context)) error {
	opts.defaults()
	root, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("watching %s: %w", dir, err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s: %w", dir, err)
	}
	defer w.Close()
	tw := treeWatch{w: w, root: root, parent: filepath.Dir(root), watched: map[string]bool{}, log: opts.Logger}
	if err := w.Add(tw.parent); err != nil {
		opts.Logger.Warn("config watch: cannot watch the parent directory; a deleted and recreated config directory is noticed by the periodic check only", "dir", tw.parent, "err", err)
	}
	tw.sync()
	if opts.Ready != nil {
		opts.Ready()
	}
	// Changes made between the caller's own load and now were not seen.
	check(ctx)

	var (
		debounce = time.NewTimer(time.Hour)
		firstAt  time.Time // first event of the pending burst; zero = none pending
		poll     <-chan time.Time
	)
	debounce.Stop()
	if opts.Poll > 0 {
		t := time.NewTicker(opts.Poll)
		defer t.Stop()
		poll = t.C
	}
	run := func(why string) {
		firstAt = time.Time{}
		debounce.Stop()
		tw.sync()
		opts.Logger.Debug("config watch: checking", "why", why)
		check(ctx)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if !tw.relevant(ev) {
				continue
			}
			now := time.Now()
			if firstAt.IsZero() {
				firstAt = now
			}
			wait := opts.Debounce
			if rest := opts.MaxDelay - now.Sub(firstAt); rest < wait {
				wait = max(rest, 0)
			}
			debounce.Reset(wait)
		case <-debounce.C:
			run("change")
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				opts.Logger.Warn("config watch: too many file events at once; rescanning the whole directory")
				run("overflow")
				continue
			}
			opts.Logger.Warn("config watch: error from inotify", "err", err)
		case <-poll:
			run("periodic")
		}
	}
}

// treeWatch keeps an inotify watch on every directory under root.
type treeWatch struct {
	w            *fsnotify.Watcher
	root, parent string
	watched      map[string]bool
	log          *slog.Logger
}

// relevant drops the parent directory's events about its other entries.
func (t *treeWatch) relevant(ev fsnotify.Event) bool {
	if filepath.Dir(ev.Name) == t.parent {
		return ev.Name == t.root // the parent's other entries are not config
	}
	return true
}

// sync adds watches for every directory now under root (following a
// symlinked root) and forgets those gone. Adding is idempotent, so calling
// it after every burst of events is how new and recreated directories are
// picked up.
func (t *treeWatch) sync() {
	seen := map[string]bool{}
	real, err := filepath.EvalSymlinks(t.root)
	if err == nil {
		_ = filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if rel, _ := filepath.Rel(real, p); strings.Count(rel, string(filepath.Separator)) >= maxDepth {
				return fs.SkipDir
			}
			seen[p] = true
			if !t.watched[p] {
				if err := t.w.Add(p); err != nil && !errors.Is(err, os.ErrNotExist) {
					t.log.Warn("config watch: cannot watch a directory", "dir", p, "err", err)
					delete(seen, p)
				}
			}
			return nil
		})
		if real != t.root {
			// A symlinked root: its target may be swapped; watch the link's
			// directory too (already the parent) and remember the target.
			seen[t.root] = true
		}
	}
	for p := range t.watched {
		if !seen[p] {
			_ = t.w.Remove(p) // gone already, or no longer under root
		}
	}
	t.watched = seen
}
