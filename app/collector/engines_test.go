package collector

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
)

// PGEnv names the PostgreSQL server the tests use (a postgres:// URL of a
// role that may create databases); build/test/pg-cluster.sh sets it. Without
// it the PostgreSQL half of the suite is skipped — unless CI is set, where a
// missing server is a failure.
const PGEnv = "TRAMHOCSO_TEST_PG"

type engine struct {
	name string
	db   func(t testing.TB) string // a fresh, empty database
}

var engines = []engine{
	{"bbolt", func(t testing.TB) string { return filepath.Join(t.TempDir(), "collector.db") }},
	{"postgres", freshPG},
}

// forEachEngine runs the test once per storage engine.
func forEachEngine(t *testing.T, f func(t *testing.T, db string)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { f(t, e.db(t)) })
	}
}

// freshPG creates an empty database on the test server and drops it after the test.
func freshPG(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(PGEnv)
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set but CI is: the PostgreSQL tests must run (build/test/pg-cluster.sh sets it)", PGEnv)
		}
		t.Skipf("no PostgreSQL server: set %s (build/test/pg-cluster.sh go test ./app/collector/...)", PGEnv)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connecting to %s: %v", PGEnv, err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	name := "tramhocso_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dropping %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
