package kiosk

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/api"
	"tramhocso/app/session"
	"tramhocso/app/store"
)

// Exit codes of a staff-requested exit. The systemd unit restarts the app
// whatever its exit code (Restart=always); RestartPreventExitStatus= names
// ExitCodeDesktop so that "exit to the desktop" stays down.
const (
	ExitCodeRestart = 75 // EX_TEMPFAIL: "restart the app"
	ExitCodeDesktop = 64 // "exit to the desktop": the unit must not restart
)

// ExitError is returned (through cli) when the staff asked the app to stop;
// Code is the process exit code.
type ExitError struct {
	Code int
}

func (e *ExitError) Error() string { return fmt.Sprintf("exit requested by staff (code %d)", e.Code) }

// exitState is a staff-requested exit: the first request wins.
type exitState struct {
	once sync.Once
	code int
	done chan struct{}
}

var _ api.KioskControl = (*Kiosk)(nil)

// Exit asks the app to stop (api.KioskControl): the context from
// ExitContext ends, the window or listener closes, and the command returns
// an *ExitError with ExitCodeRestart or ExitCodeDesktop.
func (k *Kiosk) Exit(restart bool) {
	k.exit.once.Do(func() {
		k.exit.code = ExitCodeDesktop
		if restart {
			k.exit.code = ExitCodeRestart
		}
		k.log.Warn("staff asked the app to stop", "restart", restart, "exit_code", k.exit.code)
		if !restart {
			// The launcher reads this: compositors do not pass exit codes on.
			marker := filepath.Join(k.opts.DataDir, ExitMarker)
			if err := os.WriteFile(marker, nil, 0o600); err != nil {
				k.log.Error("writing the exit-to-desktop marker", "err", err)
			}
		}
		close(k.exit.done)
	})
}

// ExitMarker is the file in the data directory that tells the launcher the
// staff chose "exit to the desktop" (so systemd does not restart the app).
const ExitMarker = "exit-to-desktop"

// ExitContext returns a context that also ends when the staff ask the app
// to stop; run the window or Serve under it.
func (k *Kiosk) ExitContext(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-k.exit.done:
			// Let the answer to the staff's request go out first.
			time.Sleep(300 * time.Millisecond)
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// ExitErr is err, or an *ExitError when the run ended because the staff
// asked the app to stop.
func (k *Kiosk) ExitErr(err error) error {
	if err != nil {
		return err
	}
	select {
	case <-k.exit.done:
		return &ExitError{Code: k.exit.code}
	default:
		return nil
	}
}

// Today counts the sessions started and ended since since
// (api.KioskControl). Ended sessions stay in the store for a day
// (session.DefaultRetention), which covers "today".
func (k *Kiosk) Today(ctx context.Context, since time.Time) (api.TodayCounts, error) {
	var c api.TodayCounts
	err := k.db.Bolt().View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(store.BucketSessions))
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r, err := session.DecodeRecord(v)
			if err != nil {
				return nil // the sessions package reports damaged records
			}
			if !r.Created.Before(since) {
				c.Started++
			}
			if r.Ended.IsZero() || r.Ended.Before(since) {
				return nil
			}
			switch r.Status {
			case session.StatusFinished:
				c.Finished++
				if c.FinishedByPack == nil {
					c.FinishedByPack = map[string]int{}
				}
				c.FinishedByPack[r.PackID]++
			case session.StatusAbandoned, session.StatusExpired:
				c.Abandoned++
			}
			return nil
		})
	})
	if err != nil {
		return c, fmt.Errorf("counting today's sessions: %w", err)
	}
	return c, nil
}

// DiskFree is the space left for the database (api.KioskControl).
func (k *Kiosk) DiskFree() (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(k.opts.DataDir, &st); err != nil {
		return 0, fmt.Errorf("checking free space in %s: %w", k.opts.DataDir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// LANAddress is the phone door's address as configured (api.KioskControl):
// advertised_url, else the listen address; "" when the door is off.
func (k *Kiosk) LANAddress() string {
	snap := k.snap.Load()
	if snap == nil || snap.Config == nil {
		return ""
	}
	if u := snap.Config.Handoff.AdvertisedURL; u != "" {
		return u
	}
	return snap.Config.Handoff.Listen
}
