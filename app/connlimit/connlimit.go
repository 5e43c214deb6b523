package connlimit

import (
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
)

// Limits are a Listener's caps.
type Limits struct {
	Total   int // connections open at once, from everyone
	PerAddr int // connections open at once from one address (an IPv6 /64)
}

// Stats count what a Listener did since it was made.
type Stats struct {
	Open             int    // connections open now
	Accepted         uint64 // connections handed to the server
	RefusedTotal     uint64 // closed at once: Total was reached
	RefusedPerAddr   uint64 // closed at once: that address had PerAddr open
	HighestOpen      int    // the most connections open at once
	AddressesTracked int    // addresses with a connection open now
}

// Listener is a net.Listener that keeps at most Limits.Total connections
// open, and at most Limits.PerAddr from one remote address. A connection
// over a cap is accepted and closed at once (the client sees the connection
// reset or closed before any byte), and Accept waits for the next one.
type Listener struct {
	net.Listener
	lim Limits

	mu      sync.Mutex
	open    int
	highest int
	perAddr map[netip.Addr]int

	accepted, refusedTotal, refusedAddr atomic.Uint64
}

// Listen wraps ln. Limits of zero or less are raised to one.
func Listen(ln net.Listener, lim Limits) *Listener {
	lim.Total = max(lim.Total, 1)
	lim.PerAddr = max(lim.PerAddr, 1)
	return &Listener{Listener: ln, lim: lim, perAddr: map[netip.Addr]int{}}
}

// Limits are the caps l enforces.
func (l *Listener) Limits() Limits { return l.lim }

// Accept returns the next connection within the caps. Errors are the
// underlying listener's.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		key := addrKey(c.RemoteAddr())
		if ok, total := l.take(key); !ok {
			if total {
				l.refusedTotal.Add(1)
			} else {
				l.refusedAddr.Add(1)
			}
			if tc, isTCP := c.(*net.TCPConn); isTCP {
				_ = tc.SetLinger(0) // a reset: no TIME_WAIT left on our side
			}
			_ = c.Close()
			continue
		}
		l.accepted.Add(1)
		return &conn{Conn: c, release: func() { l.give(key) }}, nil
	}
}

// take counts one more connection from key when the caps allow it; when
// they do not, total tells which cap was reached.
func (l *Listener) take(key netip.Addr) (ok, total bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open >= l.lim.Total {
		return false, true
	}
	if l.perAddr[key] >= l.lim.PerAddr {
		return false, false
	}
	l.open++
	l.highest = max(l.highest, l.open)
	l.perAddr[key]++
	return true, false
}

func (l *Listener) give(key netip.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
	if n := l.perAddr[key] - 1; n > 0 {
		l.perAddr[key] = n
	} else {
		delete(l.perAddr, key)
	}
}

// Stats is what l did so far.
func (l *Listener) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Stats{
		Open: l.open, HighestOpen: l.highest, AddressesTracked: len(l.perAddr),
		Accepted: l.accepted.Load(), RefusedTotal: l.refusedTotal.Load(), RefusedPerAddr: l.refusedAddr.Load(),
	}
}

// addrKey is the address a connection counts against: IPv4 (also when
// mapped into IPv6) as it is, IPv6 by its /64, since one device can pick any
// address in its prefix. Addresses that are not IP (unix sockets in tests)
// share the zero key.
func addrKey(a net.Addr) netip.Addr {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Addr{}
	}
	ip := ap.Addr().Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.Addr()
	}
	return ip
}

// conn gives its place back once, however often Close is called.
type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// Budget shares fileLimit descriptors out: reserve stay for everything but
// the capped listener (the kiosk door and its connections, the database,
// logs, WebKit's pipes, espeak-ng, uploads); the listener gets want, or
// what is left when that is less (at least one). reduced says it got less.
func Budget(fileLimit uint64, reserve, want int) (total int, reduced bool) {
	left := int64(fileLimit) - int64(reserve)
	if left >= int64(want) {
		return want, false
	}
	return int(max(left, 1)), true
}
