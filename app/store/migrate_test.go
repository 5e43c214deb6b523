package store

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
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
	3: func(tx *bolt.Tx) error {
		if err := putVersion(tx, 3); err != nil {
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
		// An ended session (encoding v2): no answers, sealed or not.
		id, _ := hex.DecodeString(fixtureSessionID)
		rec := `{"v":2,"id":"` + fixtureSessionID + `","pack":"khai-sinh","pack_version":3,"door":"kiosk","status":"finished",` +
			`"created":"2026-11-20T08:00:00Z","touched":"2026-11-20T08:05:00Z","ended":"2026-11-20T08:06:00Z","expires":"2026-11-21T08:06:00Z",` +
			`"step":"xong","summary":{"passed":9,"mistakes":{"cccd":1},"hints":{"cccd":1}}}`
		if err := s.Put(id, []byte(rec)); err != nil {
			return err
		}
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], uint64(time.Date(2026, 11, 21, 8, 6, 0, 0, time.UTC).UnixNano()))
		return x.Put(append(k[:], id...), nil)
	},
}

// The plain-answers fixture is a version 2 file as a kiosk left it: a live
// session whose answers (with plainMarker) were saved five times, so that
// old versions of the record sit in free pages, and an ended one.
const (
	plainFixture    = "testdata/schema-v2-plain-answers.db"
	plainMarker     = "DAU-VET-9f3c-NGUYEN-THI-MARKER"
	plainLiveID     = "11111111111111111111111111111111"
	plainEndedID    = "22222222222222222222222222222222"
	plainEndedLater = "2026-11-21T08:06:00Z"
)

func buildPlainFixture(b *bolt.DB) error {
	for n := 1; n <= 5; n++ {
		err := b.Update(func(tx *bolt.Tx) error {
			if n == 1 {
				if err := putVersion(tx, 2); err != nil {
					return err
				}
				for _, name := range []string{"sessions", "sessions_by_expiry"} {
					if _, err := tx.CreateBucket([]byte(name)); err != nil {
						return err
					}
				}
			}
			s, x := tx.Bucket([]byte("sessions")), tx.Bucket([]byte("sessions_by_expiry"))
			payload := base64.StdEncoding.EncodeToString(fmt.Appendf(nil,
				`{"answers":{"ho_ten":"%s-%d","mk":"%s-password"},"pad":%q}`, plainMarker, n, plainMarker, strings.Repeat("p", 900*n)))
			live, _ := hex.DecodeString(plainLiveID)
			rec := `{"v":1,"id":"` + plainLiveID + `","pack":"khai-sinh","pack_version":3,"door":"kiosk","status":"handed_off",` +
				`"created":"2026-11-20T08:00:00Z","touched":"2026-11-20T08:05:00Z","expires":"2026-11-20T08:15:00Z","step":"nguoi-yeu-cau",` +
				`"payload":"` + payload + `","summary":{"passed":2},"handoff":{"token_hash":"AQID","claimed":"2026-11-20T08:04:00Z"}}`
			if err := s.Put(live, []byte(rec)); err != nil {
				return err
			}
			var k [8]byte
			binary.BigEndian.PutUint64(k[:], uint64(time.Date(2026, 11, 20, 8, 15, 0, 0, time.UTC).UnixNano()))
			if err := x.Put(append(k[:], live...), nil); err != nil {
				return err
			}
			if n < 5 {
				return nil
			}
			ended, _ := hex.DecodeString(plainEndedID)
			rec = `{"v":1,"id":"` + plainEndedID + `","pack":"khai-sinh","pack_version":3,"door":"phone","status":"finished",` +
				`"created":"2026-11-20T08:00:00Z","touched":"2026-11-20T08:05:00Z","ended":"2026-11-20T08:06:00Z","expires":"` + plainEndedLater + `",` +
				`"step":"xong","summary":{"passed":9}}`
			if err := s.Put(ended, []byte(rec)); err != nil {
				return err
			}
			binary.BigEndian.PutUint64(k[:], uint64(time.Date(2026, 11, 21, 8, 6, 0, 0, time.UTC).UnixNano()))
			return x.Put(append(k[:], ended...), nil)
		})
		if err != nil {
			return err
		}
	}
	return nil
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
	if _, err := os.Stat(plainFixture); err != nil {
		if !*makeFixtures {
			t.Fatalf("%s is missing: run with -make-fixtures", plainFixture)
		}
		b, err := bolt.Open(plainFixture, 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := buildPlainFixture(b); err != nil {
			t.Fatal(err)
		}
		b.Close()
		t.Logf("wrote %s", plainFixture)
	}
}

// TestMigrationDropsPlainAnswers: a version 2 file whose answers are in
// plain text, in a live record and in free pages, holds none of them after
// Open (migration 3 drops the live record, compaction with scrub drops the
// free pages), and the old file's blocks were overwritten; the ended
// session is kept, as encoding v2.
func TestMigrationDropsPlainAnswers(t *testing.T) {
	src, err := os.ReadFile(plainFixture)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	found := 0
	for _, form := range markerForms(plainMarker) {
		found += bytes.Count(src, form)
	}
	if found < 2 {
		t.Fatalf("the fixture holds the marker %d times, want it in the live record and in free pages: the test would prove nothing", found)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(path) // the inode compaction replaces
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	img, _ := os.ReadFile(path)
	oldImg, _ := io.ReadAll(old)
	for name, b := range map[string][]byte{"the migrated file": img, "the replaced file": oldImg} {
		for _, form := range markerForms(plainMarker) {
			if bytes.Contains(b, form) {
				t.Errorf("%s still holds %q", name, form)
			}
		}
	}
	if bytes.ContainsFunc(oldImg, func(r rune) bool { return r != 0 }) {
		t.Error("the replaced file was not overwritten with zeros")
	}
	db.Bolt().View(func(tx *bolt.Tx) error {
		s := tx.Bucket([]byte(BucketSessions))
		live, _ := hex.DecodeString(plainLiveID)
		ended, _ := hex.DecodeString(plainEndedID)
		if s.Get(live) != nil {
			t.Error("the live session with plain-text answers is still there")
		}
		if v := s.Get(ended); !bytes.Contains(v, []byte(`"v":2`)) || !bytes.Contains(v, []byte(plainEndedLater)) {
			t.Errorf("the ended session is not kept as encoding v2: %s", v)
		}
		if n := tx.Bucket([]byte(BucketSessionsByExpiry)).Stats().KeyN; n != 1 {
			t.Errorf("%d expiry entries, want the ended session's only", n)
		}
		return nil
	})
}

// markerForms are the spellings of a marker that a file could hold: as it
// is, in base64 at each of the three alignments (payloads are base64 in
// JSON), and JSON-escaped.
func markerForms(marker string) [][]byte {
	forms := [][]byte{[]byte(marker)}
	for shift := range 3 {
		e := base64.StdEncoding.EncodeToString(append(make([]byte, shift), marker...))
		// Drop the characters that depend on the bytes around the marker.
		start := (shift*8 + 5) / 6
		forms = append(forms, []byte(e[start:len(e)-4]))
	}
	q, _ := json.Marshal(marker)
	forms = append(forms, q[1:len(q)-1])
	return forms
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
				id, _ := hex.DecodeString(fixtureSessionID)
				rec := tx.Bucket([]byte(BucketSessions)).Get(id)
				switch {
				case v == 2 && rec != nil:
					// Live, with answers in plain text: migration 3 drops it.
					t.Errorf("the fixture's live session with plain-text answers survived the migration: %q", rec)
				case v >= 3 && !bytes.Contains(rec, []byte(`"pack":"khai-sinh"`)):
					t.Errorf("the fixture's session did not survive the migration: %q", rec)
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
