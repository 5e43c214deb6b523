package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// SocketName is the Unix socket, next to the database, on which a running
// kiosk serves online backups. Only the kiosk's own user can reach it (the
// data directory is 0700 and the socket 0600).
const SocketName = "backup.sock"

// Backup writes a consistent copy of the whole database to w from one read
// transaction (bbolt's Tx.WriteTo): the kiosk keeps running and writing
// meanwhile. The copy holds the answers of sessions in progress: keep it as
// private as the database.
func (db *DB) Backup(ctx context.Context, w io.Writer) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(ctxWriter{ctx, w})
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backing up %s: %w", db.path, err)
	}
	return n, nil
}

type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// ListenBackup serves online backups on SocketName until the returned
// closer is closed. Each connection receives the 8-byte big-endian length
// of the copy, then the copy.
func (db *DB) ListenBackup() (io.Closer, error) {
	sock := filepath.Join(filepath.Dir(db.path), SocketName)
	_ = os.Remove(sock) // a stale socket of a crashed kiosk: this process holds the lock
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil, fmt.Errorf("listening for backups on %s: %w", sock, err)
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("listening for backups on %s: %w", sock, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &backupServer{ln: ln, cancel: cancel}
	s.wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() {
				defer conn.Close()
				if err := db.serveBackup(ctx, conn); err != nil {
					db.log.Warn("online backup failed", "err", err)
				}
			})
		}
	})
	return s, nil
}

type backupServer struct {
	ln     net.Listener
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (s *backupServer) Close() error {
	err := s.ln.Close()
	s.cancel()
	s.wg.Wait()
	return err
}

func (db *DB) serveBackup(ctx context.Context, conn net.Conn) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		var hdr [8]byte
		binary.BigEndian.PutUint64(hdr[:], uint64(tx.Size()))
		if _, err := conn.Write(hdr[:]); err != nil {
			return err
		}
		_, err := tx.WriteTo(ctxWriter{ctx, conn})
		return err
	})
}

// BackupTo copies the database in dataDir to dest: from the running kiosk
// through its socket when one runs, else straight from the file (read-only,
// after checking it). dest is written under a temporary name, checked, and
// renamed into place, so it is either a complete sound copy or absent.
func BackupTo(ctx context.Context, dataDir, dest string) (n int64, online bool, err error) {
	src := filepath.Join(dataDir, FileName)
	if _, err := os.Stat(src); err != nil {
		return 0, false, fmt.Errorf("backing up %s: %w", src, err)
	}
	tmp := dest + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, false, fmt.Errorf("creating %s: %w", tmp, classify(err))
	}
	defer func() {
		if f != nil {
			f.Close()
		}
		if err != nil {
			os.Remove(tmp)
		}
	}()
	sock := filepath.Join(dataDir, SocketName)
	var d net.Dialer
	conn, derr := d.DialContext(ctx, "unix", sock)
	if derr == nil {
		online = true
		n, err = fetchBackup(ctx, conn, f)
		conn.Close()
	} else {
		n, err = offlineBackup(ctx, src, f)
	}
	if err != nil {
		return n, online, fmt.Errorf("backing up %s: %w", src, classify(err))
	}
	if err = f.Sync(); err == nil {
		err = f.Close()
	}
	f = nil
	if err != nil {
		return n, online, fmt.Errorf("writing %s: %w", tmp, classify(err))
	}
	if err = verify(tmp, Options{LockTimeout: time.Second}); err != nil {
		return n, online, fmt.Errorf("the copy failed its check: %w", err)
	}
	if err = os.Rename(tmp, dest); err != nil {
		return n, online, fmt.Errorf("renaming %s to %s: %w", tmp, dest, err)
	}
	return n, online, syncDir(filepath.Dir(dest))
}

func fetchBackup(ctx context.Context, conn net.Conn, w io.Writer) (int64, error) {
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	var hdr [8]byte
	if _, err := io.ReadFull(conn, hdr[:]); err != nil {
		return 0, fmt.Errorf("reading from the running kiosk: %w", err)
	}
	size := int64(binary.BigEndian.Uint64(hdr[:]))
	n, err := io.CopyN(w, conn, size)
	if err != nil {
		return n, fmt.Errorf("copying from the running kiosk (%d of %d bytes): %w", n, size, err)
	}
	return n, nil
}

func offlineBackup(ctx context.Context, src string, w io.Writer) (int64, error) {
	if err := verify(src, Options{LockTimeout: time.Second}); err != nil {
		return 0, err
	}
	b, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return 0, fmt.Errorf("%w, but its backup socket does not answer", ErrLocked)
	}
	if errors.Is(err, fs.ErrPermission) {
		return 0, err
	}
	if err != nil {
		return 0, &CorruptError{Path: src, Detail: err.Error()}
	}
	defer b.Close()
	db := &DB{bolt: b, path: src, log: slog.New(slog.DiscardHandler)}
	return db.Backup(ctx, w)
}
