package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

var secret = []byte("NGUYỄN VĂN AN 001089012345")

// grow writes n large values holding secret, then overwrites them with
// small ones: the file keeps its size, mostly free pages.
func grow(t testing.TB, db *DB, n int) {
	t.Helper()
	val := bytes.Repeat(append(bytes.Clone(secret), ' '), 200)
	for i := range n {
		err := db.Bolt().Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(BucketSessions)).Put(fmt.Appendf(nil, "s%05d", i), val)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := db.Bolt().Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(BucketSessions))
		for i := range n {
			if err := b.Put(fmt.Appendf(nil, "s%05d", i), []byte("wiped")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCompactionAtOpen(t *testing.T) {
	dir := t.TempDir()
	opts := Options{CompactMinSize: 1 << 20, NoSync: true}
	db, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	grow(t, db, 400)
	before, _ := db.Usage()
	db.Close()
	raw, _ := os.ReadFile(filepath.Join(dir, FileName))
	t.Logf("before: %+v; erased values still in free pages: %v", before, bytes.Contains(raw, secret))
	if !before.needsCompaction(opts.CompactMinSize) {
		t.Fatalf("the test did not grow the file enough: %+v", before)
	}

	db, err = Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, _ := db.Usage()
	if after.FileBytes >= before.FileBytes/4 {
		t.Errorf("compaction: %d bytes → %d", before.FileBytes, after.FileBytes)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	db.Bolt().View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(BucketSessions))
		if n := b.Stats().KeyN; n != 400 || string(b.Get([]byte("s00399"))) != "wiped" {
			t.Errorf("after compaction: %d keys, s00399 = %q", n, b.Get([]byte("s00399")))
		}
		return nil
	})
	raw, _ = os.ReadFile(filepath.Join(dir, FileName))
	if bytes.Contains(raw, secret) {
		t.Error("the compacted file still holds erased values")
	}
	if _, err := os.Stat(filepath.Join(dir, FileName+".compact")); err == nil {
		t.Error("the temporary compaction file was left behind")
	}
	// Small or mostly live files are left alone.
	if (Usage{FileBytes: 1 << 20, LiveBytes: 1 << 19}).needsCompaction(1) || (Usage{FileBytes: 100, LiveBytes: 1}).needsCompaction(1<<20) {
		t.Error("needsCompaction is too eager")
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	seeded(t, dir)
	dest := filepath.Join(t.TempDir(), "copy.db")

	// Offline: no kiosk runs.
	n, online, err := BackupTo(ctx, dir, dest)
	if err != nil || online || n == 0 {
		t.Fatalf("offline backup: %d bytes, online %v, %v", n, online, err)
	}
	checkCopy(t, dest, 300)

	// Online: the kiosk holds the lock and keeps writing.
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := db.ListenBackup()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			db.Bolt().Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte(BucketSessions)).Put(fmt.Appendf(nil, "live-%d", i), []byte("v"))
			})
		}
	}()
	for range 3 {
		n, online, err = BackupTo(ctx, dir, dest)
		if err != nil || !online || n == 0 {
			t.Fatalf("online backup: %d bytes, online %v, %v", n, online, err)
		}
		checkCopy(t, dest, 300)
	}
	close(stop)
	<-done

	if _, _, err := BackupTo(ctx, t.TempDir(), dest); err == nil {
		t.Error("backing up a directory without a database succeeded")
	}
}

// checkCopy opens a backup as a database of its own.
func checkCopy(t *testing.T, path string, atLeast int) {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, FileName), b, 0o600)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer db.Close()
	db.Bolt().View(func(tx *bolt.Tx) error {
		if n := tx.Bucket([]byte(BucketSessions)).Stats().KeyN; n < atLeast {
			t.Errorf("the backup holds %d keys, want at least %d", n, atLeast)
		}
		return nil
	})
}
