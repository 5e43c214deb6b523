package collector

import (
	"path/filepath"
	"strings"
	"testing"

	"tramhocso/app/stats/wire"
)

// FuzzSafeNext: the post-sign-in redirect never leaves the site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/fleet", "//evil.example", "/\\evil.example", "https://evil.example", "/login?next=/x", "", "/charts?place=H%C3%A0|x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
	})
}

// FuzzReceive: any correctly signed body from a registered kiosk is stored
// or refused with a 4xx — never a panic, never a 5xx.
func FuzzReceive(f *testing.F) {
	f.Add(batch("kiosk-a", 1, wire.Counter{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Kind: "started", N: 7}))
	f.Add(batchAt("kiosk-a", 2, wire.Site{Province: "Huế"}, &wire.Health{AppVersion: "v1", ConfigID: "c"}))
	f.Add([]byte(`{"schema":"tramhocso.stats.batch/2"}`))
	key := newKey(f)
	k, _ := wire.ParseKey([]byte(key))
	c := open(f, filepath.Join(f.TempDir(), "fuzz.db"), map[string]string{"kiosk-a": key}, Options{KioskRate: -1})
	h := c.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		id := ""
		if b, err := wire.Parse(body); err == nil {
			id = b.BatchID
		}
		code, msg := send(t, h, upload{"kiosk-a", id, wire.Sign(k, body), body, ""})
		if code >= 500 || (code != 200 && code != 409 && code < 400) {
			t.Fatalf("%d %s", code, msg)
		}
	})
}
