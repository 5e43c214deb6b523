package api

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tramhocso/app/speech"
)

// poster posts body to path on one door's API from addr; it returns the status.
func poster(door Door, deps Deps) func(addr, path, body string) int {
	h := New(door, deps)
	return func(addr, path, body string) int {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.RemoteAddr = addr
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
}

const secretText = "Nguyễn Văn An 0912345678"

// TestClientErrorsLimited: reports are limited per address (429 after the
// burst, another address unaffected, one more after the interval); log
// lines are sampled per door with the left-out count in the next line; the
// phone door logs the codes only, never the message.
func TestClientErrorsLimited(t *testing.T) {
	body := `{"screen":"home","code":"boom","message":"` + secretText + `"}`
	for _, door := range []Door{DoorKiosk, DoorPhone} {
		t.Run(string(door), func(t *testing.T) {
			f := &fixture{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
			send := poster(door, f.deps())
			for i := range clientErrBurst {
				if code := send("192.168.50.10:4000", "/api/client-errors", body); code != 204 {
					t.Fatalf("report %d: %d", i, code)
				}
			}
			if code := send("192.168.50.10:4001", "/api/client-errors", body); code != 429 {
				t.Fatalf("over the per-address burst: %d, want 429", code)
			}
			if code := send("192.168.50.11:4000", "/api/client-errors", body); code != 204 {
				t.Fatalf("another address: %d", code)
			}
			f.now = f.now.Add(clientErrInterval)
			if code := send("192.168.50.10:4002", "/api/client-errors", body); code != 204 {
				t.Fatalf("after the interval: %d", code)
			}
			if got := strings.Contains(f.logs.String(), "Nguy"); got != (door == DoorKiosk) {
				t.Errorf("message text in the %s door's log: %v (want %v)", door, got, door == DoorKiosk)
			}
			if !strings.Contains(f.logs.String(), "code=boom") {
				t.Error("the codes must be logged")
			}

			// Many addresses: every report accepted, the log lines sampled.
			f = &fixture{now: f.now}
			send = poster(door, f.deps())
			for i := range 3 * clientErrLogBurst {
				if code := send(fmt.Sprintf("192.168.51.%d:4000", i), "/api/client-errors", body); code != 204 {
					t.Fatalf("address %d: %d", i, code)
				}
			}
			if n := strings.Count(f.logs.String(), "client error"); n != clientErrLogBurst {
				t.Fatalf("%d log lines, want the burst of %d", n, clientErrLogBurst)
			}
			f.now = f.now.Add(clientErrLogInterval)
			send("192.168.52.1:4000", "/api/client-errors", body)
			if l := lastLine(f.logs.String(), "client error"); !strings.Contains(l, fmt.Sprintf("not_logged_before=%d", 2*clientErrLogBurst)) {
				t.Errorf("the next line must count the reports left out: %s", l)
			}
		})
	}
}

// lastLine is the last line of s that contains sub.
func lastLine(s, sub string) string {
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], sub) {
			return lines[i]
		}
	}
	return ""
}

// TestPhoneSpeechLimited: read-aloud on the phone door is limited per
// address; the kiosk door is not.
func TestPhoneSpeechLimited(t *testing.T) {
	f := &fixture{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	deps := f.deps()
	deps.Speech = speech.New(speech.Options{Binary: "espeak-ng-not-installed"})
	phone, kiosk := poster(DoorPhone, deps), poster(DoorKiosk, deps)
	const body = `{"text":"Xin chào","lang":"vi"}`
	for i := range phoneSpeechBurst {
		if code := phone("192.168.50.10:4000", "/api/speech", body); code != 503 {
			t.Fatalf("phone request %d: %d, want 503 (no espeak-ng here)", i, code)
		}
	}
	if code := phone("192.168.50.10:4000", "/api/speech", body); code != 429 {
		t.Fatalf("over the burst: %d, want 429", code)
	}
	if code := phone("192.168.50.11:4000", "/api/speech", body); code != 503 {
		t.Fatalf("another phone: %d", code)
	}
	for i := range 2 * phoneSpeechBurst {
		if code := kiosk("127.0.0.1:4000", "/api/speech", body); code != 503 {
			t.Fatalf("kiosk request %d: %d, want 503 (not limited)", i, code)
		}
	}
}

// TestPhoneWritesLimited: state-changing requests on the phone door are
// limited per address (each is a bbolt write the kiosk screen's writes
// queue behind); reads are not, and the kiosk door is not.
func TestPhoneWritesLimited(t *testing.T) {
	f := &fixture{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	phone, kiosk := poster(DoorPhone, f.deps()), poster(DoorKiosk, f.deps())
	const body = `{"pack":"khai-sinh","sample":true}`
	for i := range phoneWriteBurst {
		if code := phone("192.168.50.10:4000", "/api/practice/0123456789abcdef0123456789abcdef/end", body); code == 429 {
			t.Fatalf("write %d refused within the burst", i)
		}
	}
	if code := phone("192.168.50.10:4000", "/api/practice/0123456789abcdef0123456789abcdef/end", body); code != 429 {
		t.Fatalf("over the burst: %d, want 429", code)
	}
	if code := phone("192.168.50.11:4000", "/api/practice/0123456789abcdef0123456789abcdef/end", body); code == 429 {
		t.Fatal("another phone must not be limited")
	}
	f.now = f.now.Add(phoneWriteInterval)
	if code := phone("192.168.50.10:4000", "/api/practice/0123456789abcdef0123456789abcdef/end", body); code == 429 {
		t.Fatal("one more after the interval")
	}
	h := New(DoorPhone, f.deps())
	for range 2 * phoneWriteBurst {
		req := httptest.NewRequest("GET", "/api/catalog", nil)
		req.RemoteAddr = "192.168.50.10:4000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("reads are not limited: %d", rec.Code)
		}
	}
	for i := range 2 * phoneWriteBurst {
		if code := kiosk("127.0.0.1:4000", "/api/practice/0123456789abcdef0123456789abcdef/end", body); code == 429 {
			t.Fatalf("kiosk write %d limited", i)
		}
	}
}
