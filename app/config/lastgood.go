package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"
)

// LastGoodDir is the directory, inside the data directory, that keeps a
// copy of the last configuration that loaded without a problem.
const LastGoodDir = "config-last-good"

// LastGood keeps the last valid kiosk-config on disk, so that a kiosk whose
// configuration is broken while it is off still starts (on the old one).
//
// Layout: DATA/config-last-good/<config id>/… holds a full copy (secrets
// included, files 0600, directories 0700) and DATA/config-last-good/current
// is a symlink to it. Saving writes a new copy beside the old one, then
// swaps the symlink with a rename, so a power cut leaves either the old or
// the new copy current, never a half-written one.
type LastGood struct {
	dir string
}

// NewLastGood keeps the copy under dataDir.
func NewLastGood(dataDir string) LastGood { return LastGood{dir: filepath.Join(dataDir, LastGoodDir)} }

// Path is the directory of the current copy.
func (l LastGood) Path() string { return filepath.Join(l.dir, "current") }

// ID returns the config id of the saved copy, or fs.ErrNotExist.
func (l LastGood) ID() (string, error) {
	target, err := os.Readlink(l.Path())
	if err != nil {
		return "", err
	}
	return target, nil
}

// Open returns the saved copy and when it was saved, or an error wrapping
// fs.ErrNotExist when there is none.
func (l LastGood) Open() (fs.FS, time.Time, error) {
	st, err := os.Stat(l.Path())
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("opening the last good configuration: %w", err)
	}
	return os.DirFS(l.Path()), st.ModTime(), nil
}

// Save copies src (a configuration that just loaded without problems, with
// config id id) unless it is already the saved copy.
func (l LastGood) Save(src fs.FS, id string) error {
	if cur, err := l.ID(); err == nil && cur == id {
		return nil
	}
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return fmt.Errorf("saving the last good configuration: %w", err)
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	tmp := filepath.Join(l.dir, ".tmp-"+hex.EncodeToString(suffix))
	if err := copyTree(src, tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("saving the last good configuration: %w", err)
	}
	final := filepath.Join(l.dir, id)
	_ = os.RemoveAll(final) // a stale copy with the same id from an interrupted save
	if err := os.Rename(tmp, final); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("saving the last good configuration: %w", err)
	}
	link := filepath.Join(l.dir, ".current-"+hex.EncodeToString(suffix))
	if err := os.Symlink(id, link); err != nil {
		return fmt.Errorf("saving the last good configuration: %w", err)
	}
	if err := os.Rename(link, l.Path()); err != nil {
		_ = os.Remove(link)
		return fmt.Errorf("saving the last good configuration: %w", err)
	}
	syncDir(l.dir)
	// Drop older copies and leftovers of interrupted saves.
	entries, _ := os.ReadDir(l.dir)
	for _, e := range entries {
		if e.Name() != id && e.Name() != "current" {
			_ = os.RemoveAll(filepath.Join(l.dir, e.Name()))
		}
	}
	return nil
}

// copyTree copies every file of src that is configuration (not Ignored;
// symlinks followed) into the new directory dst.
func copyTree(src fs.FS, dst string) error {
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		if depth > maxDepth {
			return errors.New("directories nested too deep (a symlink loop?)")
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.FromSlash(dir)), 0o700); err != nil {
			return err
		}
		entries, err := fs.ReadDir(src, dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if Ignored(e.Name()) {
				continue
			}
			p := path.Join(dir, e.Name())
			st, err := fs.Stat(src, p)
			switch {
			case err != nil:
				continue // dangling symlink
			case st.IsDir():
				if err := walk(p, depth+1); err != nil {
					return err
				}
			case st.Mode().IsRegular():
				data, err := fs.ReadFile(src, p)
				if err != nil {
					return err
				}
				if err := writeSynced(filepath.Join(dst, filepath.FromSlash(p)), data); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(".", 0); err != nil {
		return err
	}
	syncDir(dst)
	return nil
}

func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
