package api

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"tramhocso/app/speech"
)

func TestSpeechReturnsWAV(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng is not installed (build/setup/debian.sh installs it)")
	}
	f := &fixture{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	deps := f.deps()
	deps.Speech = speech.New(speech.Options{})
	for _, door := range []Door{DoorKiosk, DoorPhone} {
		h := New(door, deps)
		rec := do(t, h, "GET", "/api/speech/available", "")
		var av SpeechAvailable
		if err := json.Unmarshal(rec.Body.Bytes(), &av); err != nil || !av.Available || av.Languages[0] != "vi" {
			t.Fatalf("%s: available = %s (%v)", door, rec.Body, err)
		}
		sentence := "Bước 3: Nhập số định danh cá nhân gồm mười hai chữ số."
		rec = do(t, h, "POST", "/api/speech", `{"text":"`+sentence+`","lang":"vi"}`)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "audio/wav" {
			t.Fatalf("%s: %d %s %.200s", door, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		b := rec.Body.Bytes()
		if len(b) < 20000 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
			t.Fatalf("%s: not a WAV of a sentence: %d bytes, %q", door, len(b), b[:min(12, len(b))])
		}
		if got := binary.LittleEndian.Uint32(b[4:8]); int(got) != len(b)-8 {
			t.Errorf("RIFF size %d, want %d", got, len(b)-8)
		}
		if rec.Header().Get("Content-Length") == "" {
			t.Error("no Content-Length")
		}
		if strings.Contains(f.logs.String(), "định danh") {
			t.Errorf("the text reached the log:\n%s", f.logs.String())
		}
	}
}

func TestSpeechErrors(t *testing.T) {
	f := &fixture{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	missing := f.deps()
	missing.Speech = speech.New(speech.Options{Binary: "espeak-ng-not-installed", MaxRunes: 10})
	none := f.deps() // no speech service at all
	cases := []struct {
		name   string
		deps   Deps
		method string
		path   string
		body   string
		status int
		code   string
	}{
		{"no service: unavailable", none, "GET", "/api/speech/available", "", 200, ""},
		{"no service: speak", none, "POST", "/api/speech", `{"text":"Xin chào","lang":"vi"}`, 503, "speech_unavailable"},
		{"no binary: unavailable", missing, "GET", "/api/speech/available", "", 200, ""},
		{"no binary: speak", missing, "POST", "/api/speech", `{"text":"Xin chào","lang":"vi"}`, 503, "speech_unavailable"},
		{"bad language", missing, "POST", "/api/speech", `{"text":"Bonjour","lang":"fr"}`, 400, "bad_lang"},
		{"empty", missing, "POST", "/api/speech", `{"text":"  ","lang":"vi"}`, 400, "empty_text"},
		{"too long", missing, "POST", "/api/speech", `{"text":"` + strings.Repeat("a", 11) + `","lang":"vi"}`, 413, "text_too_long"},
		{"unknown field", missing, "POST", "/api/speech", `{"text":"a","lang":"vi","voice":"x"}`, 400, ""},
		{"GET speak", missing, "GET", "/api/speech", "", 405, "method_not_allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := do(t, New(DoorKiosk, c.deps), c.method, c.path, c.body)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", rec.Header().Get("Content-Type"))
			}
			if c.status == 200 {
				if !bytes.Equal(bytes.TrimSpace(rec.Body.Bytes()), []byte(`{"available":false,"languages":[]}`)) {
					t.Errorf("body %s", rec.Body)
				}
				return
			}
			var body Body
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || (c.code != "" && body.Code != c.code) {
				t.Errorf("body %s, want code %q", rec.Body, c.code)
			}
		})
	}
}
