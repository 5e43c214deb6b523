package stats

import (
	"context"
	"errors"
	"net"
	"sort"
	"strings"
	"time"
)

// Run seals at every period end and uploads on that schedule, when a retry
// is due, when the network changes (comes back) and on SendNow, until ctx
// ends. It seals once at start, catching up periods that closed while the
// kiosk was off.
func (s *Stats) Run(ctx context.Context) error {
	log := s.deps.Logger
	stopWatch := s.watchNetwork(ctx)
	defer stopWatch()
	timer := time.NewTimer(0)
	defer timer.Stop()
	force := false
	for {
		if _, err := s.Seal(ctx); err != nil && ctx.Err() == nil {
			log.Error("statistics: sealing failed", "error", err)
		}
		if s.config().Endpoint != "" {
			_, err := s.upload(ctx, force)
			if err != nil && ctx.Err() == nil && !errors.Is(err, ErrNoEndpoint) {
				log.Debug("statistics: upload pass ended early", "error", err)
			}
		}
		force = false
		now := s.deps.Now()
		wait := s.boundary(now).Add(s.config().Period).Sub(now)
		s.mu.Lock()
		if next := s.backoff.next; !next.IsZero() && next.Sub(now) < wait {
			wait = max(next.Sub(now), 0)
		}
		s.mu.Unlock()
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(max(wait, 0))
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case <-s.sendNow:
			force = true
		case <-s.netUp:
			force = true
		}
	}
}

// SendNow asks Run to upload immediately, ignoring any backoff (the staff
// "send now" button). It does not wait.
func (s *Stats) SendNow() { s.trigger(s.sendNow) }

// NetworkChanged tells Run the network may be back (Run also watches the
// interfaces itself; this is for callers that know better).
func (s *Stats) NetworkChanged() { s.trigger(s.netUp) }

func (s *Stats) trigger(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (s *Stats) watchNetwork(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		last := s.deps.NetState()
		t := time.NewTicker(s.deps.NetPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if cur := s.deps.NetState(); cur != last {
				last = cur
				if cur != "" {
					s.deps.Logger.Info("statistics: the network changed; trying to upload")
					s.NetworkChanged()
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// netState lists the up, non-loopback interfaces with their addresses: it
// changes when a cable is plugged in or Wi-Fi or a 4G dongle connects.
func netState() string {
	ifs, err := net.Interfaces()
	if err != nil {
		return ""
	}
	var parts []string
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 || i.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := i.Addrs()
		for _, a := range addrs {
			parts = append(parts, i.Name+"="+a.String())
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}
