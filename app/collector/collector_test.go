package collector

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tramhocso/app/stats/wire"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newKey(t testing.TB) string {
	k, err := wire.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func open(t testing.TB, db string, kiosks map[string]string, opts ...Options) *Collector {
	t.Helper()
	var b strings.Builder
	b.WriteString("kiosks:\n")
	for id, key := range kiosks {
		fmt.Fprintf(&b, "  - id: %s\n    key: %s\n", id, key)
	}
	reg, err := ParseRegistry("kiosks.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Logger: quiet()}
	if len(opts) > 0 {
		o = opts[0]
		o.Logger = quiet()
	}
	c, err := Open(context.Background(), db, reg, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func batch(kiosk string, seq uint64, counters ...wire.Counter) []byte {
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Hour)
	b := &wire.Batch{Schema: wire.SchemaV1, BatchID: wire.BatchID(kiosk, end, seq), KioskID: kiosk, Seq: seq,
		PeriodStart: end.Add(-time.Hour).Format(time.RFC3339), PeriodEnd: end.Format(time.RFC3339), SealedAt: end.Format(time.RFC3339),
		Site: wire.Site{Province: "Hà Nội", Commune: "Phường Ba Đình"}, Counters: counters,
		Hourly: []wire.Hourly{{Hour: "2026-11-23T10:00:00+07:00", Started: 1}}}
	data, err := wire.Marshal(b)
	if err != nil {
		panic(err)
	}
	return data
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

type upload struct {
	kiosk, id, sig string
	body           []byte // uncompressed; sent gzip
	sentAt         string // default 2026-11-23T04:00:01Z
}

func send(t testing.TB, h http.Handler, u upload) (int, string) {
	t.Helper()
	req := httptest.NewRequest("POST", wire.Path, bytes.NewReader(gz(u.body)))
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set(wire.HeaderKiosk, u.kiosk)
	req.Header.Set(wire.HeaderIdempotencyKey, u.id)
	req.Header.Set(wire.HeaderSignature, u.sig)
	req.Header.Set(wire.HeaderSentAt, cmp.Or(u.sentAt, "2026-11-23T04:00:01Z"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestReceive(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		keyA, keyB := newKey(t), newKey(t)
		kA, _ := wire.ParseKey([]byte(keyA))
		kB, _ := wire.ParseKey([]byte(keyB))
		c := open(t, db, map[string]string{"kiosk-a": keyA, "kiosk-b": keyB})
		h := c.Handler()
		ct := wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 7}
		body := batch("kiosk-a", 1, ct)
		id := wire.BatchID("kiosk-a", time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), 1)
		other := batch("kiosk-a", 1, wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 8})
		tampered := bytes.Replace(body, []byte(`"n":7`), []byte(`"n":70`), 1)

		refused := []struct {
			name string
			u    upload
			code int
		}{
			{"wrong key", upload{"kiosk-a", id, wire.Sign(kB, body), body, ""}, 401},
			{"tampered body", upload{"kiosk-a", id, wire.Sign(kA, body), tampered, ""}, 401},
			{"unknown kiosk", upload{"kiosk-z", id, wire.Sign(kA, body), body, ""}, 401},
			{"no signature", upload{"kiosk-a", id, "", body, ""}, 401},
			{"kiosk header differs from body", upload{"kiosk-b", id, wire.Sign(kB, body), body, ""}, 400},
			{"idempotency key differs", upload{"kiosk-a", id + "0", wire.Sign(kA, body), body, ""}, 400},
			{"not a batch", upload{"kiosk-a", id, wire.Sign(kA, []byte(`{"x":1}`)), []byte(`{"x":1}`), ""}, 400},
		}
		for _, c2 := range refused {
			if code, msg := send(t, h, c2.u); code != c2.code {
				t.Errorf("%s: %d %s, want %d", c2.name, code, msg, c2.code)
			}
		}
		if tot, _ := c.Totals(context.Background()); tot.Batches != 0 {
			t.Fatalf("refused uploads stored %d batches", tot.Batches)
		}

		ok := upload{"kiosk-a", id, wire.Sign(kA, body), body, ""}
		if code, msg := send(t, h, ok); code != 200 || !strings.Contains(msg, `"stored"`) {
			t.Fatalf("first upload: %d %s", code, msg)
		}
		if code, msg := send(t, h, ok); code != 200 || !strings.Contains(msg, "already_have_it") {
			t.Fatalf("repeat: %d %s", code, msg)
		}
		if code, msg := send(t, h, upload{"kiosk-a", id, wire.Sign(kA, other), other, ""}); code != 409 {
			t.Fatalf("same id, other bytes: %d %s", code, msg)
		}
		tot, err := c.Totals(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		ct.N = 0
		if tot.Batches != 1 || tot.Counters[ct] != 7 || tot.Kiosks["kiosk-a"].Started != 1 {
			t.Fatalf("totals %+v", tot)
		}
	})
}

func TestReceiveLimits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		key := newKey(t)
		c := open(t, db, map[string]string{"kiosk-a": key})
		// A gzip bomb: small on the wire, over the uncompressed limit.
		bomb := gz(bytes.Repeat([]byte(" "), MaxUncompressedBytes+10))
		req := httptest.NewRequest("POST", wire.Path, bytes.NewReader(bomb))
		req.Header.Set("Content-Encoding", "gzip")
		req.Header.Set(wire.HeaderKiosk, "kiosk-a")
		req.Header.Set(wire.HeaderSignature, "v1=00")
		rec := httptest.NewRecorder()
		c.Handler().ServeHTTP(rec, req)
		if rec.Code != 413 {
			t.Fatalf("gzip bomb: %d", rec.Code)
		}
	})
}

func TestReportSuppressesSmallCounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		key := newKey(t)
		k, _ := wire.ParseKey([]byte(key))
		c := open(t, db, map[string]string{"kiosk-a": key})
		body := batch("kiosk-a", 1,
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 12},
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Kind: "finished", N: 3},
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_failed", N: 9},
			wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Step: "cccd", Kind: "step_failed", Error: "cccd.length", N: 6},
			wire.Counter{Day: "2026-11-23", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 100},
		)
		id := wire.BatchID("kiosk-a", time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), 1)
		if code, msg := send(t, c.Handler(), upload{"kiosk-a", id, wire.Sign(k, body), body, ""}); code != 200 {
			t.Fatalf("%d %s", code, msg)
		}
		rep, err := c.BuildReport(context.Background(), "2026-11-22", "2026-11-22", Scope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Packs) != 1 || rep.Packs[0].Starts != 12 || rep.Packs[0].Commune != "Phường Ba Đình" {
			t.Fatalf("report %+v", rep.Packs)
		}
		var buf bytes.Buffer
		if err := rep.WriteCSV(csv.NewWriter(&buf)); err != nil {
			t.Fatal(err)
		}
		want := "Hà Nội,Phường Ba Đình,kiosk-a,khai-sinh,12,<5,<5,<5,9,cccd (9),cccd.length (6)\n"
		if !strings.HasSuffix(buf.String(), want) {
			t.Fatalf("CSV:\n%s\nwant last line %s", buf.String(), want)
		}
		addUser(t, c, "ca-nuoc", Scope{All: true})
		b := signIn(t, c.Handler(), "ca-nuoc")
		rec := b.get("/report")
		html := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(html, "&lt;5") || !strings.Contains(html, ">112<") {
			t.Fatalf("HTML report %d:\n%s", rec.Code, html)
		}
		if rec := b.get("/report.csv?from=22-11-2026"); rec.Code != 400 {
			t.Fatalf("bad day: %d", rec.Code)
		}
	})
}

func TestCell(t *testing.T) {
	for n, want := range map[uint64]string{0: "<5", 1: "<5", 4: "<5", 5: "5", 1234: "1234"} {
		if got := Cell(n); got != want {
			t.Errorf("Cell(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseRegistry(t *testing.T) {
	key := newKey(t)
	cases := []struct {
		name, yaml, want string
	}{
		{"ok", "kiosks:\n  - id: kiosk-a\n    key: " + key + "\n", ""},
		{"empty list", "kiosks: []\n", "kiosks.yaml:1: kiosks: lists no kiosk"},
		{"bad id", "kiosks:\n  - id: Kiosk A\n    key: " + key + "\n", "kiosks.yaml:2: kiosks.0.id"},
		{"short key", "kiosks:\n  - id: kiosk-a\n    key: abcd\n", "kiosks.yaml:3: kiosks.0.key"},
		{"duplicate", "kiosks:\n  - id: kiosk-a\n    key: " + key + "\n  - id: kiosk-a\n    key: " + key + "\n", "kiosks.yaml:4: kiosks.1.id: kiosk kiosk-a is listed twice"},
		{"unknown field", "kiosks:\n  - id: kiosk-a\n    key: " + key + "\n    colour: red\n", "kiosks.yaml:4"},
	}
	for _, c := range cases {
		_, err := ParseRegistry("kiosks.yaml", []byte(c.yaml))
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func FuzzParseRegistry(f *testing.F) {
	f.Add([]byte("kiosks:\n  - id: kiosk-a\n    key: 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"))
	f.Add([]byte("kiosks: [\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := ParseRegistry("kiosks.yaml", data)
		if err == nil && reg.Len() == 0 {
			t.Fatal("an empty registry was accepted")
		}
	})
}
