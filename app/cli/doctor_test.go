package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"tramhocso/app/kiosk"
	"tramhocso/app/staff"
	"tramhocso/app/store"
)

const ldconfigOut = `1234 libs found in cache ` + "`/etc/ld.so.cache'" + `
	libwebkit2gtk-4.1.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0
	libgtk-3.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgtk-3.so.0
`

// fakeSys is a healthy kiosk PC; each test case breaks one thing.
func fakeSys() doctorSys {
	return doctorSys{
		Getenv: func(k string) string {
			if k == "WAYLAND_DISPLAY" {
				return "wayland-0"
			}
			return ""
		},
		LookPath: func(name string) (string, error) {
			switch name {
			case "cage", "xinit", "Xorg", "espeak-ng":
				return "/usr/bin/" + name, nil
			}
			return "", errors.New("not found")
		},
		Ldconfig:        func(context.Context) ([]byte, error) { return []byte(ldconfigOut), nil },
		Glob:            func(string) ([]string, error) { return nil, nil },
		FreeBytes:       func(string) (uint64, error) { return 20 << 30, nil },
		WindowSupported: true,
	}
}

func only(names ...string) func(string) (string, error) {
	return func(n string) (string, error) {
		for _, x := range names {
			if x == n {
				return "/usr/bin/" + n, nil
			}
		}
		return "", errors.New("not found")
	}
}

func TestDoctorChecks(t *testing.T) {
	sample := os.DirFS(sampleDir)
	broken := fstest.MapFS{"kiosk.yaml": {Data: []byte("version: 1\nkiosk:\n  id: X\n")}}
	tests := []struct {
		name   string
		check  func(context.Context, doctorInput) doctorResult
		change func(*doctorSys, *kiosk.Options)
		status string
		want   string // in the detail or the fix
	}{
		{"wayland display", checkDisplay, nil, doctorOK, "WAYLAND_DISPLAY=wayland-0"},
		{"x11 display", checkDisplay, func(s *doctorSys, _ *kiosk.Options) {
			s.Getenv = func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] }
		}, doctorOK, "DISPLAY=:0"},
		{"no display over ssh", checkDisplay, func(s *doctorSys, _ *kiosk.Options) {
			s.Getenv = func(string) string { return "" }
		}, doctorWarn, "the tramhocso service starts its own display"},
		{"binary without window", checkDisplay, func(s *doctorSys, _ *kiosk.Options) { s.WindowSupported = false }, doctorFail, "no window support"},
		{"cage", checkDisplayServer, nil, doctorOK, "cage (Wayland): /usr/bin/cage"},
		{"only Xorg", checkDisplayServer, func(s *doctorSys, _ *kiosk.Options) { s.LookPath = only("xinit", "Xorg") }, doctorWarn, "apt-get install cage"},
		{"xinit without Xorg", checkDisplayServer, func(s *doctorSys, _ *kiosk.Options) { s.LookPath = only("xinit") }, doctorFail, "apt-get install cage"},
		{"no display server", checkDisplayServer, func(s *doctorSys, _ *kiosk.Options) { s.LookPath = only() }, doctorFail, "neither cage nor xinit"},
		{"webkit in the cache", checkWebKit, nil, doctorOK, "/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0"},
		{"webkit missing", checkWebKit, func(s *doctorSys, _ *kiosk.Options) {
			s.Ldconfig = func(context.Context) ([]byte, error) { return []byte("\tlibgtk-3.so.0 (libc6) => /x\n"), nil }
		}, doctorFail, "apt-get install libwebkit2gtk-4.1-0"},
		{"only webkit 4.0 installed", checkWebKit, func(s *doctorSys, _ *kiosk.Options) {
			s.Ldconfig = func(context.Context) ([]byte, error) {
				return []byte("\tlibwebkit2gtk-4.0.so.37 (libc6) => /lib/libwebkit2gtk-4.0.so.37\n"), nil
			}
		}, doctorFail, "not in the linker cache"},
		{"no ldconfig, library on disk", checkWebKit, func(s *doctorSys, _ *kiosk.Options) {
			s.Ldconfig = func(context.Context) ([]byte, error) { return nil, errors.New("exec: not found") }
			s.Glob = func(p string) ([]string, error) {
				if p == "/usr/lib/*/"+WebKitLibrary {
					return []string{"/usr/lib/x86_64-linux-gnu/" + WebKitLibrary}, nil
				}
				return nil, nil
			}
		}, doctorOK, "/usr/lib/x86_64-linux-gnu/"},
		{"no ldconfig, no library", checkWebKit, func(s *doctorSys, _ *kiosk.Options) {
			s.Ldconfig = func(context.Context) ([]byte, error) { return nil, errors.New("exec: not found") }
		}, doctorFail, "exec: not found"},
		{"sample config", checkConfig, nil, doctorOK, "kiosk mau-ba-dinh-01"},
		{"built-in config", checkConfig, func(_ *doctorSys, o *kiosk.Options) { o.ConfigName = "built-in sample configuration" }, doctorWarn, "init-config"},
		{"broken config", checkConfig, func(_ *doctorSys, o *kiosk.Options) { o.Config, o.ConfigName = broken, "/etc/tramhocso" }, doctorFail, "tramhocso validate /etc/tramhocso"},
		{"plenty of disk", checkDisk, nil, doctorOK, "20.0 GiB"},
		{"disk low", checkDisk, func(s *doctorSys, _ *kiosk.Options) {
			s.FreeBytes = func(string) (uint64, error) { return 500 << 20, nil }
		}, doctorWarn, "500 MiB"},
		{"disk full", checkDisk, func(s *doctorSys, _ *kiosk.Options) {
			s.FreeBytes = func(string) (uint64, error) { return 10 << 20, nil }
		}, doctorFail, "at least 100 MiB"},
		{"statfs fails", checkDisk, func(s *doctorSys, _ *kiosk.Options) {
			s.FreeBytes = func(string) (uint64, error) { return 0, errors.New("EIO") }
		}, doctorFail, "EIO"},
		{"data dir not made yet: measures its parent", checkDisk, func(s *doctorSys, o *kiosk.Options) {
			parent := o.DataDir
			o.DataDir = filepath.Join(parent, "a", "b")
			s.FreeBytes = func(p string) (uint64, error) {
				if p != parent {
					return 0, fmt.Errorf("measured %s, want %s", p, parent)
				}
				return 5 << 30, nil
			}
		}, doctorOK, "5.0 GiB"},
		{"espeak-ng", checkEspeak, nil, doctorOK, "/usr/bin/espeak-ng"},
		{"no espeak-ng is only a warning", checkEspeak, func(s *doctorSys, _ *kiosk.Options) { s.LookPath = only() }, doctorWarn, "apt-get install espeak-ng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := doctorInput{sys: fakeSys(), opts: kiosk.Options{Config: sample, ConfigName: sampleDir, DataDir: t.TempDir()}}
			if tt.change != nil {
				tt.change(&in.sys, &in.opts)
			}
			r := tt.check(t.Context(), in)
			if r.Status != tt.status || !strings.Contains(r.Detail+" "+r.Fix, tt.want) {
				t.Errorf("got %s %q (fix %q), want %s with %q", r.Status, r.Detail, r.Fix, tt.status, tt.want)
			}
			if (r.Status == doctorOK) != (r.Fix == "") {
				t.Errorf("%s with fix %q: every WARN and FAIL says what to do, OK says nothing", r.Status, r.Fix)
			}
		})
	}
}

func TestDoctorDatabase(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, dir string)
		status string
		want   string
	}{
		{"no database yet", func(*testing.T, string) {}, doctorWarn, "does not exist yet"},
		{"database free", func(t *testing.T, dir string) {
			db, err := store.Open(dir, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		}, doctorOK, "not locked"},
		{"held by a running kiosk", func(t *testing.T, dir string) {
			db, err := store.Open(dir, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
		}, doctorWarn, "fuser -v"},
		{"damaged file", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, store.FileName), []byte("not a bbolt file at all, just text"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, doctorFail, "restore the latest backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			r := checkDatabase(t.Context(), doctorInput{opts: kiosk.Options{DataDir: dir}})
			if r.Status != tt.status || !strings.Contains(r.Detail+" "+r.Fix, tt.want) {
				t.Errorf("got %s %q (fix %q), want %s with %q", r.Status, r.Detail, r.Fix, tt.status, tt.want)
			}
		})
	}
	// The doctor never creates a database (as root it would leave a file
	// the kiosk user cannot write).
	dir := filepath.Join(t.TempDir(), "data")
	checkDatabase(t.Context(), doctorInput{opts: kiosk.Options{DataDir: dir}})
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the doctor created %s", dir)
	}
}

func TestDoctorReportAndExit(t *testing.T) {
	in := doctorInput{sys: fakeSys(), opts: kiosk.Options{Config: os.DirFS(sampleDir), ConfigName: sampleDir, DataDir: t.TempDir()}}
	var out strings.Builder
	if err := doctor(t.Context(), in, doctorChecks(), &out); err != nil {
		t.Fatalf("a healthy PC failed: %v\n%s", err, out.String())
	}
	for _, want := range []string{"OK    Màn hình / display", "WARN  Cơ sở dữ liệu / database", "8 checks, 0 failed, 2 warnings"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}

	out.Reset()
	in.sys.LookPath = only()
	err := doctor(t.Context(), in, doctorChecks(), &out)
	if err == nil || !strings.Contains(err.Error(), "1 check(s) failed") {
		t.Fatalf("no display server: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "FAIL  Trình hiển thị / display server") || !strings.Contains(out.String(), "      → apt-get install cage") {
		t.Errorf("report does not show the failure and its fix:\n%s", out.String())
	}
}

// Through Run: exit code 1 on a failure, the report on stdout.
func TestDoctorCommand(t *testing.T) {
	env, out, errOut := testEnv(t, nil)
	code := Run(t.Context(), []string{"doctor", "--config", sampleDir, "--data", t.TempDir()}, env)
	if !strings.Contains(out.String(), "Cấu hình / configuration") || !strings.Contains(out.String(), "checks,") {
		t.Fatalf("no report:\n%s\n%s", out.String(), errOut.String())
	}
	// In the plain test build there is no window, so the display check fails.
	if !kiosk.WindowSupported && code != 1 {
		t.Errorf("exit code %d, want 1 (no window support)", code)
	}
	if code := Run(t.Context(), []string{"doctor", "extra"}, env); code != 2 {
		t.Errorf("doctor with an argument: exit %d, want 2", code)
	}
}

func FuzzFindLibrary(f *testing.F) {
	f.Add([]byte(ldconfigOut), WebKitLibrary)
	f.Add([]byte("\tlibwebkit2gtk-4.1.so.0 (libc6,x86-64) =>\n"), WebKitLibrary)
	f.Add([]byte("libwebkit2gtk-4.1.so.0.x (libc6) => /x\n"), WebKitLibrary)
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, out []byte, name string) {
		where, found := findLibrary(out, name)
		if found != (where != "") {
			t.Fatalf("found=%v with path %q", found, where)
		}
		if found && !strings.Contains(string(out), name+" ") {
			t.Fatalf("found %q for %q in output that does not name it", where, name)
		}
	})
}

func TestDoctorStaffPIN(t *testing.T) {
	own, err := staff.HashPIN("135792")
	if err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile(filepath.Join(sampleDir, "kiosk.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^  pin_hash: .*$`)
	if !line.Match(sample) {
		t.Fatal("the sample kiosk.yaml has no staff.pin_hash line")
	}
	tests := []struct {
		name, pinLine, status, want string
	}{
		{"the sample's PIN", "", doctorWarn, "still the sample's 246810"},
		{"a PIN of its own", `  pin_hash: "` + own + `"`, doctorOK, "of its own"},
		{"no PIN", `  # no pin_hash`, doctorWarn, "staff mode is off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yml := sample
			if tt.pinLine != "" {
				yml = line.ReplaceAllLiteral(sample, []byte(tt.pinLine))
			}
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "kiosk.yaml"), yml, 0o644); err != nil {
				t.Fatal(err)
			}
			r := checkStaffPIN(t.Context(), doctorInput{opts: kiosk.Options{Config: os.DirFS(dir), ConfigName: dir}})
			if r.Status != tt.status || !strings.Contains(r.Detail, tt.want) {
				t.Fatalf("got %s %q", r.Status, r.Detail)
			}
		})
	}
}
