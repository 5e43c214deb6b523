package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/api"
	"tramhocso/app/config"
	"tramhocso/app/connlimit"
	"tramhocso/app/handoff"
	"tramhocso/app/session"
	"tramhocso/app/store"
)

// Claim rate limit per client address: a burst, then one per interval.
const (
	claimBurst    = 10
	claimInterval = 6 * time.Second
	claimClients  = 4096
)

// phoneDoor is the hand-off to phones (api.Handoff) over the kiosk's bbolt
// file: one-time codes (handoff.Tokens), phone cookies and the cap on live
// phone sessions (handoff.Phones), the claim rate limit, and the address
// phones reach once ServePhone listens.
type phoneDoor struct {
	db       *bolt.DB
	sessions *session.Manager
	tokens   *handoff.Tokens
	phones   *handoff.Phones
	limiter  *handoff.Limiter
	now      func() time.Time
	maxLive  func() int
	log      *slog.Logger
	base     atomic.Pointer[url.URL]
	// conns is the phone door's capped listener while it serves (doors.go).
	conns atomic.Pointer[connlimit.Listener]
	// limits, when set, replaces the caps phoneLimits computes (tests).
	limits *connlimit.Limits
}

var _ api.Handoff = (*phoneDoor)(nil)

// openPhoneDoor prepares the hand-off when kiosk.yaml has a phone door
// (handoff.listen); it returns nil otherwise.
func (k *Kiosk) openPhoneDoor(cfg *config.Config) (*phoneDoor, error) {
	if cfg == nil || cfg.Handoff.Listen == "" {
		return nil, nil
	}
	db := k.db.Bolt()
	toks, err := handoff.NewTokens(db, cfg.Handoff.TokenTTL.D())
	if err != nil {
		return nil, fmt.Errorf("opening the hand-off codes: %w", err)
	}
	mgr := k.rt.sessions
	phones, err := handoff.NewPhones(db, mgr.LiveTx, time.Now())
	if err != nil {
		return nil, err
	}
	return &phoneDoor{
		db: db, sessions: mgr, tokens: toks, phones: phones,
		limiter: handoff.NewLimiter(claimInterval, claimBurst, claimClients),
		now:     time.Now, log: k.log,
		maxLive: func() int {
			if s := k.snap.Load(); s != nil && s.Config != nil {
				return s.Config.Handoff.MaxPhoneSessions
			}
			return config.DefaultMaxPhoneSessions
		},
	}, nil
}

// handoffAPI is the api.Handoff to give the doors: nil (no phone door)
// unless kiosk.yaml has one.
func (k *Kiosk) handoffAPI() api.Handoff {
	if k.phone == nil {
		return nil
	}
	return k.phone
}

func (p *phoneDoor) Base() (*url.URL, bool) {
	u := p.base.Load()
	return u, u != nil
}

func (p *phoneDoor) Offer(ctx context.Context, id string) (string, time.Time, error) {
	rec, err := p.sessions.Get(ctx, id)
	if errors.Is(err, session.ErrNotFound) || err == nil && rec.Status != session.StatusActive {
		return "", time.Time{}, fmt.Errorf("%w: the session cannot be handed off", api.ErrPracticeNotFound)
	}
	if err != nil {
		return "", time.Time{}, err
	}
	return p.tokens.Issue(id, p.now())
}

func (p *phoneDoor) Moved(ctx context.Context, id string) (bool, error) {
	rec, err := p.sessions.Get(ctx, id)
	if errors.Is(err, session.ErrNotFound) {
		return false, fmt.Errorf("%w: %v", api.ErrPracticeNotFound, err)
	}
	if err != nil {
		return false, err
	}
	if rec.Status == session.StatusHandedOff {
		return true, nil
	}
	return p.tokens.Claimed(id)
}

func (p *phoneDoor) Claim(ctx context.Context, client netip.Addr, token string) (string, string, error) {
	now := p.now()
	if !p.limiter.Allow(client, now) {
		return "", "", handoff.ErrRateLimited
	}
	slot, err := p.phones.Reserve(p.maxLive(), now)
	if err != nil {
		return "", "", err
	}
	defer slot.Release()
	var id, cookie string
	err = store.WriteErr(p.db.Update(func(tx *bolt.Tx) error {
		var err error
		if id, err = p.tokens.ClaimTx(tx, token, now); err != nil {
			return err
		}
		if _, err = p.sessions.HandOffTx(tx, id, session.HandOff{Claimed: now}); err != nil {
			if errors.Is(err, session.ErrEnded) || errors.Is(err, session.ErrNotFound) {
				return fmt.Errorf("%w: %v", handoff.ErrExpired, err) // the practice ended meanwhile
			}
			return err
		}
		cookie, err = slot.BindTx(tx, id, now)
		return err
	}))
	if err != nil {
		return "", "", fmt.Errorf("claiming a hand-off: %w", err)
	}
	slot.Commit(id)
	return id, cookie, nil
}

func (p *phoneDoor) StartPhone(ctx context.Context, create func(context.Context) (string, error)) (string, error) {
	now := p.now()
	slot, err := p.phones.Reserve(p.maxLive(), now)
	if err != nil {
		return "", err
	}
	defer slot.Release()
	id, err := create(ctx)
	if err != nil {
		return "", err
	}
	var cookie string
	err = store.WriteErr(p.db.Update(func(tx *bolt.Tx) error {
		var err error
		cookie, err = slot.BindTx(tx, id, now)
		return err
	}))
	if err != nil {
		if _, aerr := p.sessions.Abandon(context.WithoutCancel(ctx), id); aerr != nil {
			p.log.Warn("abandoning a phone practice that could not be bound", "err", aerr)
		}
		return "", fmt.Errorf("binding a phone: %w", err)
	}
	slot.Commit(id)
	return cookie, nil
}

func (p *phoneDoor) PhoneSession(_ context.Context, cookie string) (string, bool) {
	return p.phones.Session(cookie, p.now())
}

// sweep forgets old codes and the cookies of ended sessions.
func (p *phoneDoor) sweep() {
	now := p.now()
	if _, err := p.tokens.Sweep(now); err != nil {
		p.log.Warn("sweeping hand-off codes", "err", err)
	}
	if _, err := p.phones.Sweep(now); err != nil {
		p.log.Warn("sweeping phone bindings", "err", err)
	}
}

// Interfaces lists the machine's interface addresses (a seam for tests).
type Interfaces func() ([]net.Addr, error)

// phoneBase is the address phones are sent to: kiosk.yaml's
// handoff.advertised_url when set, else http:// and the listener's address,
// with an unspecified host (0.0.0.0, ::) replaced by the first non-loopback
// IPv4 address of the machine's interfaces.
func phoneBase(advertised string, ln net.Addr, ifaces Interfaces) (*url.URL, error) {
	if advertised != "" {
		u, err := url.Parse(advertised)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("handoff.advertised_url %q must be an http:// or https:// address", advertised)
		}
		u.RawQuery, u.Fragment = "", ""
		return u, nil
	}
	ap, err := netip.ParseAddrPort(ln.String())
	if err != nil {
		return nil, fmt.Errorf("reading the phone door's address %s: %w", ln, err)
	}
	host := ap.Addr().Unmap()
	if host.IsUnspecified() {
		addrs, err := ifaces()
		if err != nil {
			return nil, fmt.Errorf("listing the network interfaces: %w", err)
		}
		host = netip.Addr{}
		for _, a := range addrs {
			pfx, err := netip.ParsePrefix(a.String())
			if err != nil {
				continue
			}
			if ip := pfx.Addr().Unmap(); ip.Is4() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() {
				host = ip
				break
			}
		}
		if !host.IsValid() {
			return nil, errors.New("no network interface has an IPv4 address for phones to reach: set handoff.advertised_url")
		}
	}
	return &url.URL{Scheme: "http", Host: netip.AddrPortFrom(host, ap.Port()).String(), Path: "/"}, nil
}

// PhoneDoorConfigured reports whether kiosk.yaml asks for a phone door.
func (k *Kiosk) PhoneDoorConfigured() bool { return k.phone != nil }

// ServePhone runs the phone door (the LAN listener citizens' phones reach)
// on kiosk.yaml's handoff.listen until ctx ends. ready is called with the
// address phones are sent to once the listener is open. Without a phone
// door in the configuration it returns nil at once.
func (k *Kiosk) ServePhone(ctx context.Context, ready func(url string)) error {
	p := k.phone
	if p == nil {
		return nil
	}
	cfg := k.snap.Load().Config
	addr := cfg.Handoff.Listen
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("phone door: listening on %s: %w", addr, err)
	}
	base, err := phoneBase(cfg.Handoff.AdvertisedURL, ln.Addr(), net.InterfaceAddrs)
	if err != nil {
		ln.Close()
		return fmt.Errorf("phone door: %w", err)
	}
	return k.servePhone(ctx, ln, base, ready)
}

// servePhone serves the phone door on an open listener until ctx ends:
// behind the connection caps (phoneLimits) and the provenance checks with
// the hosts phones are sent to (phoneHosts).
func (k *Kiosk) servePhone(ctx context.Context, inner net.Listener, base *url.URL, ready func(url string)) error {
	p, addr := k.phone, inner.Addr().String()
	lim := k.phoneLimits()
	if p.limits != nil {
		lim = *p.limits
	}
	ln := connlimit.Listen(inner, lim)
	p.conns.Store(ln)
	p.base.Store(base)
	defer p.base.Store(nil)
	hosts := phoneHosts(base, inner.Addr(), net.InterfaceAddrs)
	srv := &http.Server{
		Handler:           k.DoorHandler(api.DoorPhone, hosts),
		ReadHeaderTimeout: phoneHeaderTimeout,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       phoneIdleTimeout,
		MaxHeaderBytes:    16 << 10,
		// The server's own log lines name connections, never paths: the
		// tokens in /h/… links cannot reach it.
		ErrorLog:    slog.NewLogLogger(k.log.Handler(), slog.LevelWarn),
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	k.log.InfoContext(ctx, "phone door ready", "listen", inner.Addr().String(), "url", base.String(),
		"hosts", hosts, "max_connections", ln.Limits().Total, "max_per_address", ln.Limits().PerAddr)
	if ready != nil {
		ready(base.String())
	}
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	var seen connlimit.Stats
	for {
		select {
		case err := <-errc:
			return fmt.Errorf("phone door: serving on %s: %w", addr, err)
		case <-tick.C:
			p.sweep()
			logConnRefusals(k.log, ln, &seen)
		case <-ctx.Done():
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("phone door: shutting down: %w", err)
			}
			return nil
		}
	}
}
