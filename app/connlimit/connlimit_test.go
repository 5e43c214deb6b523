package connlimit

import (
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"
)

// dialFrom connects to ln from the loopback address src (Linux routes all
// of 127.0.0.0/8 to lo, so each is a distinct client).
func dialFrom(t *testing.T, ln net.Listener, src string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dialling from %s: %v", src, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// refusedFrom dials ln from src and tells whether the server closed the
// connection without a byte. The server's reset can arrive before the
// non-blocking connect has been confirmed, so a reset while dialling counts
// as a refusal too (seen in CI on a loaded machine).
func refusedFrom(t *testing.T, ln net.Listener, src string) bool {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		if errors.Is(err, syscall.ECONNRESET) {
			return true
		}
		t.Fatalf("dialling from %s: %v", src, err)
	}
	defer c.Close()
	// A guard, not a threshold: a connection the cap wrongly let in would
	// block this read for ever; with the deadline it fails the test instead.
	if err := c.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err = c.Read(make([]byte, 1))
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
}

func TestListenerCaps(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := Listen(inner, Limits{Total: 4, PerAddr: 2})
	defer ln.Close()
	accepted := make(chan net.Conn, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	// greet makes the server side answer one byte on an accepted connection,
	// so the client knows it got in.
	in := func(c net.Conn) net.Conn {
		s := <-accepted
		if _, err := s.Write([]byte{1}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Read(make([]byte, 1)); err != nil {
			t.Fatalf("an accepted connection must work: %v", err)
		}
		return s
	}
	a1 := in(dialFrom(t, ln, "127.0.0.2"))
	in(dialFrom(t, ln, "127.0.0.2"))
	if !refusedFrom(t, ln, "127.0.0.2") {
		t.Fatal("a third connection from one address must be closed at once")
	}
	in(dialFrom(t, ln, "127.0.0.3"))
	in(dialFrom(t, ln, "127.0.0.3"))
	if !refusedFrom(t, ln, "127.0.0.4") {
		t.Fatal("a fifth connection must be closed at once")
	}
	st := ln.Stats()
	want := Stats{Open: 4, Accepted: 4, RefusedTotal: 1, RefusedPerAddr: 1, HighestOpen: 4, AddressesTracked: 2}
	if st != want {
		t.Fatalf("stats %+v, want %+v", st, want)
	}
	// Closing gives the place back, once however often it is called.
	a1.Close()
	a1.Close()
	in(dialFrom(t, ln, "127.0.0.4"))
	if !refusedFrom(t, ln, "127.0.0.5") {
		t.Fatal("a double Close must not free two places")
	}
	if st := ln.Stats(); st.Open != 4 || st.Accepted != 5 || st.RefusedTotal != 2 {
		t.Fatalf("after a close: %+v", st)
	}
}

func TestAddrKey(t *testing.T) {
	for _, c := range []struct{ addr, want string }{
		{"192.168.1.5:5000", "192.168.1.5"},
		{"[::ffff:192.168.1.5]:5000", "192.168.1.5"},
		{"[2001:db8:1:2:aaaa:bbbb:cccc:dddd]:5000", "2001:db8:1:2::"},
	} {
		a, _ := net.ResolveTCPAddr("tcp", c.addr)
		if got := addrKey(a).String(); got != c.want {
			t.Errorf("addrKey(%s) = %s, want %s", c.addr, got, c.want)
		}
	}
}

func TestBudget(t *testing.T) {
	for _, c := range []struct {
		limit         uint64
		reserve, want int
		total         int
		reduced       bool
	}{
		{524288, 256, 512, 512, false},
		{1024, 256, 512, 512, false},
		{600, 256, 512, 344, true},
		{100, 256, 512, 1, true},
	} {
		total, reduced := Budget(c.limit, c.reserve, c.want)
		if total != c.total || reduced != c.reduced {
			t.Errorf("Budget(%d, %d, %d) = %d, %v; want %d, %v", c.limit, c.reserve, c.want, total, reduced, c.total, c.reduced)
		}
	}
}

func TestFileLimit(t *testing.T) {
	n, err := FileLimit()
	if err != nil || n == 0 {
		t.Fatalf("FileLimit() = %d, %v", n, err)
	}
}
