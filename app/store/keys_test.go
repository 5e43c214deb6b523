package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func testID(n int) (id [KeyIDLen]byte) {
	id[0], id[1], id[15] = byte(n), byte(n>>8), 0xa5
	return id
}

// TestKeysLifecycle: keys survive a reopen; a destroyed key is gone from
// memory and from every byte of the file; the file grows past its first
// slots and reuses freed ones.
func TestKeysLifecycle(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[[KeyIDLen]byte][]byte{}
	for n := range 150 { // more than keyGrow: the file grows twice
		k, err := db.Keys().Create(testID(n))
		if err != nil {
			t.Fatal(err)
		}
		if len(k) != KeyLen || bytes.Equal(k, make([]byte, KeyLen)) {
			t.Fatalf("key %x", k)
		}
		keys[testID(n)] = k
	}
	if _, err := db.Keys().Create(testID(3)); !errors.Is(err, ErrKeyExists) {
		t.Fatalf("a second key for one id: %v", err)
	}
	for n := 0; n < 150; n += 2 {
		if err := db.Keys().Destroy(testID(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Keys().Destroy(testID(0)); err != nil {
		t.Fatalf("destroying twice: %v", err)
	}
	path := filepath.Join(dir, KeyFileName)
	size := fileSize(t, path)
	db.Close()

	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	img, _ := os.ReadFile(path)
	for n := range 150 {
		k, ok := db.Keys().Key(testID(n))
		if n%2 == 0 {
			if ok {
				t.Errorf("destroyed key %d is back", n)
			}
			if bytes.Contains(img, keys[testID(n)]) {
				t.Errorf("the file still holds destroyed key %d", n)
			}
			continue
		}
		if !ok || !bytes.Equal(k, keys[testID(n)]) {
			t.Errorf("key %d after reopening: %x, %v", n, k, ok)
		}
	}
	if got := len(db.Keys().IDs()); got != 75 {
		t.Errorf("%d keys, want 75", got)
	}
	for n := 1000; n < 1075; n++ { // reuses the freed slots
		if _, err := db.Keys().Create(testID(n)); err != nil {
			t.Fatal(err)
		}
	}
	if got := fileSize(t, path); got != size {
		t.Errorf("the key file grew from %d to %d bytes with free slots to reuse", size, got)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestKeysTornSlots: slots that do not check out after a crash (a torn write,
// a trailing partial slot) are zeroed at open; the good keys stay.
func TestKeysTornSlots(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := db.Keys().Create(testID(1))
	torn, _ := db.Keys().Create(testID(2))
	db.Close()
	path := filepath.Join(dir, KeyFileName)
	img, _ := os.ReadFile(path)
	i := bytes.Index(img, torn)
	img[i+5] ^= 0xff                                  // half-overwritten key
	img = append(img, bytes.Repeat([]byte{9}, 20)...) // a growth cut short
	os.WriteFile(path, img, 0o600)

	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if k, ok := db.Keys().Key(testID(1)); !ok || !bytes.Equal(k, good) {
		t.Error("the good key is lost")
	}
	if _, ok := db.Keys().Key(testID(2)); ok {
		t.Error("the torn key was accepted")
	}
	img, _ = os.ReadFile(path)
	if bytes.Contains(img, torn[6:]) {
		t.Error("the torn slot was not zeroed")
	}
	if _, err := db.Keys().Create(testID(3)); err != nil {
		t.Fatal(err)
	}
}

func TestKeysForeignFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, KeyFileName), bytes.Repeat([]byte("x"), 4096), 0o600)
	_, err := Open(dir, Options{})
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Path != filepath.Join(dir, KeyFileName) {
		t.Fatalf("got %v, want a CorruptError naming the key file", err)
	}
}

// TestBackupHoldsNoKeys: a backup is the database only; the keys are in a
// file of their own that no backup copies.
func TestBackupHoldsNoKeys(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := db.Keys().Create(testID(7))
	var buf bytes.Buffer
	if _, err := db.Backup(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if bytes.Contains(buf.Bytes(), key) {
		t.Fatal("the backup holds a session key")
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	if _, _, err := BackupTo(t.Context(), dir, dest); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dest)
	if bytes.Contains(b, key) {
		t.Fatal("the offline backup holds a session key")
	}
}

// TestKeyFileTakesTheDatabasesOwner: opened by root (a doctor run with
// sudo) on a kiosk user's database, the new key file and a compacted copy
// belong to that user, not to root.
func TestKeyFileTakesTheDatabasesOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give files away")
	}
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Bolt().Update(func(tx *bolt.Tx) error { // free pages, so that compaction runs
		b, _ := tx.CreateBucket([]byte("filler"))
		for i := range 200 {
			b.Put([]byte{byte(i)}, bytes.Repeat([]byte{1}, 4000))
		}
		return nil
	})
	db.Bolt().Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("filler")) })
	db.Close()
	os.Remove(filepath.Join(dir, KeyFileName))
	const uid, gid = 4242, 4343
	if err := os.Chown(filepath.Join(dir, FileName), uid, gid); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(filepath.Join(dir, FileName))
	db, err = Open(dir, Options{CompactMinSize: 1}) // compacts: the copy must keep the owner too
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if after, _ := os.Stat(filepath.Join(dir, FileName)); os.SameFile(before, after) {
		t.Fatal("the database was not compacted")
	}
	for _, name := range []string{KeyFileName, FileName} {
		st, _ := os.Stat(filepath.Join(dir, name))
		if s := st.Sys().(*syscall.Stat_t); s.Uid != uid || s.Gid != gid {
			t.Errorf("%s belongs to %d:%d, want %d:%d", name, s.Uid, s.Gid, uid, gid)
		}
	}
}
