package wire

import (
	"strings"
	"testing"
	"time"
)

func sample() *Batch {
	end := time.Date(2026, 11, 23, 4, 0, 0, 0, time.UTC)
	return &Batch{
		Schema: Schema, KioskID: "hn-ba-dinh-01", Seq: 7, BatchID: BatchID("hn-ba-dinh-01", end, 7),
		PeriodStart: "2026-11-23T03:00:00Z", PeriodEnd: "2026-11-23T04:00:00Z", SealedAt: "2026-11-23T04:00:05Z",
		Site:     Site{Province: "Hà Nội", Commune: "Phường Ba Đình"},
		Counters: []Counter{{Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Step: "ho-ten", Kind: "step_failed", N: 3}, {Day: "2026-11-22", Pack: "khai-sinh", PackVersion: 1, Step: "ho-ten", Kind: "step_failed", Error: "name.digit", N: 2}},
		Hourly:   []Hourly{{Hour: "2026-11-23T10:00:00+07:00", Started: 2, Finished: 1}},
		Health:   &Health{AppVersion: "v1.4.0", ConfigID: "cfg-3f2a1c", OutboxDepth: 2, DeadLetters: 1, UptimeSec: 3600, LastReloadError: "config.yaml_syntax", ClockOffsetSec: -4},
	}
}

func TestVersion1StillAccepted(t *testing.T) {
	b := sample()
	b.Schema, b.Health = SchemaV1, nil
	data, err := Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "health") {
		t.Fatalf("a version 1 batch carries a health block: %s", data)
	}
	got, err := Parse(data)
	if err != nil || got.Health != nil {
		t.Fatalf("version 1: %v %+v", err, got)
	}
}

func TestMarshalParseRoundTrip(t *testing.T) {
	b := sample()
	data, err := Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if b.BatchID != "hn-ba-dinh-01.20261123T040000Z.000007" {
		t.Fatalf("batch id %s", b.BatchID)
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Marshal(got)
	if err != nil || string(again) != string(data) {
		t.Fatalf("not canonical:\n%s\n%s", data, again)
	}
	if got.Events() != 3 {
		t.Fatalf("events %d, want 3 (error counters are not events)", got.Events())
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct {
		name, want string
		edit       func(b *Batch)
		raw        string
	}{
		{name: "schema", want: "schema", edit: func(b *Batch) { b.Schema = "x" }},
		{name: "kiosk", want: "kiosk_id", edit: func(b *Batch) { b.KioskID = "Nguyễn Văn An" }},
		{name: "id mismatch", want: "batch_id", edit: func(b *Batch) { b.Seq = 8 }},
		{name: "period order", want: "period_end", edit: func(b *Batch) { b.PeriodStart = "2026-11-23T05:00:00Z" }},
		{name: "day", want: "counters[0].day", edit: func(b *Batch) { b.Counters[0].Day = "23/11/2026" }},
		{name: "pack text", want: "counters[0].pack", edit: func(b *Batch) { b.Counters[0].Pack = "Khai sinh cho bé An" }},
		{name: "step text", want: "counters[0].step", edit: func(b *Batch) { b.Counters[0].Step = "0912 345 678" }},
		{name: "error digits", want: "counters[1].error", edit: func(b *Batch) { b.Counters[1].Error = "001203004567" }},
		{name: "error email", want: "counters[1].error", edit: func(b *Batch) { b.Counters[1].Error = "an@example.vn" }},
		{name: "zero n", want: "counters[0].n", edit: func(b *Batch) { b.Counters[0].N = 0 }},
		{name: "hourly zero", want: "hourly[0]", edit: func(b *Batch) { b.Hourly[0] = Hourly{Hour: b.Hourly[0].Hour} }},
		{name: "v2 without health", want: "health", edit: func(b *Batch) { b.Health = nil }},
		{name: "v1 with health", want: "health", edit: func(b *Batch) { b.Schema = SchemaV1 }},
		{name: "health version text", want: "health.app_version", edit: func(b *Batch) { b.Health.AppVersion = "Nguyễn Văn An" }},
		{name: "health config", want: "health.config_id", edit: func(b *Batch) { b.Health.ConfigID = "" }},
		{name: "health reload error", want: "health.last_reload_error", edit: func(b *Batch) { b.Health.LastReloadError = "0912345678" }},
		{name: "health clock", want: "health.clock_offset_sec", edit: func(b *Batch) { b.Health.ClockOffsetSec = 1 << 40 }},
		{name: "unknown field", want: "unknown field", raw: `{"schema":"tramhocso.stats.batch/1","note":"x"}`},
		{name: "trailing", want: "trailing", raw: "{}\n{}"},
		{name: "wrong type", want: "seq", raw: `{"seq":"seven"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := []byte(c.raw)
			if c.edit != nil {
				b := sample()
				c.edit(b)
				var err error
				if data, err = Marshal(b); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Parse(data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error naming %q", err, c.want)
			}
		})
	}
}

func TestSignVerify(t *testing.T) {
	key := []byte(strings.Repeat("k", KeyBytes))
	body := []byte(`{"a":1}`)
	sig := Sign(key, body)
	cases := []struct {
		name string
		key  []byte
		body []byte
		sig  string
		want bool
	}{
		{"good", key, body, sig, true},
		{"wrong key", []byte(strings.Repeat("x", KeyBytes)), body, sig, false},
		{"tampered", key, []byte(`{"a":2}`), sig, false},
		{"no prefix", key, body, strings.TrimPrefix(sig, SignaturePrefix), false},
		{"not hex", key, body, SignaturePrefix + "zz", false},
		{"empty", key, body, "", false},
	}
	for _, c := range cases {
		if got := Verify(c.key, c.body, c.sig); got != c.want {
			t.Errorf("%s: Verify = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestParseKey(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in string
		ok bool
	}{{k, true}, {"  " + k + "\n", true}, {k[:62], false}, {k + "00", false}, {"not a key", false}, {"", false}}
	for _, c := range cases {
		_, err := ParseKey([]byte(c.in))
		if (err == nil) != c.ok {
			t.Errorf("ParseKey(%q): %v", c.in, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	data, err := Marshal(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	v1 := sample()
	v1.Schema, v1.Health = SchemaV1, nil
	if data, err = Marshal(v1); err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"schema":"tramhocso.stats.batch/1","counters":[{"n":-1}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			return
		}
		// Whatever parses re-encodes and parses again to the same batch.
		again, err := Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(again); err != nil {
			t.Fatalf("re-encoded batch does not parse: %v", err)
		}
	})
}

func FuzzParseKey(f *testing.F) {
	f.Add([]byte("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseKey(data)
		if err == nil && len(k) != KeyBytes {
			t.Fatalf("key of %d bytes accepted", len(k))
		}
	})
}
