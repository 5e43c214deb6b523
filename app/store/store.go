package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FileName is the database file inside the data directory.
const FileName = "tramhocso.db"

// SchemaVersion is the layout this build reads and writes.
const SchemaVersion = 1

var (
	bucketMeta       = []byte("meta")
	keySchemaVersion = []byte("schema_version")
)

// ErrLocked means another process holds the database: another kiosk is
// already running on the same data directory.
var ErrLocked = errors.New("another Trạm Học Số is already running on this data directory")

// DB is the open kiosk database.
type DB struct {
	bolt *bolt.DB
	path string
}

// Options tune Open; the zero value is what the kiosk uses.
type Options struct {
	// LockTimeout is how long to wait for the file lock (default 1s).
	LockTimeout time.Duration
}

// Open opens (creating when needed) the database in dataDir.
func Open(dataDir string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, FileName)
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w (%s)", ErrLocked, path)
		}
		return nil, fmt.Errorf("opening database %s: %w (if the file is damaged, restore it from a backup)", path, err)
	}
	db := &DB{bolt: b, path: path}
	if err := db.init(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) init() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return fmt.Errorf("creating meta bucket: %w", err)
		}
		v := meta.Get(keySchemaVersion)
		switch {
		case v == nil:
			var buf [8]byte
			binary.BigEndian.PutUint64(buf[:], SchemaVersion)
			return meta.Put(keySchemaVersion, buf[:])
		case len(v) != 8:
			return fmt.Errorf("database %s: schema version is malformed (restore it from a backup)", db.path)
		case binary.BigEndian.Uint64(v) > SchemaVersion:
			return fmt.Errorf("database %s has schema version %d, newer than this program (%d): update Trạm Học Số", db.path, binary.BigEndian.Uint64(v), SchemaVersion)
		}
		return nil
	})
}

// Bolt gives the packages that own buckets (sessions, stats, hand-off
// tokens) the underlying database, so each can keep its writes in one
// transaction with the others' (a step and its statistics commit together).
func (db *DB) Bolt() *bolt.DB { return db.bolt }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// SchemaVersion reads the stored schema version.
func (db *DB) SchemaVersion() (int, error) {
	var v uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta).Get(keySchemaVersion)
		if len(b) != 8 {
			return errors.New("schema version missing")
		}
		v = binary.BigEndian.Uint64(b)
		return nil
	})
	return int(v), err
}

// Ping checks that the database can be read (for health checks).
func (db *DB) Ping() error {
	_, err := db.SchemaVersion()
	return err
}

// Close releases the file and its lock.
func (db *DB) Close() error { return db.bolt.Close() }
