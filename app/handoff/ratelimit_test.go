package handoff

import (
	"net/netip"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(10*time.Second, 3, 2)
	a := netip.MustParseAddr("192.168.1.20")
	for i := 0; i < 3; i++ {
		if !l.Allow(a, t0) {
			t.Fatalf("claim %d within the burst refused", i)
		}
	}
	if l.Allow(a, t0.Add(time.Second)) {
		t.Fatal("a fourth claim at once must be refused")
	}
	if !l.Allow(a, t0.Add(11*time.Second)) {
		t.Fatal("after the interval one more claim is allowed")
	}
	if !l.Allow(netip.MustParseAddr("192.168.1.21"), t0) {
		t.Fatal("another address has its own budget")
	}
	// The mapped form of a is the same client.
	if l.Allow(netip.MustParseAddr("::ffff:192.168.1.20"), t0.Add(12*time.Second)) {
		t.Fatal("IPv4-mapped address must share the IPv4 budget")
	}
	// Two IPv6 addresses in one /64 share a budget.
	v6a, v6b := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	for i := 0; i < 3; i++ {
		l.Allow(v6a, t0)
	}
	if l.Allow(v6b, t0) {
		t.Fatal("same /64 must share a budget")
	}
	if len(l.clients) > 2 {
		t.Fatalf("the map must stay bounded, has %d", len(l.clients))
	}
}
