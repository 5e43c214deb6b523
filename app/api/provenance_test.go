package api

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestProvenanceBothDoors: on each door, a foreign Origin, a foreign Host,
// a cross-site fetch and a text/plain POST are refused before any route
// runs; the door's own page (and a non-browser client sending JSON) pass.
func TestProvenanceBothDoors(t *testing.T) {
	doors := []struct {
		door  Door
		hosts []string
		host  string
	}{
		{DoorKiosk, []string{"127.0.0.1:8765", "localhost:8765"}, "127.0.0.1:8765"},
		{DoorPhone, HostsOf(&url.URL{Scheme: "http", Host: "192.168.50.1:8080"}), "192.168.50.1:8080"},
	}
	const body = `{"screen":"home","code":"boom","message":""}`
	for _, d := range doors {
		t.Run(string(d.door), func(t *testing.T) {
			f := &fixture{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
			reached := 0
			api := New(d.door, f.deps())
			h := Provenance(d.door, d.hosts, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reached++
				api.ServeHTTP(w, r)
			}))
			own := "http://" + d.host
			cases := []struct {
				name, method, path, host, ctype, body string
				hdr                                   []string
				status                                int
				code                                  string
			}{
				{"own page", "POST", "/api/client-errors", d.host, "application/json", body,
					[]string{"Origin", own, "Sec-Fetch-Site", "same-origin"}, 204, ""},
				{"own page, charset", "POST", "/api/client-errors", strings.ToUpper(d.host), "application/json; charset=utf-8", body,
					[]string{"Origin", own}, 204, ""},
				{"non-browser client", "POST", "/api/client-errors", d.host, "application/json", body, nil, 204, ""},
				{"GET without Origin", "GET", "/api/health", d.host, "", "", nil, 200, ""},
				{"foreign Origin", "POST", "/api/client-errors", d.host, "application/json", body,
					[]string{"Origin", "http://evil.example"}, 403, "cross_site"},
				{"foreign Origin on the own port", "POST", "/api/client-errors", d.host, "application/json", body,
					[]string{"Origin", "http://evil.example:" + d.host[strings.LastIndex(d.host, ":")+1:]}, 403, "cross_site"},
				{"opaque Origin", "POST", "/api/client-errors", d.host, "application/json", body,
					[]string{"Origin", "null"}, 403, "cross_site"},
				{"cross-site fetch metadata", "POST", "/api/client-errors", d.host, "application/json", body,
					[]string{"Sec-Fetch-Site", "cross-site"}, 403, "cross_site"},
				{"same-site fetch metadata", "POST", "/api/client-errors", d.host, "application/json", body,
					[]string{"Sec-Fetch-Site", "same-site", "Origin", "http://" + d.host[:strings.LastIndex(d.host, ":")] + ":9999"}, 403, "cross_site"},
				{"cross-site GET of the API", "GET", "/api/health", d.host, "", "",
					[]string{"Sec-Fetch-Site", "cross-site"}, 403, "cross_site"},
				{"foreign Host (DNS rebinding)", "POST", "/api/client-errors", "evil.example", "application/json", body,
					[]string{"Origin", "http://evil.example"}, 403, "foreign_host"},
				{"foreign Host, GET", "GET", "/api/health", "evil.example:8765", "", "", nil, 403, "foreign_host"},
				{"foreign Host, page", "GET", "/", "evil.example", "", "", nil, 403, "foreign_host"},
				{"no Host", "GET", "/api/health", "", "", "", nil, 403, "foreign_host"},
				{"text/plain POST", "POST", "/api/client-errors", d.host, "text/plain", body,
					[]string{"Origin", own}, 415, "json_required"},
				{"text/plain POST, no Origin", "POST", "/api/client-errors", d.host, "text/plain;charset=UTF-8", body, nil, 415, "json_required"},
				{"form POST", "POST", "/api/client-errors", d.host, "application/x-www-form-urlencoded", "a=b", nil, 415, "json_required"},
				{"POST without a type", "POST", "/api/client-errors", d.host, "", body, nil, 415, "json_required"},
				{"DELETE as text", "DELETE", "/api/practice/x", d.host, "text/plain", "", nil, 415, "json_required"},
			}
			for _, c := range cases {
				req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
				req.Host = c.host
				if c.ctype != "" {
					req.Header.Set("Content-Type", c.ctype)
				}
				for i := 0; i+1 < len(c.hdr); i += 2 {
					req.Header.Set(c.hdr[i], c.hdr[i+1])
				}
				before := reached
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != c.status {
					t.Errorf("%s: status %d, want %d: %s", c.name, rec.Code, c.status, rec.Body)
					continue
				}
				if c.code != "" {
					if !strings.Contains(rec.Body.String(), `"code":"`+c.code+`"`) {
						t.Errorf("%s: body %s, want code %s", c.name, rec.Body, c.code)
					}
					if reached != before {
						t.Errorf("%s: a refused request reached the API", c.name)
					}
				}
			}
		})
	}
}

func TestHostsOf(t *testing.T) {
	for _, c := range []struct {
		u    string
		want []string
	}{
		{"http://192.168.1.5:8080/", []string{"192.168.1.5:8080"}},
		{"http://tram.local/", []string{"tram.local", "tram.local:80"}},
		{"http://tram.local:80/", []string{"tram.local:80", "tram.local"}},
		{"https://tram.example/", []string{"tram.example", "tram.example:443"}},
		{"http://[fd00::5]:8080/", []string{"[fd00::5]:8080"}},
		{"http://[fd00::5]/", []string{"[fd00::5]", "[fd00::5]:80"}},
	} {
		u, _ := url.Parse(c.u)
		if got := HostsOf(u); !slices.Equal(got, c.want) {
			t.Errorf("HostsOf(%s) = %q, want %q", c.u, got, c.want)
		}
	}
	if HostsOf(nil) != nil {
		t.Error("no URL, no hosts")
	}
}

func TestListenerHosts(t *testing.T) {
	ifaces := func() ([]net.Addr, error) {
		return []net.Addr{&net.IPNet{IP: net.IPv4(127, 0, 0, 1), Mask: net.CIDRMask(8, 32)},
			&net.IPNet{IP: net.IPv4(192, 168, 1, 5), Mask: net.CIDRMask(24, 32)}}, nil
	}
	for _, c := range []struct {
		addr string
		want []string
	}{
		{"127.0.0.1:8765", []string{"127.0.0.1:8765", "localhost:8765"}},
		{"192.168.1.5:8080", []string{"192.168.1.5:8080"}},
		{"0.0.0.0:8765", []string{"0.0.0.0:8765", "localhost:8765", "127.0.0.1:8765", "192.168.1.5:8765"}},
	} {
		a, _ := net.ResolveTCPAddr("tcp", c.addr)
		if got := ListenerHosts(a, ifaces); !slices.Equal(got, c.want) {
			t.Errorf("ListenerHosts(%s) = %q, want %q", c.addr, got, c.want)
		}
	}
}
