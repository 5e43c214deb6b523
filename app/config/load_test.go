package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"tramhocso/app/problems"
)

const minimal = "version: 2\nkiosk: {id: abc}\nsite: {name: X, province: Hà Nội}\n"

func TestLoadChecksFiles(t *testing.T) {
	withStats := minimal + "statistics: {endpoint: https://x.example.org/b, key_file: secrets/k}\n"
	withLogo := minimal + "branding: {logo: b/logo.svg}\n"
	pack := &fstest.MapFile{Data: []byte("id: x")}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string // "" = loads
	}{
		{"ok", fstest.MapFS{"kiosk.yaml": {Data: []byte(minimal)}, "practice/x.yaml": pack}, ""},
		{"no kiosk.yaml", fstest.MapFS{}, "kiosk.yaml: file not found"},
		{"no practice dir", fstest.MapFS{"kiosk.yaml": {Data: []byte(minimal)}}, "kiosk.yaml:1: practice_dir: directory practice not found"},
		{"key ok", fstest.MapFS{"kiosk.yaml": {Data: []byte(withStats)}, "practice/x.yaml": pack, "secrets/k": {Data: []byte("k"), Mode: 0o600}}, ""},
		{"key missing", fstest.MapFS{"kiosk.yaml": {Data: []byte(withStats)}, "practice/x.yaml": pack}, "kiosk.yaml:4: statistics.key_file: key file secrets/k not found"},
		{"key open", fstest.MapFS{"kiosk.yaml": {Data: []byte(withStats)}, "practice/x.yaml": pack, "secrets/k": {Data: []byte("k"), Mode: 0o644}}, "can be read by other users (mode 0644) (chmod 600 secrets/k)"},
		{"key empty", fstest.MapFS{"kiosk.yaml": {Data: []byte(withStats)}, "practice/x.yaml": pack, "secrets/k": {Mode: 0o600}}, "key file secrets/k is empty"},
		{"logo ok", fstest.MapFS{"kiosk.yaml": {Data: []byte(withLogo)}, "practice/x.yaml": pack, "b/logo.svg": {Data: []byte("<svg/>")}}, ""},
		{"logo missing", fstest.MapFS{"kiosk.yaml": {Data: []byte(withLogo)}, "practice/x.yaml": pack}, "kiosk.yaml:4: branding.logo: logo file b/logo.svg not found"},
		{"logo huge", fstest.MapFS{"kiosk.yaml": {Data: []byte(withLogo)}, "practice/x.yaml": pack, "b/logo.svg": {Data: make([]byte, 2<<20)}}, "logo file b/logo.svg is 2048 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.fsys)
			if tt.want == "" {
				if err != nil || c == nil {
					t.Fatalf("want it to load, got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
		})
	}
}

func TestSampleConfigLoads(t *testing.T) {
	c, err := Load(os.DirFS("../../kiosk-config"))
	if err != nil {
		t.Fatalf("the sample kiosk-config must load:\n%v", err)
	}
	if c.Version != CurrentVersion || len(c.Notes) != 0 {
		t.Errorf("the sample must be written for version %d without notes: %d %q", CurrentVersion, c.Version, c.Notes)
	}
}

func TestParseReportsAllProblems(t *testing.T) {
	in := "version: 2\nkiosk:\n  id: X\nsite:\n  name: ''\nlanguages: [fr]\ntext_size: huge\n"
	_, err := Parse([]byte(in))
	if n := len(problems.From(FileName, err)); n != 5 {
		t.Fatalf("want every problem at once (5), got %d: %v", n, err)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in, out string
		ok      bool
	}{
		{"90s", "1m30s", true}, {"5m", "5m", true}, {"1h", "1h", true}, {"1h30m", "1h30m", true},
		{"90d", "90d", true}, {"2d12h", "60h", true}, {"0", "0s", true}, {"250ms", "250ms", true},
		{"", "", false}, {"5", "", false}, {"d", "", false}, {"-5m", "", false}, {"1.5x", "", false},
		{"99999999999d", "", false}, {"1d-5h", "", false},
	}
	for _, tt := range tests {
		d, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || (tt.ok && d.String() != tt.out) {
			t.Errorf("ParseDuration(%q) = %v, %v; want %q ok=%v", tt.in, d, err, tt.out, tt.ok)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := fstest.MapFS{"kiosk.yaml": {Data: []byte(minimal)}, "practice/x.yaml": {Data: []byte("id: x")}, "secrets/key": {Data: []byte("k1")}}
	fa, err := Fingerprint(a)
	if err != nil {
		t.Fatal(err)
	}
	a["secrets/key"] = &fstest.MapFile{Data: []byte("k2")}
	a[".kiosk.yaml.Xy12Ab"] = &fstest.MapFile{Data: []byte("rsync temp")}
	a["kiosk.yaml~"] = &fstest.MapFile{Data: []byte("backup")}
	if fb, _ := Fingerprint(a); fb != fa {
		t.Error("secrets, hidden temporaries and backups must not change the fingerprint")
	}
	a["practice/x.yaml"] = &fstest.MapFile{Data: []byte("id: y")}
	if fc, _ := Fingerprint(a); fc == fa {
		t.Error("a changed pack must change the fingerprint")
	}
}

// TestFingerprintFollowsSymlinks: a Kubernetes-style volume keeps the files
// in a hidden ..data directory reached through symlinks.
func TestFingerprintFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "..2026_11_23_1", "practice"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "..2026_11_23_1", "kiosk.yaml"), []byte(minimal), 0o644))
	must(os.WriteFile(filepath.Join(dir, "..2026_11_23_1", "practice", "x.yaml"), []byte("id: x"), 0o644))
	must(os.Symlink("..2026_11_23_1", filepath.Join(dir, "..data")))
	must(os.Symlink("..data/kiosk.yaml", filepath.Join(dir, "kiosk.yaml")))
	must(os.Symlink("..data/practice", filepath.Join(dir, "practice")))
	must(os.Symlink("missing", filepath.Join(dir, "dangling")))
	f1, err := Fingerprint(os.DirFS(dir))
	must(err)
	must(os.WriteFile(filepath.Join(dir, "..2026_11_23_1", "practice", "x.yaml"), []byte("id: y"), 0o644))
	f2, err := Fingerprint(os.DirFS(dir))
	must(err)
	if f1 == f2 {
		t.Fatal("a change behind a symlinked directory must change the fingerprint")
	}
	if _, err := Load(os.DirFS(dir)); err != nil {
		t.Fatalf("a symlinked layout must load: %v", err)
	}
	var _ fs.FS = os.DirFS(dir)
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(full))
	f.Add([]byte(minimal))
	f.Add([]byte("version: 1\nkiosk: [1,2]\n"))
	f.Add([]byte("languages: {a: b}\n"))
	for _, dir := range []string{"testdata/invalid/*.yaml", "testdata/migrate/*.yaml"} {
		files, _ := filepath.Glob(dir)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if (c == nil) == (err == nil) {
			t.Fatalf("exactly one of config and error must be set: %v %v", c, err)
		}
		for _, p := range problems.From(FileName, err) {
			if p.Msg == "" {
				t.Fatalf("empty problem in %v", err)
			}
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90s", "1h30m", "90d", "0", "2d12h", "", "-1s", "1e9h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && d < 0 {
			t.Fatalf("%q gave a negative duration %v", s, d)
		}
	})
}
