package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tramhocso/app/store"
)

func TestBackupCommand(t *testing.T) {
	data := t.TempDir()
	db, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	dest := filepath.Join(t.TempDir(), "backup.db")
	env, stdout, stderr := testEnv(t, nil)
	if code := Run(context.Background(), []string{"backup", "--data", data, dest}, env); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "backed up") {
		t.Errorf("stdout %q", stdout.String())
	}
	if st, err := os.Stat(dest); err != nil || st.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}

	env, _, stderr = testEnv(t, nil)
	if code := Run(context.Background(), []string{"backup", "--data", t.TempDir(), dest + "2"}, env); code != 1 || !strings.Contains(stderr.String(), store.FileName) {
		t.Fatalf("backup of an empty data dir: exit %d, %s", code, stderr.String())
	}
	env, _, _ = testEnv(t, nil)
	if code := Run(context.Background(), []string{"backup"}, env); code != 2 {
		t.Fatalf("backup without a file: exit %d, want 2", code)
	}
}
