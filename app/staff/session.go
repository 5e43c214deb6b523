package staff

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"time"
)

// Staff sessions live in memory only: a restart logs the staff out, which
// is what a restart should do. The map holds token hashes, never tokens.

func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return string(sum[:])
}

func (s *Service) newSession(now time.Time) (string, time.Time, error) {
	var b [32]byte
	if _, err := io.ReadFull(s.opts.Random, b[:]); err != nil {
		return "", time.Time{}, fmt.Errorf("staff: making a session token: %w", err)
	}
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	exp := now.Add(s.opts.SessionTTL)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(now)
	for len(s.sessions) >= maxSessions { // drop the one ending first
		var oldest string
		for k, e := range s.sessions {
			if oldest == "" || e.Before(s.sessions[oldest]) {
				oldest = k
			}
		}
		delete(s.sessions, oldest)
	}
	s.sessions[tokenKey(tok)] = exp
	return tok, exp, nil
}

func (s *Service) pruneLocked(now time.Time) {
	for k, e := range s.sessions {
		if !now.Before(e) {
			delete(s.sessions, k)
		}
	}
}

// Session reports whether token is a live staff session and, when it is,
// extends it by the session TTL and returns the new expiry.
func (s *Service) Session(token string) (time.Time, bool) {
	if token == "" {
		return time.Time{}, false
	}
	now := s.opts.Now()
	key := tokenKey(token)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(now)
	for k := range s.sessions { // constant-time compare of the hashes
		if subtle.ConstantTimeCompare([]byte(k), []byte(key)) == 1 {
			exp := now.Add(s.opts.SessionTTL)
			s.sessions[k] = exp
			return exp, true
		}
	}
	return time.Time{}, false
}

// Logout ends the staff session of token (nothing when it is unknown).
func (s *Service) Logout(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, tokenKey(token))
}
