package store

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FileName is the database file inside the data directory.
const FileName = "tramhocso.db"

// DB is the open kiosk database.
type DB struct {
	bolt *bolt.DB
	keys *Keys
	path string
	opts Options
	log  *slog.Logger
}

// Options tune Open; the zero value is what the kiosk uses.
type Options struct {
	// LockTimeout is how long to wait for the file lock (default 1s).
	LockTimeout time.Duration
	// CompactMinSize: at Open, a file at least this big (default 8 MiB) whose
	// live data is less than a third of it is compacted. Negative: never.
	CompactMinSize int64
	// MaxSize caps the file in bytes (0: no cap); tests use it to stand in
	// for a full disk.
	MaxSize int
	// NoSync skips fsync. Only for benchmarks that measure file sizes: a
	// kiosk must never set it.
	NoSync bool
	// Logger receives the open/migrate/compact log lines (default: none).
	Logger *slog.Logger
}

const defaultCompactMinSize = 8 << 20

// Open opens (creating when needed) the database in dataDir: it checks the
// existing file from end to end, runs the migrations, and compacts the file
// when it has grown far past its live data.
//
// Errors: ErrLocked when another kiosk runs on dataDir; *CorruptError when
// the file is damaged (never an empty database in its place); ErrReadOnly
// when dataDir cannot be written.
func Open(dataDir string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if opts.CompactMinSize == 0 {
		opts.CompactMinSize = defaultCompactMinSize
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory %s: %w", dataDir, classify(err))
	}
	path := filepath.Join(dataDir, FileName)
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := create(path, opts); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("reading %s: %w", path, classify(err))
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if err := verify(path, opts); err != nil {
		return nil, err
	}
	b, err := openRW(path, opts)
	if err != nil {
		return nil, err
	}
	db := &DB{bolt: b, path: path, opts: opts, log: opts.Logger}
	from, err := db.migrate()
	if err != nil {
		b.Close()
		return nil, err
	}
	if from != SchemaVersion {
		db.log.Info("database migrated", "db", path, "from", from, "to", SchemaVersion)
	}
	if err := db.maybeCompact(from); err != nil {
		db.bolt.Close()
		return nil, err
	}
	// The key file is opened under the database's lock: only the process
	// holding it reads or writes the keys.
	keys, err := openKeys(filepath.Join(dataDir, KeyFileName), path, opts.NoSync)
	if err != nil {
		db.bolt.Close()
		return nil, err
	}
	db.keys = keys
	return db, nil
}

// create makes a new, fully initialised database under a temporary name and
// links it into place, so a file named FileName has always been complete
// once: a short or empty one is damage, not a half-made new file. Link (not
// rename) fails when another instance created the file meanwhile.
func create(path string, opts Options) error {
	tmp := path + ".new"
	_ = os.Remove(tmp)
	b, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: opts.LockTimeout, NoSync: opts.NoSync})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return fmt.Errorf("%w (%s)", ErrLocked, path)
		}
		return fmt.Errorf("creating database %s: %w", path, classify(err))
	}
	db := &DB{bolt: b, path: tmp}
	_, err = db.migrate()
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp, path)
		if errors.Is(err, fs.ErrExist) {
			err = nil
		}
	}
	_ = os.Remove(tmp)
	if err != nil {
		return fmt.Errorf("creating database %s: %w", path, classify(err))
	}
	return syncDir(filepath.Dir(path))
}

// verify opens path read-only and checks it from end to end before any
// write can touch it: meta pages, the file length against the high-water
// mark in the meta page, every bucket and key, and bbolt's own page check.
func verify(path string, opts Options) error {
	corrupt := func(format string, args ...any) error {
		return &CorruptError{Path: path, Detail: fmt.Sprintf(format, args...)}
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, classify(err))
	}
	if st.Size() == 0 {
		return corrupt("the file is empty")
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: opts.LockTimeout})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return fmt.Errorf("%w (%s)", ErrLocked, path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("reading %s: %w", path, classify(err))
	case err != nil:
		return corrupt("%v", err)
	}
	defer b.Close()
	// Holding the shared lock, nobody writes: read the image and walk it
	// with bounds checks before bbolt reads any page but the meta pages.
	img, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if err := scan(img); err != nil {
		return corrupt("%v", err)
	}
	return b.View(func(tx *bolt.Tx) error {
		if tx.Size() > st.Size() {
			return corrupt("the file is %d bytes but its header says %d: it was cut short", st.Size(), tx.Size())
		}
		var problems []error
		for err := range tx.Check() {
			if len(problems) < 3 {
				problems = append(problems, err)
			}
		}
		if len(problems) > 0 {
			return corrupt("%v", errors.Join(problems...))
		}
		return nil
	})
}

// openRW takes the exclusive lock on path and makes sure the locked file is
// still the one at path (a compaction elsewhere may have replaced it while
// this process waited for the lock).
func openRW(path string, opts Options) (*bolt.DB, error) {
	for range 3 {
		var f *os.File
		b, err := bolt.Open(path, 0o600, &bolt.Options{
			Timeout: opts.LockTimeout,
			MaxSize: opts.MaxSize,
			NoSync:  opts.NoSync,
			OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
				file, err := os.OpenFile(name, flag, mode)
				f = file
				return file, err
			},
		})
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return nil, fmt.Errorf("%w (%s)", ErrLocked, path)
		case err != nil:
			err = classify(err)
			if errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDiskFull) {
				return nil, fmt.Errorf("opening database %s: %w", path, err)
			}
			return nil, fmt.Errorf("opening database %s: %w", path, &CorruptError{Path: path, Detail: err.Error()})
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return b, nil
		}
		b.Close()
	}
	return nil, fmt.Errorf("%w (%s was replaced while opening it)", ErrLocked, path)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", dir, classify(err))
	}
	return nil
}

// Bolt gives the packages that own buckets (sessions, stats, hand-off
// tokens) the underlying database, so each can keep its writes in one
// transaction with the others' (a step and its statistics commit together).
func (db *DB) Bolt() *bolt.DB { return db.bolt }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// SchemaVersion reads the stored schema version.
func (db *DB) SchemaVersion() (int, error) {
	var v int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		v, err = readVersion(tx)
		return err
	})
	return v, err
}

// Ping checks that the database can be read (for health checks).
func (db *DB) Ping() error {
	_, err := db.SchemaVersion()
	return err
}

// Check runs bbolt's consistency check over the whole file and returns
// every problem found (nil when the file is sound).
func (db *DB) Check() error {
	var problems []error
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		return nil
	})
	return errors.Join(append(problems, err)...)
}

// Keys is the key file of the session keys (docs/sessions.md).
func (db *DB) Keys() *Keys { return db.keys }

// Close releases the files and the lock.
func (db *DB) Close() error {
	var err error
	if db.keys != nil {
		err = db.keys.close()
	}
	return errors.Join(db.bolt.Close(), err)
}

func dirOf(path string) string { return filepath.Dir(path) }
