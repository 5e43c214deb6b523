package handoff

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	bucketTokens    = []byte("handoff_tokens")     // sha256(token) → tokenRecord
	bucketBySession = []byte("handoff_by_session") // session id → sha256 of its current token
)

// Token errors, each with its own HTTP meaning at the API (404 / 410 / 410).
var (
	ErrUnknown = errors.New("handoff: unknown hand-off code")
	ErrUsed    = errors.New("handoff: this hand-off code was already used")
	ErrExpired = errors.New("handoff: this hand-off code has expired")
)

// DefaultTTL is how long a hand-off code works.
const DefaultTTL = 3 * time.Minute

// keepAfterExpiry is how long a used or expired code is remembered, so a
// second scan says "already used" instead of "unknown".
const keepAfterExpiry = time.Hour

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)

type tokenRecord struct {
	Session  string    `json:"s"`
	Expires  time.Time `json:"e"`
	UsedAt   time.Time `json:"u,omitzero"`
	Replaced bool      `json:"r,omitempty"`
}

// Tokens issues and claims one-time hand-off codes in the kiosk's database.
type Tokens struct {
	db  *bolt.DB
	ttl time.Duration
}

// NewTokens creates the buckets it needs. ttl ≤ 0 means DefaultTTL.
func NewTokens(db *bolt.DB, ttl time.Duration) (*Tokens, error) {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	err := db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketTokens, bucketBySession} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("creating bucket %s: %w", b, err)
			}
		}
		return nil
	})
	return &Tokens{db: db, ttl: ttl}, err
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Issue makes a new code for sessionID, valid until the returned time. The
// session's previous code stops working (the QR on screen rotates).
func (t *Tokens) Issue(sessionID string, now time.Time) (token string, expires time.Time, err error) {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", time.Time{}, fmt.Errorf("handoff: reading randomness: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(raw[:])
	expires = now.Add(t.ttl)
	err = t.db.Update(func(tx *bolt.Tx) error {
		toks, by := tx.Bucket(bucketTokens), tx.Bucket(bucketBySession)
		if prev := by.Get([]byte(sessionID)); prev != nil {
			if rec, ok := getRecord(toks, prev); ok && rec.UsedAt.IsZero() {
				rec.Replaced = true
				if err := putRecord(toks, prev, rec); err != nil {
					return err
				}
			}
		}
		h := hashToken(token)
		if err := putRecord(toks, h, tokenRecord{Session: sessionID, Expires: expires}); err != nil {
			return err
		}
		return by.Put([]byte(sessionID), h)
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("handoff: storing a new code: %w", err)
	}
	return token, expires, nil
}

// ClaimTx uses a code inside the caller's transaction (so moving the session
// to the phone and spending the code commit together) and returns the
// session it belongs to.
func (t *Tokens) ClaimTx(tx *bolt.Tx, token string, now time.Time) (string, error) {
	if !tokenRE.MatchString(token) {
		return "", ErrUnknown
	}
	toks := tx.Bucket(bucketTokens)
	if toks == nil {
		return "", ErrUnknown
	}
	h := hashToken(token)
	rec, ok := getRecord(toks, h)
	switch {
	case !ok:
		return "", ErrUnknown
	case !rec.UsedAt.IsZero():
		return "", ErrUsed
	case rec.Replaced || !now.Before(rec.Expires):
		return "", ErrExpired
	}
	rec.UsedAt = now
	if err := putRecord(toks, h, rec); err != nil {
		return "", err
	}
	return rec.Session, nil
}

// Claim uses a code in its own transaction.
func (t *Tokens) Claim(token string, now time.Time) (session string, err error) {
	err = t.db.Update(func(tx *bolt.Tx) error {
		session, err = t.ClaimTx(tx, token, now)
		return err
	})
	return session, err
}

// RevokeSession makes every code of a session stop working (the session
// ended or moved).
func (t *Tokens) RevokeSession(sessionID string) error {
	return t.db.Update(func(tx *bolt.Tx) error {
		toks, by := tx.Bucket(bucketTokens), tx.Bucket(bucketBySession)
		if prev := by.Get([]byte(sessionID)); prev != nil {
			if rec, ok := getRecord(toks, prev); ok && rec.UsedAt.IsZero() {
				rec.Replaced = true
				if err := putRecord(toks, prev, rec); err != nil {
					return err
				}
			}
		}
		return by.Delete([]byte(sessionID))
	})
}

// Sweep forgets codes that expired more than an hour ago and returns how many.
func (t *Tokens) Sweep(now time.Time) (int, error) {
	n := 0
	err := t.db.Update(func(tx *bolt.Tx) error {
		toks, by := tx.Bucket(bucketTokens), tx.Bucket(bucketBySession)
		c := toks.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var rec tokenRecord
			if json.Unmarshal(v, &rec) == nil && now.Before(rec.Expires.Add(keepAfterExpiry)) {
				continue
			}
			if cur := by.Get([]byte(rec.Session)); cur != nil && string(cur) == string(k) {
				if err := by.Delete([]byte(rec.Session)); err != nil {
					return err
				}
			}
			if err := c.Delete(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func getRecord(b *bolt.Bucket, key []byte) (tokenRecord, bool) {
	var rec tokenRecord
	v := b.Get(key)
	if v == nil || json.Unmarshal(v, &rec) != nil {
		return rec, false
	}
	return rec, true
}

func putRecord(b *bolt.Bucket, key []byte, rec tokenRecord) error {
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return b.Put(key, v)
}

// Claimed reports whether the latest code issued for sessionID was used:
// the session went to a phone (this stays true after the phone finishes,
// until the code is swept).
func (t *Tokens) Claimed(sessionID string) (bool, error) {
	claimed := false
	err := t.db.View(func(tx *bolt.Tx) error {
		h := tx.Bucket(bucketBySession).Get([]byte(sessionID))
		if h == nil {
			return nil
		}
		rec, ok := getRecord(tx.Bucket(bucketTokens), h)
		claimed = ok && !rec.UsedAt.IsZero()
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("handoff: reading the codes of a session: %w", err)
	}
	return claimed, nil
}
