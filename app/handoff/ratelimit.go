package handoff

import (
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter allows each client address a burst of claims and then a steady
// rate, so nobody on the Wi-Fi can guess codes by brute force. It keeps at
// most maxClients addresses, forgetting the idlest when full.
type Limiter struct {
	mu         sync.Mutex
	every      rate.Limit
	burst      int
	maxClients int
	clients    map[netip.Addr]*client
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows burst claims at once and then one per interval, per address.
func NewLimiter(interval time.Duration, burst, maxClients int) *Limiter {
	return &Limiter{every: rate.Every(interval), burst: burst, maxClients: maxClients, clients: map[netip.Addr]*client{}}
}

// Allow reports whether addr may claim now. IPv4-mapped IPv6 addresses count
// as their IPv4 address; an IPv6 client is limited by its /64.
func (l *Limiter) Allow(addr netip.Addr, now time.Time) bool {
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		addr = p.Addr()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.clients[addr]
	if !ok {
		if len(l.clients) >= l.maxClients {
			l.evictIdlest()
		}
		c = &client{lim: rate.NewLimiter(l.every, l.burst)}
		l.clients[addr] = c
	}
	c.seen = now
	return c.lim.AllowN(now, 1)
}

func (l *Limiter) evictIdlest() {
	var (
		oldest netip.Addr
		at     time.Time
	)
	for a, c := range l.clients {
		if at.IsZero() || c.seen.Before(at) {
			oldest, at = a, c.seen
		}
	}
	delete(l.clients, oldest)
}
