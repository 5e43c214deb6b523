package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var makeFixtures = flag.Bool("make-fixtures", false, "write the missing testdata/schema-v*.db fixtures")

// fixtureSessionID is a session stored in the version 2 fixture.
const fixtureSessionID = "0123456789abcdef0123456789abcdef"

// fixtureBuilders write each schema version's layout as it was, frozen:
// they must not use the current migrations or constants, which move on.
var fixtureBuilders = map[int]func(tx *bolt.Tx) error{
	1: func(tx *bolt.Tx) error {
		return putVersion(tx, 1)
	},
	2: func(tx *bolt.Tx) error {
		if err := putVersion(tx, 2); err != nil {
			return err
		}
		s, err := tx.CreateBucket([]byte("sessions"))
		if err != nil {
			return err
		}
		x, err := tx.CreateBucket([]byte("sessions_by_expiry"))
		if err != nil {
			return err
		}
		id, _ := hex.DecodeString(fixtureSessionID)
		rec := `{"v":1,"id":"` + fixtureSessionID + `","pack":"khai-sinh","pack_version":3,"door":"kiosk","status":"active",` +
			`"created":"2026-11-20T08:00:00Z","touched":"2026-11-20T08:05:00Z","expires":"2026-11-20T08:15:00Z","step":"nguoi-yeu-cau",` +
			`"payload":"eyJhbnN3ZXJzIjp7fX0=","summary":{"passed":2,"mistakes":{"cccd":1},"hints":{"cccd":1}}}`
		if err := s.Put(id, []byte(rec)); err != nil {
			return err
		}
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], uint64(time.Date(2026, 11, 20, 8, 15, 0, 0, time.UTC).UnixNano()))
		return x.Put(append(k[:], id...), nil)
	},
}

func putVersion(tx *bolt.Tx, v uint64) error {
	meta, err := tx.CreateBucket([]byte("meta"))
	if err != nil {
		return err
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], v)
	return meta.Put([]byte("schema_version"), buf[:])
}

func fixturePath(v int) string { return filepath.Join("testdata", fmt.Sprintf("schema-v%d.db", v)) }

// TestFixtures: every schema version up to the current one has a fixture.
// After adding a migration, add its builder above and run
//
//	go test ./app/store -run TestFixtures -make-fixtures
//
// which writes only the missing files (past fixtures are history).
func TestFixtures(t *testing.T) {
	for v := 1; v <= SchemaVersion; v++ {
		p := fixturePath(v)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		build, ok := fixtureBuilders[v]
		if !*makeFixtures || !ok {
			t.Errorf("%s is missing: add a builder for version %d and run with -make-fixtures", p, v)
			continue
		}
		b, err := bolt.Open(p, 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Update(build); err != nil {
			t.Fatal(err)
		}
		b.Close()
		t.Logf("wrote %s", p)
	}
}

func TestMigrateFixtures(t *testing.T) {
	for v := 1; v <= SchemaVersion; v++ {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			src, err := os.ReadFile(fixturePath(v))
			if err != nil {
				t.Fatalf("fixture: %v", err)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), src, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err := Open(dir, Options{})
			if err != nil {
				t.Fatalf("opening a version %d file: %v", v, err)
			}
			defer db.Close()
			if got, err := db.SchemaVersion(); err != nil || got != SchemaVersion {
				t.Fatalf("schema version %d, %v; want %d", got, err, SchemaVersion)
			}
			if err := db.Check(); err != nil {
				t.Fatal(err)
			}
			db.Bolt().View(func(tx *bolt.Tx) error {
				for _, name := range []string{BucketMeta, BucketSessions, BucketSessionsByExpiry} {
					if tx.Bucket([]byte(name)) == nil {
						t.Errorf("bucket %s missing after migrating from version %d", name, v)
					}
				}
				if v >= 2 {
					id, _ := hex.DecodeString(fixtureSessionID)
					rec := tx.Bucket([]byte(BucketSessions)).Get(id)
					if !bytes.Contains(rec, []byte(`"pack":"khai-sinh"`)) {
						t.Errorf("the fixture's session did not survive the migration: %q", rec)
					}
				}
				return nil
			})
		})
	}
}

func TestOpenNewerSchema(t *testing.T) {
	dir := t.TempDir()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { return putVersion(tx, SchemaVersion+1) })
	b.Close()
	_, err = Open(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "newer than this program") || !strings.Contains(err.Error(), FileName) {
		t.Fatalf("got %v, want a refusal naming the file", err)
	}
}
