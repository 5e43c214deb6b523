package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// seeded makes a database with some data in dir and returns its bytes.
func seeded(t *testing.T, dir string) []byte {
	t.Helper()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Bolt().Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(BucketSessions))
		for i := range 300 {
			if err := b.Put(fmt.Appendf(nil, "key-%04d", i), bytes.Repeat([]byte{byte(i)}, 200)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantCorrupt checks Open's answer for a damaged file, and that the file
// was left exactly as it was.
func wantCorrupt(t *testing.T, dir string, damaged []byte) {
	t.Helper()
	db, err := Open(dir, Options{})
	if err == nil {
		db.Close()
	}
	var ce *CorruptError
	if !errors.As(err, &ce) {
		t.Fatalf("Open: got %v, want a CorruptError", err)
	}
	msg := err.Error()
	for _, want := range []string{filepath.Join(dir, FileName), "backup", "sao lưu"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	now, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(now, damaged) {
		t.Errorf("Open changed the damaged file (%d bytes, was %d)", len(now), len(damaged))
	}
}

func TestOpenTruncated(t *testing.T) {
	dir := t.TempDir()
	good := seeded(t, dir)
	page := os.Getpagesize()
	hw := highWater(t, dir)
	for _, size := range []int{0, 100, page, 2 * page, 3 * page, hw / 2, hw - page, hw - 1} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, FileName), good[:size], 0o600); err != nil {
				t.Fatal(err)
			}
			wantCorrupt(t, dir, good[:size])
		})
	}
}

func TestOpenCorruptMetaPages(t *testing.T) {
	dir := t.TempDir()
	good := seeded(t, dir)
	page := os.Getpagesize()
	bad := bytes.Clone(good)
	for _, off := range []int{16, page + 16} { // inside both meta pages
		for i := range 32 {
			bad[off+i] ^= 0x5a
		}
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), bad, 0o600); err != nil {
		t.Fatal(err)
	}
	wantCorrupt(t, dir, bad)
}

// TestOpenCorruptPages scribbles over each page's header in turn: Open must
// answer CorruptError, or (for a page that was free) open a sound file.
func TestOpenCorruptPages(t *testing.T) {
	dir := t.TempDir()
	good := seeded(t, dir)
	page := os.Getpagesize()
	caught := 0
	for p := 2; p < len(good)/page; p++ {
		bad := bytes.Clone(good)
		copy(bad[p*page:], bytes.Repeat([]byte{0xff}, 16))
		if err := os.WriteFile(filepath.Join(dir, FileName), bad, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(dir, Options{})
		var ce *CorruptError
		switch {
		case errors.As(err, &ce):
			caught++
		case err != nil:
			t.Fatalf("page %d: got %v, want CorruptError or success", p, err)
		default:
			if err := db.Check(); err != nil {
				t.Errorf("page %d: opened a file that fails its check: %v", p, err)
			}
			db.Close()
		}
	}
	if caught == 0 {
		t.Fatal("no damaged page was noticed")
	}
}

// TestOpenRandomDamage flips random bytes: never a crash, and a file that
// opens passes bbolt's check.
func TestOpenRandomDamage(t *testing.T) {
	dir := t.TempDir()
	good := seeded(t, dir)
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range 60 {
		bad := bytes.Clone(good)
		for range 1 + rng.IntN(8) {
			bad[rng.IntN(len(bad))] = byte(rng.Uint32())
		}
		if err := os.WriteFile(filepath.Join(dir, FileName), bad, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(dir, Options{})
		var ce *CorruptError
		switch {
		case errors.As(err, &ce):
		case err != nil:
			t.Fatalf("round %d: got %v, want CorruptError or success", i, err)
		default:
			if err := db.Check(); err != nil {
				t.Errorf("round %d: opened a file that fails its check: %v", i, err)
			}
			db.Close()
		}
	}
}

func TestOpenReadOnlyDataDir(t *testing.T) {
	t.Run("new", func(t *testing.T) {
		dir := readOnlyDir(t, nil)
		_, err := Open(dir, Options{})
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), dir) {
			t.Fatalf("got %v, want ErrReadOnly naming %s", err, dir)
		}
	})
	t.Run("existing", func(t *testing.T) {
		src := t.TempDir()
		good := seeded(t, src)
		dir := readOnlyDir(t, good)
		_, err := Open(dir, Options{})
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), dir) {
			t.Fatalf("got %v, want ErrReadOnly naming %s", err, dir)
		}
	})
}

// readOnlyDir is a directory this process cannot write, holding db as the
// database when given: a read-only tmpfs mount when running as root (root
// ignores permission bits), else a directory with mode 0500.
func readOnlyDir(t *testing.T, db []byte) string {
	t.Helper()
	dir := t.TempDir()
	if db != nil {
		if err := os.WriteFile(filepath.Join(dir, FileName), db, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() != 0 {
		os.Chmod(filepath.Join(dir, FileName), 0o400)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return dir
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=4m,mode=0700"); err != nil {
		t.Skipf("running as root without permission to mount a tmpfs (%v): cannot make a read-only directory", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	if db != nil {
		if err := os.WriteFile(filepath.Join(mnt, FileName), db, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, "size=4m"); err != nil {
		t.Fatal(err)
	}
	return mnt
}

// TestDiskFull fills a tmpfs of 256 KiB (root) or a MaxSize-capped file: the
// failing write is ErrDiskFull, nothing of it is stored, and the file
// stays sound.
func TestDiskFull(t *testing.T) {
	cases := map[string]func(t *testing.T) (string, Options){
		"max size": func(t *testing.T) (string, Options) { return t.TempDir(), Options{MaxSize: 256 << 10} },
		"full tmpfs": func(t *testing.T) (string, Options) {
			if os.Geteuid() != 0 {
				t.Skip("mounting a small tmpfs needs root")
			}
			mnt := t.TempDir()
			if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=256k"); err != nil {
				t.Skipf("cannot mount a tmpfs: %v", err)
			}
			t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
			return mnt, Options{}
		},
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			dir, opts := setup(t)
			db, err := Open(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			stored := 0
			for i := range 1000 {
				err = WriteErr(db.Bolt().Update(func(tx *bolt.Tx) error {
					return tx.Bucket([]byte(BucketSessions)).Put(fmt.Appendf(nil, "k%04d", i), bytes.Repeat([]byte{'x'}, 8000))
				}))
				if err != nil {
					break
				}
				stored++
			}
			t.Logf("%d writes before: %v", stored, err)
			if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk is full") {
				t.Fatalf("after %d writes: got %v, want ErrDiskFull", stored, err)
			}
			n := 0
			db.Bolt().View(func(tx *bolt.Tx) error {
				n = tx.Bucket([]byte(BucketSessions)).Stats().KeyN
				return nil
			})
			if n != stored {
				t.Errorf("%d keys stored, want the %d acknowledged", n, stored)
			}
			if err := db.Check(); err != nil {
				t.Errorf("check after a full disk: %v", err)
			}
		})
	}
}

// highWater is the file length the database's meta page claims.
func highWater(t *testing.T, dir string) int {
	t.Helper()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var n int64
	b.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return int(n)
}
