package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"tramhocso/app/config"
	"tramhocso/app/kiosk"
	"tramhocso/app/problems"
	"tramhocso/app/staff"
	"tramhocso/app/store"
)

// Doctor verdicts.
const (
	doctorOK   = "OK"
	doctorWarn = "WARN"
	doctorFail = "FAIL"
)

// WebKitLibrary is the shared library the kiosk window needs.
const WebKitLibrary = "libwebkit2gtk-4.1.so.0"

// Disk space thresholds for the data directory.
const (
	diskFailBelow = 100 << 20 // a few days of sessions and statistics
	diskWarnBelow = 1 << 30
)

// doctorResult is one line of the doctor's report.
type doctorResult struct {
	Status string // doctorOK, doctorWarn or doctorFail
	Detail string // what was found
	Fix    string // what to do (empty when OK)
}

// doctorCheck is one thing the doctor looks at.
type doctorCheck struct {
	Name string
	Run  func(ctx context.Context, in doctorInput) doctorResult
}

// doctorSys is the machine as the doctor sees it: the seams the tests
// replace.
type doctorSys struct {
	Getenv   func(string) string
	LookPath func(string) (string, error)
	// Ldconfig returns the output of `ldconfig -p` (the linker's cache).
	Ldconfig func(ctx context.Context) ([]byte, error)
	// Glob finds library files when ldconfig is missing.
	Glob func(pattern string) ([]string, error)
	// FreeBytes is the space an unprivileged user may still use on the file
	// system holding path.
	FreeBytes func(path string) (uint64, error)
	// WindowSupported: this binary was built with the Wails window.
	WindowSupported bool
}

// doctorInput is what the checks look at.
type doctorInput struct {
	sys  doctorSys
	opts kiosk.Options // resolved --config and --data
}

// doctorChecks lists the checks in the order they are printed.
//
// Extension point: the LAN door (phone hand-off) and upload endpoint
// (statistics) checks come with their issues. Add each as a doctorCheck
// here, reading what it needs from doctorInput (add fields to doctorSys for
// anything that touches the network, so the tests can replace it).
func doctorChecks() []doctorCheck {
	return []doctorCheck{
		{"Màn hình / display", checkDisplay},
		{"Trình hiển thị / display server", checkDisplayServer},
		{"Thư viện WebKit / WebKit library", checkWebKit},
		{"Cấu hình / configuration", checkConfig},
		{"Mã PIN cán bộ / staff PIN", checkStaffPIN},
		{"Cơ sở dữ liệu / database", checkDatabase},
		{"Dung lượng đĩa / disk space", checkDisk},
		{"Đọc to / read-aloud (espeak-ng)", checkEspeak},
	}
}

// runDoctor checks what a kiosk PC needs and prints OK, WARN or FAIL for
// each, with what to fix. It fails (exit 1) when any check fails.
func runDoctor(ctx context.Context, args []string, env Env) error {
	fl := newFlags("doctor", env)
	var c common
	c.register(fl)
	if err := parse(fl, args); err != nil {
		return err
	}
	opts, err := c.resolve(env)
	if err != nil {
		return err
	}
	sys := doctorSys{
		Getenv:   env.Getenv,
		LookPath: exec.LookPath,
		Ldconfig: func(ctx context.Context) ([]byte, error) {
			return exec.CommandContext(ctx, "ldconfig", "-p").Output()
		},
		Glob:            filepath.Glob,
		FreeBytes:       diskFreeBytes,
		WindowSupported: kiosk.WindowSupported,
	}
	if p, err := exec.LookPath("ldconfig"); err != nil || p == "" {
		// Debian keeps ldconfig in /sbin, which a user's PATH may lack.
		sys.Ldconfig = func(ctx context.Context) ([]byte, error) {
			return exec.CommandContext(ctx, "/sbin/ldconfig", "-p").Output()
		}
	}
	return doctor(ctx, doctorInput{sys: sys, opts: opts}, doctorChecks(), env.Stdout)
}

// doctor runs checks and prints the report.
func doctor(ctx context.Context, in doctorInput, checks []doctorCheck, out io.Writer) error {
	fails, warns := 0, 0
	for _, c := range checks {
		r := c.Run(ctx, in)
		fmt.Fprintf(out, "%-4s  %-36s  %s\n", r.Status, c.Name, r.Detail)
		if r.Fix != "" {
			fmt.Fprintf(out, "      → %s\n", r.Fix)
		}
		switch r.Status {
		case doctorFail:
			fails++
		case doctorWarn:
			warns++
		}
	}
	fmt.Fprintf(out, "\n%d kiểm tra, %d lỗi, %d cảnh báo / %d checks, %d failed, %d warnings\n",
		len(checks), fails, warns, len(checks), fails, warns)
	if fails > 0 {
		return fmt.Errorf("%d check(s) failed", fails)
	}
	return nil
}

func okResult(detail string) doctorResult { return doctorResult{Status: doctorOK, Detail: detail} }
func warnResult(detail, fix string) doctorResult {
	return doctorResult{Status: doctorWarn, Detail: detail, Fix: fix}
}
func failResult(detail, fix string) doctorResult {
	return doctorResult{Status: doctorFail, Detail: detail, Fix: fix}
}

func checkDisplay(_ context.Context, in doctorInput) doctorResult {
	if !in.sys.WindowSupported {
		return failResult("bản dựng này không có cửa sổ / this build has no window support",
			"cài gói .deb chính thức, hoặc dựng bằng `make build` / install the official .deb, or build with `make build` (tags desktop,production,webkit2_41)")
	}
	if d := in.sys.Getenv("WAYLAND_DISPLAY"); d != "" {
		return okResult("WAYLAND_DISPLAY=" + d)
	}
	if d := in.sys.Getenv("DISPLAY"); d != "" {
		return okResult("DISPLAY=" + d)
	}
	return warnResult("phiên này không có màn hình (DISPLAY, WAYLAND_DISPLAY trống) / no display in this shell (DISPLAY and WAYLAND_DISPLAY are empty)",
		"bình thường khi chạy qua SSH: dịch vụ tramhocso tự mở màn hình bằng cage hoặc Xorg / normal over SSH: the tramhocso service starts its own display with cage or Xorg")
}

func checkDisplayServer(_ context.Context, in doctorInput) doctorResult {
	if p, err := in.sys.LookPath("cage"); err == nil {
		return okResult("cage (Wayland): " + p)
	}
	if p, err := in.sys.LookPath("xinit"); err == nil {
		if _, err := in.sys.LookPath("Xorg"); err == nil {
			return warnResult("chỉ có Xorg (dự phòng): "+p+" / only the X11 fallback: "+p,
				"nên cài cage / cage is preferred: apt-get install cage")
		}
	}
	return failResult("không có cage cũng không có Xorg / neither cage nor xinit+Xorg is installed",
		"apt-get install cage (hoặc / or: apt-get install xinit xserver-xorg)")
}

func checkWebKit(ctx context.Context, in doctorInput) doctorResult {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	const fix = "apt-get install libwebkit2gtk-4.1-0"
	out, err := in.sys.Ldconfig(ctx)
	if err == nil {
		if where, found := findLibrary(out, WebKitLibrary); found {
			return okResult(WebKitLibrary + ": " + where)
		}
		return failResult(WebKitLibrary+" không có trong bộ nhớ đệm thư viện / is not in the linker cache (ldconfig -p)", fix)
	}
	// No ldconfig: look where Debian puts libraries.
	for _, pat := range []string{"/usr/lib/*/" + WebKitLibrary, "/usr/lib/" + WebKitLibrary, "/usr/lib64/" + WebKitLibrary} {
		if m, _ := in.sys.Glob(pat); len(m) > 0 {
			return okResult(WebKitLibrary + ": " + m[0])
		}
	}
	return failResult(fmt.Sprintf("không tìm thấy %[1]s / %[1]s not found (ldconfig: %[2]v)", WebKitLibrary, err), fix)
}

// findLibrary reads `ldconfig -p` output ("\tNAME (FLAGS) => PATH" lines)
// and returns the path of library name.
func findLibrary(ldconfigOut []byte, name string) (string, bool) {
	for line := range strings.Lines(string(ldconfigOut)) {
		lib, where, found := strings.Cut(strings.TrimSpace(line), " => ")
		where = strings.TrimSpace(where)
		if found && where != "" && strings.HasPrefix(lib, name+" ") {
			return where, true
		}
	}
	return "", false
}

func checkConfig(_ context.Context, in doctorInput) doctorResult {
	snap, err := kiosk.LoadSnapshot(in.opts.Config)
	if err != nil {
		probs := problems.From("kiosk.yaml", err)
		first := probs[0].String()
		more := ""
		if len(probs) > 1 {
			more = fmt.Sprintf(" (+%d)", len(probs)-1)
		}
		return failResult(fmt.Sprintf("%s: %d lỗi / %d problem(s): %s%s", in.opts.ConfigName, len(probs), len(probs), first, more),
			"xem tất cả / see them all: tramhocso validate "+in.opts.ConfigName)
	}
	detail := fmt.Sprintf("%s: kiosk %s, %d practice packs, config id %s", in.opts.ConfigName, snap.KioskID, len(snap.Catalog), snap.ConfigID)
	if strings.HasPrefix(in.opts.ConfigName, "built-in") {
		return warnResult(detail, "chưa có cấu hình riêng: chép và sửa / no kiosk-config of its own: run `tramhocso init-config /etc/tramhocso` and edit it")
	}
	return okResult(detail)
}

// SamplePIN is the staff PIN of the sample kiosk-config (kiosk-config/kiosk.yaml
// says so): a kiosk that still accepts it has not been given its own PIN.
const SamplePIN = "246810"

// checkStaffPIN warns when staff mode is off (no PIN) or still opens with the
// sample's PIN, which is public.
func checkStaffPIN(_ context.Context, in doctorInput) doctorResult {
	cfg, err := config.Load(in.opts.Config)
	if err != nil {
		return warnResult("kiosk.yaml không đọc được / cannot be read", "xem dòng Cấu hình / see the configuration line")
	}
	if cfg.Staff.PINHash == "" {
		return warnResult("chưa đặt mã PIN: chế độ cán bộ tắt / no staff PIN: staff mode is off",
			"tạo mã / make one: tramhocso hash-pin, then staff.pin_hash in kiosk.yaml")
	}
	if ok, _ := staff.VerifyPIN(cfg.Staff.PINHash, SamplePIN); ok {
		return warnResult("mã PIN vẫn là mã mẫu "+SamplePIN+" / the staff PIN is still the sample's "+SamplePIN,
			"đặt mã riêng / set your own: tramhocso hash-pin, then staff.pin_hash in kiosk.yaml")
	}
	return okResult("đã đặt mã PIN riêng / a PIN of its own is set")
}

// checkDatabase opens the database the way the kiosk does, with a short
// lock timeout and without compaction. It never creates a database: a
// doctor run as root must not leave a root-owned file the kiosk cannot
// write.
func checkDatabase(_ context.Context, in doctorInput) doctorResult {
	dir := in.opts.DataDir
	path := filepath.Join(dir, store.FileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return warnResult(path+" chưa có / does not exist yet",
			"được tạo khi ki-ốt chạy lần đầu / the kiosk creates it at its first start")
	}
	db, err := store.Open(dir, store.Options{LockTimeout: 300 * time.Millisecond, CompactMinSize: -1})
	var corrupt *store.CorruptError
	switch {
	case err == nil:
		defer db.Close()
		v, verr := db.SchemaVersion()
		if verr != nil {
			return failResult("đọc phiên bản dữ liệu lỗi / reading the schema version: "+verr.Error(), "xem docs/operations.md (khôi phục) / see docs/operations.md (restoring a backup)")
		}
		return okResult(fmt.Sprintf("%s: mở được, schema %d, không ai giữ khoá / opens, schema %d, not locked", path, v, v))
	case errors.Is(err, store.ErrLocked):
		return warnResult(path+": đang được dùng / is in use (locked)",
			"bình thường khi ki-ốt đang chạy; nếu đã dừng, tìm tiến trình giữ khoá / normal while the kiosk runs; if it is stopped, find the holder: fuser -v "+path)
	case errors.As(err, &corrupt):
		return failResult(path+": tệp hỏng / the file is damaged: "+corrupt.Detail,
			"dừng ki-ốt và khôi phục bản sao lưu (docs/operations.md) / stop the kiosk and restore the latest backup (docs/operations.md)")
	case errors.Is(err, store.ErrReadOnly):
		return failResult(path+": không ghi được / not writable: "+err.Error(), "chown -R tramhocso:tramhocso "+dir)
	case errors.Is(err, store.ErrDiskFull):
		return failResult(path+": đĩa đầy / the disk is full", "giải phóng dung lượng / free some space on "+dir)
	default:
		return failResult(path+": "+err.Error(), "xem docs/operations.md / see docs/operations.md")
	}
}

func checkDisk(_ context.Context, in doctorInput) doctorResult {
	// The data directory may not exist yet: measure its nearest parent.
	dir := in.opts.DataDir
	for {
		if _, err := os.Stat(dir); err == nil || filepath.Dir(dir) == dir {
			break
		}
		dir = filepath.Dir(dir)
	}
	free, err := in.sys.FreeBytes(dir)
	if err != nil {
		return failResult("không đo được / cannot measure "+dir+": "+err.Error(), "kiểm tra ổ đĩa / check the disk: df -h "+dir)
	}
	detail := fmt.Sprintf("%s: còn trống / free %s", dir, doctorBytes(free))
	switch {
	case free < diskFailBelow:
		return failResult(detail, "giải phóng dung lượng (cần ít nhất 100 MiB) / free some space (at least 100 MiB): journalctl --vacuum-size=100M, apt-get clean")
	case free < diskWarnBelow:
		return warnResult(detail, "sắp đầy (dưới 1 GiB) / running low (under 1 GiB): journalctl --vacuum-size=100M, apt-get clean")
	}
	return okResult(detail)
}

func checkEspeak(_ context.Context, in doctorInput) doctorResult {
	if p, err := in.sys.LookPath("espeak-ng"); err == nil {
		return okResult(p)
	}
	return warnResult("chưa cài espeak-ng / espeak-ng is not installed", "để đọc to hướng dẫn / for read-aloud: apt-get install espeak-ng")
}

func diskFreeBytes(path string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", path, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

func doctorBytes(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KiB", n>>10)
	}
}
