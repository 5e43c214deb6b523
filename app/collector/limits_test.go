package collector

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	bolt "go.etcd.io/bbolt"

	"tramhocso/app/stats/wire"
)

// countingReader records how much of a body the collector read.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestKioskRateBeforeDecompressing (issue 15): requests under a known kiosk
// id beyond its rate are refused before the body is read; an announced
// gzip bomb is refused from its trailer without inflating; the bucket
// refills with the clock.
func TestKioskRateBeforeDecompressing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		clock := &testClock{t: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)}
		c := open(t, db, map[string]string{"kiosk-a": newKey(t), "kiosk-b": newKey(t)}, Options{Now: clock.Now, KioskRate: 1, KioskBurst: 3})
		h := c.Handler()
		// Corrupt deflate data whose trailer announces 1 GiB: inflating it
		// would fail with a gzip error (400), so a 413 proves it was not inflated.
		bomb := gz(bytes.Repeat([]byte("x"), 64))
		bomb[12] ^= 0xff
		binary.LittleEndian.PutUint32(bomb[len(bomb)-4:], 1<<30)
		post := func(kiosk string) (int, int, string) {
			body := &countingReader{r: bytes.NewReader(bomb)}
			req := httptest.NewRequest("POST", wire.Path, body)
			req.Header.Set("Content-Encoding", "gzip")
			req.Header.Set(wire.HeaderKiosk, kiosk)
			req.Header.Set(wire.HeaderSignature, "v1=00")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code, body.n, rec.Header().Get("Retry-After")
		}
		for i := range 3 {
			if code, _, _ := post("kiosk-a"); code != 413 {
				t.Fatalf("request %d within the burst: %d, want 413 from the gzip trailer", i+1, code)
			}
		}
		code, read, retry := post("kiosk-a")
		if code != 429 || read != 0 || retry != "1" {
			t.Fatalf("over the rate: %d, %d body bytes read, Retry-After %q", code, read, retry)
		}
		if code, _, _ := post("kiosk-b"); code != 413 {
			t.Fatalf("another kiosk is limited too: %d", code)
		}
		clock.Add(time.Second)
		if code, _, _ := post("kiosk-a"); code != 413 {
			t.Fatalf("after a second: %d", code)
		}
		if code, _, _ := post("kiosk-a"); code != 429 {
			t.Fatalf("the refill is one a second: %d", code)
		}
	})
}

// TestReopenMigrates: opening twice applies nothing twice; on PostgreSQL
// schema_migrations lists every file and the BI views answer.
func TestReopenMigrates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		key := newKey(t)
		c := open(t, db, map[string]string{"kiosk-a": key})
		k, _ := wire.ParseKey([]byte(key))
		body := batch("kiosk-a", 1,
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 12},
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 2, Kind: "started", N: 3},
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_failed", N: 9},
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_failed", Error: "cccd.length", N: 6})
		b, _ := wire.Parse(body)
		if code, msg := send(t, c.Handler(), upload{"kiosk-a", b.BatchID, wire.Sign(k, body), body, ""}); code != 200 {
			t.Fatalf("%d %s", code, msg)
		}
		c.Close()
		c2 := open(t, db, map[string]string{"kiosk-a": key})
		got, err := c2.Batch(context.Background(), b.BatchID)
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("after reopening: %v, %d bytes", err, len(got))
		}
		if !IsPostgres(db) {
			return
		}
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		ms, _ := Migrations()
		var n, maxV int
		if err := conn.QueryRow(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &maxV); err != nil || n != len(ms) || maxV != len(ms) {
			t.Fatalf("schema_migrations: %d rows, max %d, %d files (%v)", n, maxV, len(ms), err)
		}
		var started, failed int64
		if err := conn.QueryRow(ctx, `SELECT started, failed_steps FROM v_daily_pack WHERE day = '2026-11-22' AND commune = 'Phường Ba Đình' AND pack = 'khai-sinh'`).Scan(&started, &failed); err != nil || started != 15 || failed != 9 {
			t.Fatalf("v_daily_pack: %d started, %d failed (%v)", started, failed, err)
		}
		if err := conn.QueryRow(ctx, `SELECT n FROM v_errors WHERE error_code = 'cccd.length'`).Scan(&n); err != nil || n != 6 {
			t.Fatalf("v_errors: %d (%v)", n, err)
		}
		if err := conn.QueryRow(ctx, `SELECT n FROM v_steps WHERE step = 'cccd' AND kind = 'step_failed'`).Scan(&n); err != nil || n != 9 {
			t.Fatalf("v_steps: %d (%v)", n, err)
		}
		var sha []byte
		if err := conn.QueryRow(ctx, `SELECT sha256 FROM batches WHERE batch_id = $1 AND sha256 = sha256(body)`, b.BatchID).Scan(&sha); err != nil {
			t.Fatalf("stored SHA-256 is not the body's: %v", err)
		}
	})
}

// TestOpensAFileFromBeforeVersioning: a collector file written before the
// store had layout versions (three buckets, kiosk records without their id)
// opens, keeps its batches and kiosks, and gains the new buckets.
func TestOpensAFileFromBeforeVersioning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	body := batch("kiosk-a", 1, wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 12})
	b, _ := wire.Parse(body)
	err = db.Update(func(tx *bolt.Tx) error {
		bb, _ := tx.CreateBucket(bucketBatches)
		tb, _ := tx.CreateBucket(bucketTotals)
		kb, _ := tx.CreateBucket(bucketKiosks)
		rec, _ := json.Marshal(map[string]any{"kiosk_id": "kiosk-a", "received_at": time.Now(), "sha256": []byte("0123456789abcdef0123456789abcdef"), "body": body})
		bb.Put([]byte(b.BatchID), rec)
		addU64(tb, []byte(strings.Join([]string{"Hà Nội", "Phường Ba Đình", "kiosk-a", "khai-sinh", "1", "2026-11-22", "", "started", ""}, sep)), 12)
		return kb.Put([]byte("kiosk-a"), []byte(`{"province":"Hà Nội","commune":"Phường Ba Đình","batches":1,"started":1}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	c := open(t, path, map[string]string{"kiosk-a": newKey(t)})
	ks, err := c.Store().Kiosks(context.Background())
	if err != nil || len(ks) != 1 || ks[0].Kiosk != "kiosk-a" || ks[0].Batches != 1 {
		t.Fatalf("kiosks %+v %v", ks, err)
	}
	rep, err := c.BuildReport(context.Background(), "", "", Scope{Province: "Hà Nội"})
	if err != nil || len(rep.Packs) != 1 || rep.Packs[0].Starts != 12 {
		t.Fatalf("report %+v %v", rep, err)
	}
	addUser(t, c, "ca-nuoc", Scope{All: true}) // the accounts bucket exists now
	c.Close()
	db, err = bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keySchema)
		if len(v) != 8 || binary.BigEndian.Uint64(v) != uint64(len(boltMigrations)-1) {
			t.Errorf("schema version %x", v)
		}
		return nil
	})
}
