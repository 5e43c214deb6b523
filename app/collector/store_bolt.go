package collector

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	bucketBatches  = []byte("batches")  // batch id → boltBatch (JSON)
	bucketTotals   = []byte("totals")   // counterKey joined by sep → uint64
	bucketKiosks   = []byte("kiosks")   // kiosk id → KioskState (JSON)
	bucketAccounts = []byte("accounts") // name → Account (JSON)
	bucketSessions = []byte("sessions") // SHA-256 of the cookie → Session (JSON)
	bucketMeta     = []byte("meta")     // "schema_version" → uint64
	keySchema      = []byte("schema_version")
)

const sep = "\x1f"

// boltMigrations are applied in order, each once, in one transaction; the
// meta bucket records how many have been applied. Files written before
// versioning had the first three buckets: migration 1 is idempotent.
var boltMigrations = []func(tx *bolt.Tx) error{
	1: func(tx *bolt.Tx) error { return createBuckets(tx, bucketBatches, bucketTotals, bucketKiosks) },
	2: func(tx *bolt.Tx) error { return createBuckets(tx, bucketAccounts) },
	3: func(tx *bolt.Tx) error { return createBuckets(tx, bucketSessions) },
}

func createBuckets(tx *bolt.Tx, names ...[]byte) error {
	for _, b := range names {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return nil
}

type boltStore struct{ db *bolt.DB }

type boltBatch struct {
	KioskID    string    `json:"kiosk_id"`
	ReceivedAt time.Time `json:"received_at"`
	SentAt     string    `json:"sent_at,omitempty"`
	SHA256     []byte    `json:"sha256"`
	Body       []byte    `json:"body"`
}

// OpenBolt opens (creating when needed) a collector bbolt file and brings
// its layout up to date.
func OpenBolt(path string) (Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("opening collector database %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		v := uint64(0)
		if b := meta.Get(keySchema); len(b) == 8 {
			v = binary.BigEndian.Uint64(b)
		}
		if v > uint64(len(boltMigrations)-1) {
			return fmt.Errorf("schema version %d is newer than this program knows (%d): upgrade tramhocso", v, len(boltMigrations)-1)
		}
		for i := int(v) + 1; i < len(boltMigrations); i++ {
			if err := boltMigrations[i](tx); err != nil {
				return fmt.Errorf("migration %d: %w", i, err)
			}
		}
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], uint64(len(boltMigrations)-1))
		return meta.Put(keySchema, buf[:])
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("initialising collector database %s: %w", path, err)
	}
	return &boltStore{db: db}, nil
}

func (s *boltStore) Close() error { return s.db.Close() }

func (s *boltStore) Put(ctx context.Context, r BatchRecord) (Result, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var result Result
	err := s.db.Update(func(tx *bolt.Tx) error {
		bb := tx.Bucket(bucketBatches)
		id := []byte(r.Batch.BatchID)
		if old := bb.Get(id); old != nil {
			var st boltBatch
			if err := json.Unmarshal(old, &st); err != nil {
				return fmt.Errorf("reading stored batch %s: %w", id, err)
			}
			result = Conflict
			if bytes.Equal(st.SHA256, r.SHA256) {
				result = AlreadyHaveIt
			}
			return nil
		}
		rec, err := json.Marshal(boltBatch{KioskID: r.Batch.KioskID, ReceivedAt: r.ReceivedAt, SentAt: r.SentAt, SHA256: r.SHA256, Body: r.Body})
		if err != nil {
			return err
		}
		if err := bb.Put(id, rec); err != nil {
			return err
		}
		tb := tx.Bucket(bucketTotals)
		for _, c := range r.counters() {
			if err := addU64(tb, joinKey(c.k), c.n); err != nil {
				return err
			}
		}
		kb := tx.Bucket(bucketKiosks)
		var ks KioskState
		if old := kb.Get([]byte(r.Batch.KioskID)); old != nil {
			if err := json.Unmarshal(old, &ks); err != nil {
				return fmt.Errorf("reading kiosk %s: %w", r.Batch.KioskID, err)
			}
		}
		ks.apply(r)
		raw, err := json.Marshal(ks)
		if err != nil {
			return err
		}
		result = Stored
		return kb.Put([]byte(r.Batch.KioskID), raw)
	})
	return result, wrapf(err, "storing batch %s", r.Batch.BatchID)
}

func joinKey(k counterKey) []byte {
	return []byte(strings.Join([]string{k.Province, k.Commune, k.Kiosk, k.Pack, strconv.Itoa(k.PackVersion), k.Day, k.Step, k.Kind, k.Error}, sep))
}

func addU64(b *bolt.Bucket, key []byte, n uint64) error {
	var cur uint64
	if v := b.Get(key); len(v) == 8 {
		cur = binary.BigEndian.Uint64(v)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], cur+n)
	return b.Put(key, buf[:])
}

func (s *boltStore) EachBatch(ctx context.Context, fn func(id string, body []byte) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBatches).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var st boltBatch
			if err := json.Unmarshal(v, &st); err != nil {
				return fmt.Errorf("batch %s: %w", k, err)
			}
			return fn(string(k), st.Body)
		})
	})
}

func (s *boltStore) Batch(ctx context.Context, id string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketBatches).Get([]byte(id))
		if v == nil {
			return nil
		}
		var st boltBatch
		if err := json.Unmarshal(v, &st); err != nil {
			return err
		}
		out = st.Body
		return nil
	})
	return out, wrapf(err, "reading batch %s", id)
}

func (s *boltStore) Sums(ctx context.Context, q Query, fn func(Sum) error) error {
	// A province's 90 days are millions of keys: parse them in place and
	// allocate only for each distinct sum.
	acc := map[string]*uint64{}
	var order []string
	var buf []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachPrefix(tx.Bucket(bucketTotals), scopePrefixes(q.Scope), func(k, v []byte) error {
			var idx [8]int
			n := 0
			for i, c := range k {
				if c == sep[0] {
					if n == 8 {
						return nil
					}
					idx[n] = i
					n++
				}
			}
			if n != 8 || len(v) != 8 {
				return nil
			}
			day := k[idx[4]+1 : idx[5]]
			if (q.From != "" && string(day) < q.From) || (q.To != "" && string(day) > q.To) {
				return nil
			}
			if !q.Scope.All {
				if string(k[:idx[0]]) != q.Scope.Province {
					return nil
				}
				if len(q.Scope.Communes) > 0 && !containsBytes(q.Scope.Communes, k[idx[0]+1:idx[1]]) {
					return nil
				}
			}
			// province␟commune␟kiosk␟pack␟day-or-empty␟step␟kind␟error
			buf = append(buf[:0], k[:idx[3]+1]...)
			if q.ByDay {
				buf = append(buf, day...)
			}
			buf = append(buf, k[idx[5]:]...)
			if p, ok := acc[string(buf)]; ok {
				*p += binary.BigEndian.Uint64(v)
				return nil
			}
			key := string(buf)
			nv := binary.BigEndian.Uint64(v)
			acc[key] = &nv
			order = append(order, key)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("reading totals: %w", err)
	}
	for _, key := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		f := strings.Split(key, sep)
		if err := fn(Sum{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], *acc[key]}); err != nil {
			return err
		}
	}
	return nil
}

// scopePrefixes are the key prefixes a scope covers (keys start with
// province␟commune␟), so a commune's report reads only its own keys.
func scopePrefixes(sc Scope) [][]byte {
	switch {
	case sc.All:
		return [][]byte{nil}
	case len(sc.Communes) == 0:
		return [][]byte{[]byte(sc.Province + sep)}
	}
	communes := slices.Clone(sc.Communes)
	slices.Sort(communes)
	var out [][]byte
	for _, c := range slices.Compact(communes) { // a commune listed twice is read once
		out = append(out, []byte(sc.Province+sep+c+sep))
	}
	return out
}

func eachPrefix(b *bolt.Bucket, prefixes [][]byte, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for _, p := range prefixes {
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			if err := fn(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsBytes(list []string, b []byte) bool {
	for _, s := range list {
		if s == string(b) {
			return true
		}
	}
	return false
}

func (s *boltStore) Kiosks(ctx context.Context) ([]KioskState, error) {
	var out []KioskState
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketKiosks).ForEach(func(k, v []byte) error {
			var ks KioskState
			if err := json.Unmarshal(v, &ks); err != nil {
				return fmt.Errorf("kiosk %s: %w", k, err)
			}
			ks.Kiosk = string(k)
			out = append(out, ks)
			return nil
		})
	})
	return out, wrapf(err, "reading kiosks")
}

func (s *boltStore) PutAccount(ctx context.Context, a Account) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return wrapf(s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).Put([]byte(a.Name), raw)
	}), "saving account %s", a.Name)
}

func (s *boltStore) Account(ctx context.Context, name string) (*Account, error) {
	var out *Account
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketAccounts).Get([]byte(name))
		if v == nil {
			return nil
		}
		out = &Account{}
		return json.Unmarshal(v, out)
	})
	return out, wrapf(err, "reading account %s", name)
}

func (s *boltStore) Accounts(ctx context.Context) ([]Account, error) {
	var out []Account
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).ForEach(func(k, v []byte) error {
			var a Account
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("account %s: %w", k, err)
			}
			out = append(out, a)
			return nil
		})
	})
	return out, wrapf(err, "reading accounts")
}

func (s *boltStore) CreateSession(ctx context.Context, se Session) error {
	raw, err := json.Marshal(se)
	if err != nil {
		return err
	}
	return wrapf(s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		var stale [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var old Session
			if json.Unmarshal(v, &old) != nil || old.Expires.Before(se.Expires.Add(-sessionTTL)) {
				stale = append(stale, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range stale {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return b.Put(se.IDHash, raw)
	}), "saving a session")
}

func (s *boltStore) Session(ctx context.Context, idHash []byte, now time.Time) (*Session, error) {
	var out *Session
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSessions).Get(idHash)
		if v == nil {
			return nil
		}
		var se Session
		if err := json.Unmarshal(v, &se); err != nil {
			return err
		}
		if se.Expires.After(now) {
			se.IDHash = append([]byte(nil), idHash...)
			out = &se
		}
		return nil
	})
	return out, wrapf(err, "reading a session")
}

func (s *boltStore) DeleteSession(ctx context.Context, idHash []byte) error {
	return wrapf(s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete(idHash) }), "deleting a session")
}
