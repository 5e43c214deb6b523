package api

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"tramhocso/app/handoff"
)

// Limits on what one door's clients share (docs/handoff.md, threat model).
// A phone is a stranger on the Wi-Fi: what it can make the kiosk do per
// address is bounded, and it can never use up what the kiosk screen needs.
const (
	// Client-error reports: a burst, then one per interval, per address.
	clientErrBurst    = 10
	clientErrInterval = 30 * time.Second
	// Log lines for client errors, per door: a burst, then one per
	// interval; the reports in between are counted, not logged.
	clientErrLogBurst    = 20
	clientErrLogInterval = 10 * time.Second
	// Read-aloud on the phone door: a burst (a whole step read out, one
	// button after another), then one per interval, per address.
	phoneSpeechBurst    = 30
	phoneSpeechInterval = 2 * time.Second
	// Every state-changing request on the phone door (a step, a claim, a
	// start, …): a burst, then one per interval, per address. Each is an
	// fsync'd bbolt transaction, and the kiosk screen's writes queue behind
	// the same single writer; a person submits a step every few seconds.
	phoneWriteBurst    = 60
	phoneWriteInterval = 100 * time.Millisecond

	limiterClients = 4096 // addresses each limiter remembers
)

// doorLimits are one door's limiters (a Server serves one door).
type doorLimits struct {
	clientErrors *handoff.Limiter
	speech       *handoff.Limiter // nil: not limited (the kiosk door)
	writes       *handoff.Limiter // nil: not limited (the kiosk door)

	mu      sync.Mutex
	logs    *rate.Limiter
	dropped int // client-error reports not logged since the last line
}

func newDoorLimits(door Door) *doorLimits {
	l := &doorLimits{
		clientErrors: handoff.NewLimiter(clientErrInterval, clientErrBurst, limiterClients),
		logs:         rate.NewLimiter(rate.Every(clientErrLogInterval), clientErrLogBurst),
	}
	if door == DoorPhone {
		l.speech = handoff.NewLimiter(phoneSpeechInterval, phoneSpeechBurst, limiterClients)
		l.writes = handoff.NewLimiter(phoneWriteInterval, phoneWriteBurst, limiterClients)
	}
	return l
}

// sampleLog reports whether a client error may be logged now and, if so,
// how many were left out before it; when not, it counts this one.
func (l *doorLimits) sampleLog(now time.Time) (ok bool, droppedBefore int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.logs.AllowN(now, 1) {
		l.dropped++
		return false, 0
	}
	n := l.dropped
	l.dropped = 0
	return true, n
}

// countDropped counts a report refused by the per-address limit.
func (l *doorLimits) countDropped() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropped++
}

func errSlowDown() *Error {
	return Errorf(http.StatusTooManyRequests, "slow_down",
		"Máy đang nhận quá nhiều yêu cầu từ thiết bị này. Vui lòng đợi một chút rồi thử lại.",
		"Too many requests from this device. Please wait a moment and try again.")
}
