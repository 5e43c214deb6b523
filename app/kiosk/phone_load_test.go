package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tramhocso/app/api"
	"tramhocso/app/connlimit"
)

var phoneLoad = flag.Int("phone-load", 0, "run the phone door load test with this many simulated phones (e.g. 500)")

// TestPhoneDoorLoad claims N hand-offs at once over real HTTP on loopback
// and has each phone submit 10 steps (docs/benchmarks.md). Off unless
// -phone-load=N is given; it stops itself after two minutes.
//
//	go test ./app/kiosk/ -run TestPhoneDoorLoad -phone-load=500 -v
func TestPhoneDoorLoad(t *testing.T) {
	n := *phoneLoad
	if n <= 0 {
		t.Skip("set -phone-load=N to run the phone door load test")
	}
	k := openPhoneKiosk(t, nil, func(y string) string {
		return strings.Replace(y, "max_phone_sessions: 50", "max_phone_sessions: 1000", 1)
	})
	// Each simulated phone dials from its own loopback address (Linux routes
	// all of 127.0.0.0/8 to lo), so the per-address limits apply as to real
	// phones; only the total connection cap is lifted above n.
	k.phone.limits = &connlimit.Limits{Total: 2 * n, PerAddr: 16}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := &url.URL{Scheme: "http", Host: ln.Addr().String(), Path: "/"}
	done := make(chan error, 1)
	go func() { done <- k.servePhone(ctx, ln, base, nil) }()
	defer func() { cancel(); <-done }()

	// At the kiosk (not measured): n practices, each offered to a phone.
	kc := &client{t: t, h: k.APIHandler(api.DoorKiosk)}
	tokens := make([]string, n)
	for i := range n {
		var st api.PracticeStarted
		if code, body := kc.do("POST", "/api/practice", map[string]any{"pack": "khai-tu", "sample": true}, &st); code != 200 {
			t.Fatalf("start %d: %d %s", i, code, body)
		}
		token, _, err := k.phone.tokens.Issue(st.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		tokens[i] = token
	}
	pack := k.snap.Load().Practice.Pack("khai-tu", 0)

	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      = map[string]int{}
		wg        sync.WaitGroup
	)
	record := func(d time.Duration, err string) {
		mu.Lock()
		defer mu.Unlock()
		latencies = append(latencies, d)
		if err != "" {
			errs[err]++
		}
	}
	post := func(c *http.Client, path string, body any, out any) string {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(ctx, "POST", base.JoinPath(path).String(), bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		res, err := c.Do(req)
		if err != nil {
			record(time.Since(start), "transport")
			return "transport"
		}
		defer res.Body.Close()
		var problem string
		if res.StatusCode != 200 {
			problem = fmt.Sprintf("http %d", res.StatusCode)
		} else if out != nil && json.NewDecoder(res.Body).Decode(out) != nil {
			problem = "bad json"
		}
		record(time.Since(start), problem)
		return problem
	}
	begin := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 2, byte(i/250), byte(1+i%250))}}
			tr := &http.Transport{DialContext: d.DialContext}
			defer tr.CloseIdleConnections()
			c := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second}
			var claimed api.PracticeStarted
			if post(c, "/api/handoff/claim", api.HandoffClaim{Token: tokens[i]}, &claimed) != "" {
				return
			}
			for range 10 {
				pr, err := k.rt.practices.Load(ctx, claimed.ID) // what the person would type, from the sample
				if err != nil || pr.Finished() {
					return
				}
				var res api.PracticeResult
				in := pack.PersonaInput(pr, time.Now())
				if post(c, "/api/practice/"+claimed.ID+"/submit", api.PracticeStep{Step: pr.Step, Answers: in}, &res) != "" {
					return
				}
			}
		}()
	}
	wg.Wait()
	wall := time.Since(begin)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	t.Logf("phone door load: %d phones, %d requests in %s: %.0f req/s, p50 %s, p99 %s, max %s, errors %v",
		n, len(latencies), wall.Round(time.Millisecond), float64(len(latencies))/wall.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond), errs)
	if len(errs) > 0 {
		t.Errorf("errors under load: %v", errs)
	}
	if len(latencies) != n*11 {
		t.Errorf("%d requests, want %d (claim + 10 submits each)", len(latencies), n*11)
	}
}
