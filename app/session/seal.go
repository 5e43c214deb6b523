package session

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/store"
)

// Crypto-shredding (docs/sessions.md). A live session's personal data, its
// Payload and HandOff, is stored only as Record.Sealed:
//
//	Sealed = nonce (12 random bytes) ‖ AES-256-GCM(key, plain, aad)
//	plain  = uvarint(len(h)) ‖ h ‖ Payload   (h: the HandOff as JSON, empty when nil)
//	aad    = "tramhocso-session-v2" ‖ the 16-byte session id
//
// under a key of its own that lives in the key file (store.Keys), never in
// the bbolt file. Every write seals afresh with a new nonce (one key seals at
// most a few thousand times, far below the 2^32 random-nonce bound). When the
// session ends the record is rewritten without Sealed and, once that commit
// is on disk, the key's slot is overwritten with zeros: every copy of the
// answers the database file ever held (old record versions in free pages,
// backups) is then ciphertext under a key that no longer exists.

const (
	nonceSize    = 12
	sealOverhead = nonceSize + 16 // nonce + GCM tag
	aadPrefix    = "tramhocso-session-v2"
)

// errKeyGone: the record is live but its key is not in the key file (the
// database was restored from a backup, the key file was replaced, or a crash
// came between destroying a key and committing the end). Its answers can
// never be read again, so it counts as ended; the sweeper expires it.
var errKeyGone = fmt.Errorf("%w (the key of its answers is gone, so they cannot be read)", ErrEnded)

func aead(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func aad(id []byte) []byte { return append([]byte(aadPrefix), id...) }

// seal sets r.Sealed from r.Payload and r.HandOff with key.
func seal(r *Record, id, key []byte) error {
	var h []byte
	if r.HandOff != nil {
		var err error
		if h, err = json.Marshal(r.HandOff); err != nil {
			return fmt.Errorf("sealing the answers: %w", err)
		}
	}
	plain := binary.AppendUvarint(nil, uint64(len(h)))
	plain = append(plain, h...)
	plain = append(plain, r.Payload...)
	g, err := aead(key)
	if err != nil {
		return fmt.Errorf("sealing the answers: %w", err)
	}
	out := make([]byte, nonceSize, sealOverhead+len(plain))
	rand.Read(out) // never fails (crypto/rand, Go 1.24+)
	r.Sealed = g.Seal(out, out, plain, aad(id))
	clear(plain)
	return nil
}

// unseal sets r.Payload and r.HandOff from r.Sealed with key.
func unseal(r *Record, id, key []byte) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("session record %s: field sealed: %s", r.ID, fmt.Sprintf(format, args...))
	}
	if len(r.Sealed) < sealOverhead {
		return fail("%d bytes, too short", len(r.Sealed))
	}
	g, err := aead(key)
	if err != nil {
		return fail("%v", err)
	}
	plain, err := g.Open(nil, r.Sealed[:nonceSize], r.Sealed[nonceSize:], aad(id))
	if err != nil {
		return fail("does not open with the session's key (%v)", err)
	}
	n, w := binary.Uvarint(plain)
	if w <= 0 || n > uint64(len(plain)-w) {
		return fail("bad hand-off length")
	}
	h, payload := plain[w:w+int(n)], plain[w+int(n):]
	r.HandOff = nil
	if len(h) > 0 {
		r.HandOff = new(HandOff)
		if err := json.Unmarshal(h, r.HandOff); err != nil {
			return fail("hand-off: %v", err)
		}
	}
	r.Payload = nil
	if len(payload) > 0 {
		r.Payload = payload
	}
	r.canonical()
	return r.validate()
}

// keyID is a session's bbolt key (its 16 id bytes) as the key file's id.
func keyID(b []byte) (id [store.KeyIDLen]byte) {
	copy(id[:], b)
	return id
}

// sealFor seals r for storage under key: a live record with its session's
// key, an ended one with nothing.
func (m *Manager) sealFor(r *Record, id []byte) error {
	if !r.Status.Live() {
		r.Sealed = nil
		return nil
	}
	k, ok := m.keys.Key(keyID(id))
	if !ok {
		return errKeyGone
	}
	defer clear(k)
	return seal(r, id, k)
}

// open unseals a live record read from the file.
func (m *Manager) open(r *Record, id []byte) error {
	if !r.Status.Live() {
		return nil
	}
	k, ok := m.keys.Key(keyID(id))
	if !ok {
		return errKeyGone
	}
	defer clear(k)
	return unseal(r, id, k)
}

// destroyAfterCommit destroys the session's key once tx has committed (the
// record without answers is on disk first: a crash in between leaves a key
// whose session has ended, which the next sweep destroys).
func (m *Manager) destroyAfterCommit(tx *bolt.Tx, id []byte) {
	kid := keyID(id)
	tx.OnCommit(func() {
		if err := m.keys.Destroy(kid); err != nil {
			m.log.Error("destroying a session key failed; the next sweep retries", "err", err)
		}
	})
}

// destroyOrphanKeys destroys every key whose session is not live any more
// (or whose record is gone or unreadable): what a crash between an end's
// commit and its key's destruction, or a failed destruction, leaves behind.
// Start creates a key inside its write transaction, so the final check runs
// in one too, after any such Start has committed.
func (m *Manager) destroyOrphanKeys(ctx context.Context) error {
	orphans := func(tx *bolt.Tx, ids [][store.KeyIDLen]byte) [][store.KeyIDLen]byte {
		var out [][store.KeyIDLen]byte
		b := tx.Bucket([]byte(store.BucketSessions))
		for _, id := range ids {
			v := b.Get(id[:])
			if v == nil {
				out = append(out, id)
				continue
			}
			r, err := DecodeRecord(v)
			if err != nil || !r.Status.Live() {
				out = append(out, id)
			}
		}
		return out
	}
	var cand [][store.KeyIDLen]byte
	_ = m.db.View(func(tx *bolt.Tx) error {
		cand = orphans(tx, m.keys.IDs())
		return nil
	})
	if len(cand) == 0 {
		return nil
	}
	var sure [][store.KeyIDLen]byte
	if err := m.update(ctx, func(tx *bolt.Tx) error {
		sure = orphans(tx, cand)
		return nil
	}); err != nil {
		return fmt.Errorf("checking session keys: %w", err)
	}
	var errs []error
	for _, id := range sure {
		errs = append(errs, m.keys.Destroy(id))
	}
	return errors.Join(errs...)
}
