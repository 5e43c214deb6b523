package config

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// maxDepth bounds directory recursion (symlink loops).
const maxDepth = 16

// Fingerprint is a short hash of every regular file in fsys except the
// secrets directory, hidden entries (editor and rsync temporaries, the
// `..data` directories of a Kubernetes-style volume, reached through their
// symlinks instead) and editor backups (name~), so two kiosks, or two
// reloads, can tell whether they run the same configuration. Symbolic links
// are followed.
func Fingerprint(fsys fs.FS) (string, error) {
	var names []string
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		if depth > maxDepth {
			return fmt.Errorf("listing config files: %s is nested too deep (a symlink loop?)", dir)
		}
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return fmt.Errorf("listing config files in %s: %w", dir, err)
		}
		for _, e := range entries {
			name := e.Name()
			p := path.Join(dir, name)
			if Ignored(name) || (dir == "." && name == "secrets") {
				continue
			}
			st, err := fs.Stat(fsys, p) // follows symlinks
			if err != nil {
				continue // a dangling symlink or a file removed meanwhile is not config
			}
			switch {
			case st.IsDir():
				if err := walk(p, depth+1); err != nil {
					return err
				}
			case st.Mode().IsRegular():
				names = append(names, p)
			}
		}
		return nil
	}
	if err := walk(".", 0); err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", n, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// Ignored reports whether a file name is never configuration: hidden names
// (rsync's .kiosk.yaml.XXXXXX, vim's .kiosk.yaml.swp, Kubernetes' ..data)
// and editor backups (kiosk.yaml~).
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}
