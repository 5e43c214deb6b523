package store

import (
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Usage describes how much of the file holds live data.
type Usage struct {
	FileBytes int64 // the file's size on disk
	LiveBytes int64 // bytes in use by live data (keys, values, page headers, meta, freelist)
	FreePages int   // pages free or pending in bbolt's freelist
	PageSize  int
}

// Usage measures the file.
func (db *DB) Usage() (Usage, error) {
	st, err := os.Stat(db.path)
	if err != nil {
		return Usage{}, fmt.Errorf("measuring %s: %w", db.path, err)
	}
	u := Usage{FileBytes: st.Size()}
	err = db.bolt.View(func(tx *bolt.Tx) error {
		u.PageSize = db.bolt.Info().PageSize
		u.LiveBytes = int64(3 * u.PageSize) // two meta pages and the root
		err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			s := b.Stats()
			u.LiveBytes += int64(s.BranchInuse + s.LeafInuse + s.InlineBucketInuse)
			return nil
		})
		st := db.bolt.Stats()
		u.FreePages = st.FreePageN + st.PendingPageN
		u.LiveBytes += int64(st.FreelistInuse)
		return err
	})
	return u, err
}

// needsCompaction: the file is big and less than a third of it is live
// data. Free pages are only part of the waste: bbolt rebalances a page only
// when it falls below a quarter full, so records that shrink (a session's
// answers erased at its end) leave pages a quarter full for good. A
// compacted file fills its pages, so it is far below the threshold and
// compaction does not repeat at every start.
func (u Usage) needsCompaction(minSize int64) bool {
	return minSize > 0 && u.FileBytes >= minSize && u.FileBytes > 3*u.LiveBytes
}

// maybeCompact compacts a file that needs it, and always one migrated from
// schema version 2 (or older with sessions): those hold answers in plain
// text, in live records and in free pages, and compaction with scrub is the
// only way to take them off the disk (docs/sessions.md).
func (db *DB) maybeCompact(migratedFrom int) error {
	u, err := db.Usage()
	if err != nil {
		return err
	}
	scrub := migratedFrom == 2
	if !scrub && !u.needsCompaction(db.opts.CompactMinSize) {
		return nil
	}
	return db.compact(u, scrub)
}

// compact copies the live data into a new file with bbolt's own Compact,
// checks the copy, renames it over the database and reopens it.
//
// The rename happens while this process still holds the lock on the old
// file, and openRW refuses a lock on a file that is no longer at the path,
// so two kiosks can never both run: one that started meanwhile either gets
// the new file (and this one stops with ErrLocked) or waits.
//
// Until the rename, a failure only costs the compaction: it is logged and
// the kiosk goes on with the uncompacted file.
//
// With scrub, the old file's bytes are overwritten with zeros (in place,
// then fsync'd) once the new file is in place, so that its free pages do not
// survive in the blocks the file system frees.
func (db *DB) compact(before Usage, scrub bool) error {
	tmp := db.path + ".compact"
	_ = os.Remove(tmp)
	fail := func(err error) error {
		_ = os.Remove(tmp)
		db.log.Warn("database compaction skipped", "db", db.path, "err", err)
		return nil
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: db.opts.LockTimeout, NoSync: db.opts.NoSync})
	if err != nil {
		return fail(err)
	}
	err = bolt.Compact(dst, db.bolt, 0)
	if err == nil {
		err = dst.View(func(tx *bolt.Tx) error {
			var problems []error
			for err := range tx.Check() {
				problems = append(problems, err)
			}
			return errors.Join(problems...)
		})
	}
	if err == nil && !db.opts.NoSync {
		err = dst.Sync()
	}
	if err == nil {
		// The copy replaces the database: it keeps its owner (a doctor
		// run as root must not leave a file the kiosk's user cannot write).
		err = chownLike(tmp, db.path)
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(classify(err))
	}
	var old *os.File
	if scrub {
		if old, err = os.OpenFile(db.path, os.O_WRONLY, 0); err != nil {
			return fail(err)
		}
		defer old.Close()
	}
	if err := os.Rename(tmp, db.path); err != nil {
		return fail(err)
	}
	if err := syncDir(dirOf(db.path)); err != nil {
		db.log.Warn("syncing the data directory after compaction", "err", err)
	}
	db.bolt.Close()
	if old != nil {
		if err := zeroFile(old, before.FileBytes); err != nil {
			db.log.Warn("overwriting the database file replaced by compaction", "err", err)
		}
	}
	b, err := openRW(db.path, db.opts)
	if err != nil {
		return err
	}
	db.bolt = b
	after, _ := db.Usage()
	db.log.Info("database compacted", "db", db.path, "before_bytes", before.FileBytes, "after_bytes", after.FileBytes)
	return nil
}

// zeroFile overwrites the first n bytes of f with zeros, in place, and
// syncs it.
func zeroFile(f *os.File, n int64) error {
	buf := make([]byte, 1<<20)
	for off := int64(0); off < n; off += int64(len(buf)) {
		if _, err := f.WriteAt(buf[:min(int64(len(buf)), n-off)], off); err != nil {
			return err
		}
	}
	return f.Sync()
}
