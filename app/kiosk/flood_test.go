package kiosk

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

var (
	floodRequests = flag.Int("door-flood-requests", 400, "kiosk-door requests per phase of TestPhoneFloodSparesKioskDoor")
	floodConns    = flag.Int("door-flood-conns", 0, "flood connections held against the phone door (0: the cap + 2,000)")
)

// TestPhoneFloodSparesKioskDoor holds the cap + 2,000 idle connections
// against the phone door (most of them from many loopback addresses, 64
// from one) while the kiosk door answers requests, each on a new
// connection, so each needs a new file descriptor. The process's soft
// RLIMIT_NOFILE is lowered for the test so that an uncapped phone door
// would run out of descriptors (the flood's client and server ends add up
// to more than the limit) and the kiosk door would fail. It counts answered
// and failed requests; the latencies are logged for docs/benchmarks.md:
//
//	go test ./app/kiosk/ -run TestPhoneFloodSparesKioskDoor -v -door-flood-requests=5000
func TestPhoneFloodSparesKioskDoor(t *testing.T) {
	k := openPhoneKiosk(t, nil, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	// Serve both doors on loopback: the phone door as in production, the
	// kiosk door as `serve` runs it.
	phoneLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := &url.URL{Scheme: "http", Host: phoneLn.Addr().String(), Path: "/"}
	var doors sync.WaitGroup
	doors.Go(func() {
		if err := k.servePhone(ctx, phoneLn, base, nil); err != nil {
			t.Error(err)
		}
	})
	kioskURL := make(chan string, 1)
	doors.Go(func() {
		if err := k.Serve(ctx, "127.0.0.1:0", func(u string) { kioskURL <- u }); err != nil {
			t.Error(err)
		}
	})
	defer func() { cancel(); doors.Wait() }()
	kurl := <-kioskURL
	var ln = k.phone.conns.Load()
	for ln == nil { // servePhone stores it before serving
		time.Sleep(time.Millisecond)
		ln = k.phone.conns.Load()
	}
	limits := ln.Limits()
	n := *floodConns
	if n <= 0 {
		n = limits.Total + 2000
	}
	const oneAddr = 64 // flooders sharing one address

	// The descriptor budget of this test process: the flood's client ends,
	// the phone door's server ends (its cap), and room for the kiosk.
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	want := uint64(n + oneAddr + limits.Total + fdReserve)
	if old.Max < want {
		t.Skipf("the hard open-file limit %d is below the %d this test needs", old.Max, want)
	}
	lowered := old
	lowered.Cur = want
	if uncapped := uint64(2 * (n + oneAddr)); uncapped <= want {
		t.Fatalf("the flood (%d) is too small to exhaust an uncapped door under a limit of %d", n, want)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lowered); err != nil {
		t.Fatal(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)

	// The kiosk door: GET health and catalog, a new connection each time.
	kc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	phase := func(m int) (lat []time.Duration, failed map[string]int) {
		failed = map[string]int{}
		for i := range m {
			path := []string{"api/health", "api/catalog"}[i%2]
			start := time.Now()
			res, err := kc.Get(kurl + path)
			if err != nil {
				failed["transport"]++
				continue
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				failed[fmt.Sprintf("http %d", res.StatusCode)]++
				continue
			}
			lat = append(lat, time.Since(start))
		}
		return lat, failed
	}
	m := *floodRequests
	t0 := time.Now()
	quiet, quietFailed := phase(m)
	quietWall := time.Since(t0)

	// The flood: each flooder holds one idle connection (never a byte
	// sent); when the door closes it (over the cap, or the header timeout)
	// it dials again, all of them together at most 2,000 dials a second.
	floodCtx, stopFlood := context.WithCancel(ctx)
	dials := rate.NewLimiter(2000, 50)
	var (
		flood   sync.WaitGroup
		holding atomic.Int64
		dialErr atomic.Int64
		dialled atomic.Int64 // flooders that have dialled at least once
		lastErr atomic.Value
	)
	for i := range n + oneAddr {
		src := net.IPv4(127, 0, byte(1+i/16/250), byte(2+i/16%250)) // 16 per address
		if i >= n {
			src = net.IPv4(127, 1, 0, 1)
		}
		flood.Go(func() {
			d := net.Dialer{LocalAddr: &net.TCPAddr{IP: src}, Timeout: 2 * time.Second}
			first := true
			for dials.Wait(floodCtx) == nil {
				c, err := d.DialContext(floodCtx, "tcp", phoneLn.Addr().String())
				if first {
					dialled.Add(1)
					first = false
				}
				if err != nil {
					if floodCtx.Err() == nil {
						dialErr.Add(1)
						lastErr.Store(err.Error())
					}
					continue
				}
				holding.Add(1)
				stop := context.AfterFunc(floodCtx, func() { c.Close() })
				_, _ = c.Read(make([]byte, 1)) // until the door (or the test) closes it
				stop()
				c.Close()
				holding.Add(-1)
			}
		})
	}
	// Wait until every flooder has dialled and the flood has filled the
	// phone door and met both caps.
	for ctx.Err() == nil {
		if st := ln.Stats(); dialled.Load() == int64(n+oneAddr) && st.Open >= limits.Total && st.RefusedPerAddr > 0 && st.RefusedTotal > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	filled := time.Since(t0) - quietWall
	t1 := time.Now()
	during, duringFailed := phase(m)
	duringWall := time.Since(t1)
	st := ln.Stats()
	held := holding.Load()
	stopFlood()
	flood.Wait()

	pct := func(lat []time.Duration, p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		s := slices.Clone(lat)
		slices.Sort(s)
		return s[min(len(s)-1, int(p*float64(len(s))))].Round(time.Microsecond)
	}
	t.Logf("phone door: cap %d (%d per address), open-file limit %d; flood of %d connections (%d from one address): "+
		"%d held by clients at the end, highest open at the door %d, closed over the total cap %d, over the per-address cap %d, dial errors %d (last: %v)",
		limits.Total, limits.PerAddr, lowered.Cur, n+oneAddr, oneAddr, held, st.HighestOpen, st.RefusedTotal, st.RefusedPerAddr, dialErr.Load(), lastErr.Load())
	t.Logf("kiosk door, %d requests per phase (new connection each): without the flood p50 %s p99 %s max %s (%s); "+
		"during the flood p50 %s p99 %s max %s (%s, after %s to fill the door)",
		m, pct(quiet, 0.5), pct(quiet, 0.99), pct(quiet, 1), quietWall.Round(time.Millisecond),
		pct(during, 0.5), pct(during, 0.99), pct(during, 1), duringWall.Round(time.Millisecond), filled.Round(time.Millisecond))

	if len(quiet) != m || len(quietFailed) > 0 {
		t.Errorf("without the flood the kiosk door answered %d of %d: %v", len(quiet), m, quietFailed)
	}
	if len(during) != m || len(duringFailed) > 0 {
		t.Errorf("during the flood the kiosk door answered %d of %d: %v", len(during), m, duringFailed)
	}
	if st.HighestOpen > limits.Total {
		t.Errorf("the phone door held %d connections, over its cap of %d", st.HighestOpen, limits.Total)
	}
}

func TestPhoneHosts(t *testing.T) {
	ifaces := func() ([]net.Addr, error) {
		return []net.Addr{&net.IPNet{IP: net.IPv4(127, 0, 0, 1), Mask: net.CIDRMask(8, 32)},
			&net.IPNet{IP: net.IPv4(192, 168, 50, 10), Mask: net.CIDRMask(24, 32)}}, nil
	}
	tcp := func(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }
	for _, c := range []struct {
		base, listen string
		want         []string
	}{
		{"http://192.168.50.10:8080/", "0.0.0.0:8080",
			[]string{"0.0.0.0:8080", "127.0.0.1:8080", "192.168.50.10:8080", "localhost:8080"}},
		{"https://tram.example/", "192.168.50.10:8080",
			[]string{"192.168.50.10:8080", "tram.example", "tram.example:443"}},
	} {
		u, _ := url.Parse(c.base)
		if got := phoneHosts(u, tcp(c.listen), ifaces); !slices.Equal(got, c.want) {
			t.Errorf("phoneHosts(%s, %s) = %q, want %q", c.base, c.listen, got, c.want)
		}
	}
}
