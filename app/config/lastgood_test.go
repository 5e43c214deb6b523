package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestLastGood(t *testing.T) {
	data := t.TempDir()
	lg := NewLastGood(data)
	if _, _, err := lg.Open(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no copy yet: got %v", err)
	}
	v1 := fstest.MapFS{
		"kiosk.yaml": {Data: []byte("v1")}, "practice/a.yaml": {Data: []byte("a")},
		"secrets/stats.key": {Data: []byte("k"), Mode: 0o600}, ".kiosk.yaml.swp": {Data: []byte("junk")},
	}
	if err := lg.Save(v1, "id1"); err != nil {
		t.Fatal(err)
	}
	got, _, err := lg.Open()
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := fs.ReadFile(got, "practice/a.yaml"); string(b) != "a" {
		t.Fatalf("copy holds %q", b)
	}
	if b, _ := fs.ReadFile(got, "secrets/stats.key"); string(b) != "k" {
		t.Fatal("the key must be kept: a kiosk started on the copy still uploads")
	}
	if _, err := fs.Stat(got, ".kiosk.yaml.swp"); err == nil {
		t.Fatal("editor temporaries are not configuration")
	}
	st, _ := os.Stat(filepath.Join(lg.Path(), "secrets", "stats.key"))
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	v2 := fstest.MapFS{"kiosk.yaml": {Data: []byte("v2")}}
	if err := lg.Save(v2, "id2"); err != nil {
		t.Fatal(err)
	}
	if id, _ := lg.ID(); id != "id2" {
		t.Fatalf("current is %q", id)
	}
	entries, _ := os.ReadDir(filepath.Join(data, LastGoodDir))
	if len(entries) != 2 { // id2 and current
		t.Fatalf("old copies must be dropped: %v", entries)
	}
	if err := lg.Save(v2, "id2"); err != nil {
		t.Fatal("saving the same config again is a no-op")
	}
}
