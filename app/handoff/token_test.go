package handoff

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func newTokens(t *testing.T) (*Tokens, *bolt.DB) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "t.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	toks, err := NewTokens(db, 3*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return toks, db
}

func TestTokenLifecycle(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		claimAt time.Duration // after issue
		before  func(t *testing.T, toks *Tokens, token string)
		mangle  func(string) string
		want    error
	}{
		{name: "claim in time", claimAt: time.Minute},
		{name: "claim just before expiry", claimAt: 3*time.Minute - time.Nanosecond},
		{name: "expired", claimAt: 3 * time.Minute, want: ErrExpired},
		{name: "reused", claimAt: time.Minute, want: ErrUsed, before: func(t *testing.T, toks *Tokens, token string) {
			if _, err := toks.Claim(token, t0.Add(30*time.Second)); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "rotated away", claimAt: time.Minute, want: ErrExpired, before: func(t *testing.T, toks *Tokens, _ string) {
			if _, _, err := toks.Issue("s1", t0.Add(20*time.Second)); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "session revoked", claimAt: time.Minute, want: ErrExpired, before: func(t *testing.T, toks *Tokens, _ string) {
			if err := toks.RevokeSession("s1"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "forged, right shape", claimAt: time.Minute, want: ErrUnknown, mangle: func(s string) string {
			if s[0] == 'A' {
				return "B" + s[1:]
			}
			return "A" + s[1:]
		}},
		{name: "forged, wrong shape", claimAt: time.Minute, want: ErrUnknown, mangle: func(s string) string { return s + "=" }},
		{name: "empty", claimAt: time.Minute, want: ErrUnknown, mangle: func(string) string { return "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, _ := newTokens(t)
			token, exp, err := toks.Issue("s1", t0)
			if err != nil || !exp.Equal(t0.Add(3*time.Minute)) || len(token) != 22 {
				t.Fatalf("issue: %q %v %v", token, exp, err)
			}
			if tt.before != nil {
				tt.before(t, toks, token)
			}
			if tt.mangle != nil {
				token = tt.mangle(token)
			}
			session, err := toks.Claim(token, t0.Add(tt.claimAt))
			if !errors.Is(err, tt.want) {
				t.Fatalf("claim: %q, %v; want %v", session, err, tt.want)
			}
			if tt.want == nil && session != "s1" {
				t.Fatalf("claimed session %q", session)
			}
			if claimed, err := toks.Claimed("s1"); err != nil || claimed != (tt.want == nil && tt.mangle == nil || tt.want == ErrUsed) {
				t.Fatalf("Claimed = %v, %v", claimed, err)
			}
		})
	}
}

func TestTokensAreUniqueAndOnlyHashed(t *testing.T) {
	toks, db := newTokens(t)
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		tok, _, err := toks.Issue("s", time.Now())
		if err != nil || seen[tok] {
			t.Fatalf("duplicate or error: %v", err)
		}
		seen[tok] = true
	}
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTokens).ForEach(func(k, v []byte) error {
			if seen[string(k)] || len(k) != 32 {
				t.Fatalf("a raw token is stored as a key")
			}
			for tok := range seen {
				if string(v) == tok {
					t.Fatal("a raw token is stored as a value")
				}
			}
			return nil
		})
	})
}

func TestSweep(t *testing.T) {
	toks, _ := newTokens(t)
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	used, _, _ := toks.Issue("a", t0)
	toks.Claim(used, t0.Add(time.Second))
	toks.Issue("b", t0.Add(50*time.Minute))
	if n, err := toks.Sweep(t0.Add(30 * time.Minute)); err != nil || n != 0 {
		t.Fatalf("nothing is old enough yet: %d %v", n, err)
	}
	if _, err := toks.Claim(used, t0.Add(30*time.Minute)); !errors.Is(err, ErrUsed) {
		t.Fatalf("a used code is remembered for an hour: %v", err)
	}
	if n, err := toks.Sweep(t0.Add(64 * time.Minute)); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if _, err := toks.Claim(used, t0.Add(65*time.Minute)); !errors.Is(err, ErrUnknown) {
		t.Fatalf("after the sweep the code is unknown: %v", err)
	}
}

func FuzzClaim(f *testing.F) {
	f.Add("q83vEjRWeJq83vEjRWeJqw")
	f.Add("")
	f.Add("../../etc/passwd")
	db, err := bolt.Open(filepath.Join(f.TempDir(), "t.db"), 0o600, nil)
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	toks, _ := NewTokens(db, 0)
	f.Fuzz(func(t *testing.T, token string) {
		if _, err := toks.Claim(token, time.Now()); !errors.Is(err, ErrUnknown) {
			t.Fatalf("an unissued code must be unknown, got %v", err)
		}
	})
}
