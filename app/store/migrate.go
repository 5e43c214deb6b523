package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this build reads and writes: the number of
// migrations below.
const SchemaVersion = 3

// A migration moves the file from version to-1 to version to. Migrations run
// at Open, all in the one transaction that also records the new version, so
// a crash or a full disk leaves the file at its old version, untouched.
//
// To change the layout: append a migration, bump SchemaVersion, and add
// testdata/schema-v<new>.db (TestFixtures says how); the fixtures of past
// versions are history and never change.
type migration struct {
	to    int
	name  string
	apply func(tx *bolt.Tx) error
}

var migrations = [...]migration{
	{1, "meta bucket with the schema version", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists([]byte(BucketMeta))
		return err
	}},
	{2, "sessions and their expiry index", func(tx *bolt.Tx) error {
		for _, name := range []string{BucketSessions, BucketSessionsByExpiry} {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	}},
	{3, "session answers sealed: plain-text answers dropped", dropPlainAnswers},
}

// dropPlainAnswers is migration 3. Up to schema version 2 a live session's
// record (encoding v1) held its answers in plain text; from version 3 they
// are sealed under a per-session key (encoding v2, docs/sessions.md). The
// plain-text answers are not sealed after the fact: they are in the file's
// free pages anyway, and a session in progress while the kiosk is upgraded is
// not worth keeping them for. So a record that still has them ("payload" or
// "handoff") is deleted with its expiry entries; an ended one (which has
// neither) becomes encoding v2 unchanged. Open then compacts the file and
// overwrites the old one (maybeCompact), so no free page keeps them either.
//
// Frozen: it knows the v1 encoding as it was, not the session package.
func dropPlainAnswers(tx *bolt.Tx) error {
	sessions, idx := tx.Bucket([]byte("sessions")), tx.Bucket([]byte("sessions_by_expiry"))
	if sessions == nil || idx == nil {
		return nil
	}
	type rewrite struct{ k, v []byte }
	var drop [][]byte
	var keep []rewrite
	err := sessions.ForEach(func(k, v []byte) error {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(v, &rec); err != nil {
			drop = append(drop, bytes.Clone(k)) // unreadable: it may hold answers
			return nil
		}
		_, payload := rec["payload"]
		_, handoff := rec["handoff"]
		if payload || handoff || string(rec["v"]) != "1" {
			drop = append(drop, bytes.Clone(k))
			return nil
		}
		rec["v"] = json.RawMessage("2")
		nv, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		keep = append(keep, rewrite{bytes.Clone(k), nv})
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range drop {
		if err := sessions.Delete(k); err != nil {
			return err
		}
	}
	for _, r := range keep {
		if err := sessions.Put(r.k, r.v); err != nil {
			return err
		}
	}
	var stale [][]byte
	err = idx.ForEach(func(k, _ []byte) error {
		if len(k) <= 8 || sessions.Get(k[8:]) == nil {
			stale = append(stale, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range stale {
		if err := idx.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// readVersion is the stored schema version; 0 for a file that has none yet.
func readVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket([]byte(BucketMeta))
	if meta == nil {
		return 0, nil
	}
	v := meta.Get([]byte(keySchemaVersion))
	switch {
	case v == nil:
		return 0, nil
	case len(v) != 8:
		return 0, fmt.Errorf("schema version is %d bytes, want 8", len(v))
	}
	n := binary.BigEndian.Uint64(v)
	if n > 1<<20 {
		return 0, fmt.Errorf("schema version %d is not plausible", n)
	}
	return int(n), nil
}

// migrate brings the file to SchemaVersion, returning the version it found.
func (db *DB) migrate() (from int, err error) {
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		from, err = readVersion(tx)
		if err != nil {
			return &CorruptError{Path: db.path, Detail: err.Error()}
		}
		if from > SchemaVersion {
			//lint:ignore ST1005 shown to staff as it is: a Vietnamese sentence, then its English
			return fmt.Errorf("Tệp dữ liệu %[1]s có phiên bản %[2]d, mới hơn chương trình này (%[3]d): hãy cập nhật Trạm Học Số / "+
				"database %[1]s has schema version %[2]d, newer than this program (%[3]d): update Trạm Học Số", db.path, from, SchemaVersion)
		}
		for _, m := range migrations[from:] {
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("migrating %s to schema version %d (%s): %w", db.path, m.to, m.name, err)
			}
		}
		if from == SchemaVersion {
			return nil
		}
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], SchemaVersion)
		return tx.Bucket([]byte(BucketMeta)).Put([]byte(keySchemaVersion), buf[:])
	})
	return from, classify(err)
}
