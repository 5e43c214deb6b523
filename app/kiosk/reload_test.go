package kiosk

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tramhocso/app/api"
)

// wait bounds every wait for the watcher: generous, so a loaded CI machine
// does not fail, yet a reload that never happens fails the test.
const wait = 15 * time.Second

// liveKiosk copies the sample kiosk-config into a temp directory and opens a
// kiosk watching it. Returns the kiosk, the config dir and the data dir.
func liveKiosk(t *testing.T, dataDir string) (*Kiosk, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "kiosk-config")
	if err := os.CopyFS(dir, os.DirFS("../../kiosk-config")); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "secrets"))
	return openLive(t, dir, dataDir), dir
}

func openLive(t *testing.T, dir, dataDir string) *Kiosk {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	k, err := Open(t.Context(), Options{
		Config: os.DirFS(dir), ConfigName: dir, ConfigDir: dir, DataDir: dataDir,
		Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}},
		Notify: func(string) (bool, error) { return false, nil },
	})
	if err != nil {
		t.Fatalf("opening the kiosk: %v", err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

// until polls cond until it holds or the bounded wait ends.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", wait, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// servedTitles asks the kiosk's own API, as the frontend does.
func servedTitles(t *testing.T, k *Kiosk) []string {
	t.Helper()
	rec := httptest.NewRecorder()
	k.APIHandler(api.DoorKiosk).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/catalog", nil))
	var c api.Catalog
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
		t.Fatalf("catalog: %v: %s", err, rec.Body)
	}
	var out []string
	for _, p := range c.Packs {
		out = append(out, p.Title.VI)
	}
	return out
}

func hasTitle(t *testing.T, k *Kiosk, title string) bool {
	for _, s := range servedTitles(t, k) {
		if s == title {
			return true
		}
	}
	return false
}

// packWithTitle returns the pack file holding the first catalog title and
// that title.
func packWithTitle(t *testing.T, k *Kiosk, dir string) (string, string) {
	t.Helper()
	title := k.snap.Load().Catalog[0].Title.VI
	files, _ := filepath.Glob(filepath.Join(dir, "practice", "*.yaml"))
	for _, f := range files {
		if b, _ := os.ReadFile(f); bytes.Contains(b, []byte(title)) {
			return f, title
		}
	}
	t.Fatalf("no pack file holds %q", title)
	return "", ""
}

func retitled(t *testing.T, file, old, new string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReloadInPlaceWrite(t *testing.T) {
	k, dir := liveKiosk(t, "")
	file, title := packWithTitle(t, k, dir)
	must(t, os.WriteFile(file, retitled(t, file, title, title+" (mới)"), 0o644))
	until(t, "the new title is served", func() bool { return hasTitle(t, k, title+" (mới)") })
	if st := k.ConfigStatus(); st.Source != SourceLive || st.LastError != "" {
		t.Fatalf("status %+v", st)
	}
}

func TestReloadAtomicRenameSave(t *testing.T) {
	k, dir := liveKiosk(t, "")
	yml := filepath.Join(dir, "kiosk.yaml")
	b, _ := os.ReadFile(yml)
	// How vim and most editors save: write a temp file, rename it over.
	tmp := filepath.Join(dir, ".kiosk.yaml.swp")
	must(t, os.WriteFile(tmp, bytes.Replace(b, []byte("name: Bộ phận Một cửa phường Ba Đình (mẫu)"), []byte("name: Điểm chạm số công viên"), 1), 0o644))
	must(t, os.Rename(tmp, yml))
	until(t, "the new site name is served", func() bool { return k.snap.Load().SiteName == "Điểm chạm số công viên" })
}

func TestReloadRsyncTempFile(t *testing.T) {
	k, dir := liveKiosk(t, "")
	file, title := packWithTitle(t, k, dir)
	// rsync writes .NAME.XXXXXX next to the file, then renames it.
	tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".Xy12Ab")
	must(t, os.WriteFile(tmp, retitled(t, file, title, title+" (rsync)"), 0o600))
	must(t, os.Rename(tmp, file))
	until(t, "the rsynced title is served", func() bool { return hasTitle(t, k, title+" (rsync)") })
}

func TestReloadRefusesInvalidThenAcceptsFix(t *testing.T) {
	k, dir := liveKiosk(t, "")
	before := k.snap.Load().ConfigID
	yml := filepath.Join(dir, "kiosk.yaml")
	good, _ := os.ReadFile(yml)
	must(t, os.WriteFile(yml, bytes.Replace(good, []byte("text_size: normal"), []byte("text_size: huge"), 1), 0o644))
	// os.WriteFile truncates, then writes: on a busy machine the watcher can
	// read the empty file in between and report that first; the edit's own
	// error must follow.
	until(t, "the broken edit is reported", func() bool {
		return strings.Contains(k.ConfigStatus().LastError, `text_size: "huge"`)
	})
	st := k.ConfigStatus()
	if !strings.Contains(st.LastError, `text_size: "huge" is not one of normal, large, largest`) || st.LastErrorAt == nil || len(st.Problems) != 1 {
		t.Fatalf("status %+v", st)
	}
	if k.snap.Load().ConfigID != before || st.ConfigID != before || len(servedTitles(t, k)) == 0 {
		t.Fatal("the last good configuration must still be served")
	}
	// The health endpoint shows it on the kiosk door, not on the phone door.
	rec := httptest.NewRecorder()
	k.APIHandler(api.DoorKiosk).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/health", nil))
	if !strings.Contains(rec.Body.String(), `"last_error":`) {
		t.Fatalf("health on the kiosk door: %s", rec.Body)
	}
	rec = httptest.NewRecorder()
	k.APIHandler(api.DoorPhone).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/health", nil))
	if strings.Contains(rec.Body.String(), `"config"`) {
		t.Fatalf("health on the phone door must not show the config status: %s", rec.Body)
	}
	must(t, os.WriteFile(yml, bytes.Replace(good, []byte("text_size: normal"), []byte("text_size: large"), 1), 0o644))
	until(t, "the fix is applied", func() bool { return k.ConfigStatus().LastError == "" && k.snap.Load().ConfigID != before })
	if k.snap.Load().Config.TextSize != "large" {
		t.Fatalf("text size %q", k.snap.Load().Config.TextSize)
	}
}

func TestReloadPartialWriteThenFix(t *testing.T) {
	k, dir := liveKiosk(t, "")
	file, title := packWithTitle(t, k, dir)
	full := retitled(t, file, title, title+" (sửa)")
	// A copy over a flaky link stops half-way ...
	must(t, os.WriteFile(file, full[:len(full)/2], 0o644))
	until(t, "the half file is refused", func() bool { return k.ConfigStatus().LastError != "" })
	if !hasTitle(t, k, title) {
		t.Fatal("the old pack must still be served")
	}
	// ... and the retry completes it.
	must(t, os.WriteFile(file, full, 0o644))
	until(t, "the completed file is applied", func() bool { return hasTitle(t, k, title+" (sửa)") && k.ConfigStatus().LastError == "" })
}

func TestReloadDirectoryDeletedAndRecreated(t *testing.T) {
	k, dir := liveKiosk(t, "")
	file, title := packWithTitle(t, k, dir)
	content := retitled(t, file, title, title+" (tạo lại)")
	saved := t.TempDir()
	must(t, os.CopyFS(saved, os.DirFS(dir)))
	// The whole config directory goes away ...
	must(t, os.RemoveAll(dir))
	until(t, "the missing directory is reported", func() bool { return k.ConfigStatus().LastError != "" })
	if !hasTitle(t, k, title) {
		t.Fatal("the last good configuration must still be served")
	}
	// ... and comes back with a change.
	must(t, os.CopyFS(dir, os.DirFS(saved)))
	must(t, os.WriteFile(filepath.Join(dir, "practice", filepath.Base(file)), content, 0o644))
	until(t, "the recreated directory is applied", func() bool { return hasTitle(t, k, title+" (tạo lại)") })
	// A subdirectory removed and recreated is picked up too.
	must(t, os.RemoveAll(filepath.Join(dir, "practice")))
	until(t, "the missing practice directory is reported", func() bool { return k.ConfigStatus().LastError != "" })
	must(t, os.CopyFS(filepath.Join(dir, "practice"), os.DirFS(filepath.Join(saved, "practice"))))
	until(t, "the recreated practice directory is applied", func() bool {
		return hasTitle(t, k, title) && k.ConfigStatus().LastError == ""
	})
}

// TestReloadKubernetesSymlinkSwap: a ConfigMap volume keeps the files in a
// timestamped ..2026_… directory; ..data links to it and every top-level
// name links through ..data. An update writes a new directory and renames a
// new ..data link over the old one.
func TestReloadKubernetesSymlinkSwap(t *testing.T) {
	root := filepath.Join(t.TempDir(), "kiosk-config")
	must(t, os.MkdirAll(root, 0o755))
	v1 := filepath.Join(root, "..2026_11_23_10_00_00.1")
	must(t, os.CopyFS(v1, os.DirFS("../../kiosk-config")))
	os.RemoveAll(filepath.Join(v1, "secrets"))
	must(t, os.Symlink(filepath.Base(v1), filepath.Join(root, "..data")))
	entries, _ := os.ReadDir(v1)
	for _, e := range entries {
		must(t, os.Symlink(filepath.Join("..data", e.Name()), filepath.Join(root, e.Name())))
	}
	k := openLive(t, root, "")
	file, title := packWithTitle(t, k, root)
	rel, _ := filepath.Rel(root, file)
	v2 := filepath.Join(root, "..2026_11_23_10_05_00.2")
	must(t, os.CopyFS(v2, os.DirFS(v1)))
	must(t, os.WriteFile(filepath.Join(v2, rel), retitled(t, filepath.Join(v1, rel), title, title+" (k8s)"), 0o644))
	must(t, os.Symlink(filepath.Base(v2), filepath.Join(root, "..data_tmp")))
	must(t, os.Rename(filepath.Join(root, "..data_tmp"), filepath.Join(root, "..data")))
	must(t, os.RemoveAll(v1))
	until(t, "the swapped ConfigMap is applied", func() bool { return hasTitle(t, k, title+" (k8s)") })
}

func TestRestartOnlySettingsAreReported(t *testing.T) {
	k, dir := liveKiosk(t, "")
	yml := filepath.Join(dir, "kiosk.yaml")
	b, _ := os.ReadFile(yml)
	must(t, os.WriteFile(yml, bytes.Replace(b, []byte(`listen: ""`), []byte(`listen: "0.0.0.0:8080"`), 1), 0o644))
	until(t, "the change is applied", func() bool { return len(k.ConfigStatus().PendingRestart) > 0 })
	if got := k.ConfigStatus().PendingRestart; len(got) != 1 || got[0] != "handoff.listen" {
		t.Fatalf("pending restart %q", got)
	}
}

func TestBootOnLastKnownGood(t *testing.T) {
	data := t.TempDir()
	k, dir := liveKiosk(t, data)
	good := k.snap.Load().ConfigID
	k.Close()
	yml := filepath.Join(dir, "kiosk.yaml")
	b, _ := os.ReadFile(yml)
	must(t, os.WriteFile(yml, bytes.Replace(b, []byte("version: 2"), []byte("version: two"), 1), 0o644))

	var logs bytes.Buffer
	k2, err := Open(t.Context(), Options{
		Config: os.DirFS(dir), ConfigName: dir, ConfigDir: dir, DataDir: data, Logger: textLogger(&logs),
		Notify: func(string) (bool, error) { return false, nil },
	})
	if err != nil {
		t.Fatalf("a broken config with a last good copy must still start: %v", err)
	}
	defer k2.Close()
	st := k2.ConfigStatus()
	if st.Source != SourceLastGood || st.ConfigID != good || !strings.Contains(st.LastError, "is not a version number") {
		t.Fatalf("status %+v", st)
	}
	if !strings.Contains(logs.String(), "CONFIGURATION REFUSED") {
		t.Fatalf("the start on the last good config must be loud:\n%s", logs.String())
	}
	if len(servedTitles(t, k2)) == 0 {
		t.Fatal("the last good packs must be served")
	}
	// Fixing the directory switches back to it.
	must(t, os.WriteFile(yml, b, 0o644))
	until(t, "the fixed directory is live again", func() bool { return k2.ConfigStatus().Source == SourceLive })
}

func TestBrokenConfigWithoutLastGoodFails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	must(t, os.CopyFS(dir, os.DirFS("../../kiosk-config")))
	must(t, os.WriteFile(filepath.Join(dir, "kiosk.yaml"), []byte("version: 2\n"), 0o644))
	_, err := Open(t.Context(), Options{Config: os.DirFS(dir), ConfigName: dir, ConfigDir: dir, DataDir: t.TempDir(),
		Notify: func(string) (bool, error) { return false, nil }})
	if err == nil || !strings.Contains(err.Error(), "kiosk: missing") {
		t.Fatalf("got %v", err)
	}
}

func TestReloadConfigNow(t *testing.T) {
	k, _ := liveKiosk(t, "")
	st := k.ReloadConfig(t.Context())
	if st.Source != SourceLive || st.LastError != "" {
		t.Fatalf("status %+v", st)
	}
}

// TestRunningPracticeKeepsItsPackVersionAcrossAReload: a pack's new version
// goes to new practices; one already running goes on with the version it
// started with.
func TestRunningPracticeKeepsItsPackVersionAcrossAReload(t *testing.T) {
	k, dir := liveKiosk(t, "")
	h := k.APIHandler(api.DoorKiosk)
	post := func(path, body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", path, strings.NewReader(body)))
		return rec
	}
	rec := post("/api/practice", `{"pack":"khai-tu"}`)
	var started api.PracticeStarted
	if err := json.Unmarshal(rec.Body.Bytes(), &started); err != nil || rec.Code != 200 {
		t.Fatalf("start: %d %s", rec.Code, rec.Body)
	}
	oldVersion := started.View.Version
	file := filepath.Join(dir, "practice", "khai-tu.yaml")
	b, err := os.ReadFile(file)
	must(t, err)
	bumped := regexp.MustCompile(`(?m)^version: \d+`).ReplaceAll(b, []byte("version: "+itoa(oldVersion+1)))
	if bytes.Equal(bumped, b) {
		t.Fatal("could not bump the pack's version")
	}
	must(t, os.WriteFile(file, bumped, 0o644))
	until(t, "the new pack version is served", func() bool {
		p := k.snap.Load().Practice.Pack("khai-tu", 0)
		return p != nil && p.Version == oldVersion+1
	})
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/practice/"+started.ID, nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"version":`+itoa(oldVersion)) {
		t.Fatalf("the running practice lost its pack version: %d %s", rec.Code, rec.Body)
	}
	rec = post("/api/practice", `{"pack":"khai-tu"}`)
	if !strings.Contains(rec.Body.String(), `"version":`+itoa(oldVersion+1)) {
		t.Fatalf("a new practice must get the new version: %s", rec.Body)
	}
}
