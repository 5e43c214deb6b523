package speech

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// needEspeak skips when espeak-ng is not installed; `make test` runs after
// build/setup/debian.sh, which installs it, so there it always runs.
func needEspeak(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng is not installed (build/setup/debian.sh installs it)")
	}
}

const instruction = "Bước 2: Nhập họ và tên của người được khai sinh, viết có dấu, ví dụ Nguyễn Thị Hồng."

func checkWAV(t *testing.T, b []byte) {
	t.Helper()
	if len(b) < 10000 {
		t.Fatalf("WAV is %d bytes, expected a few seconds of audio", len(b))
	}
	if string(b[:4]) != "RIFF" || string(b[8:16]) != "WAVEfmt " {
		t.Fatalf("not a RIFF/WAVE header: %q", b[:16])
	}
	if got := binary.LittleEndian.Uint32(b[4:8]); int(got) != len(b)-8 {
		t.Errorf("RIFF size %d, want %d", got, len(b)-8)
	}
	i := bytes.Index(b, []byte("data"))
	if got := binary.LittleEndian.Uint32(b[i+4 : i+8]); int(got) != len(b)-i-8 {
		t.Errorf("data size %d, want %d", got, len(b)-i-8)
	}
}

func TestSynthesizeVietnamese(t *testing.T) {
	needEspeak(t)
	s := New(Options{})
	langs, err := s.Check(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if langs[0] != "vi" {
		t.Fatalf("languages %v, want vi first", langs)
	}
	b, err := s.Synthesize(t.Context(), "vi", instruction)
	if err != nil {
		t.Fatal(err)
	}
	checkWAV(t, b)
	// The same text (spaced differently) comes from the cache: the same bytes.
	again, err := s.Synthesize(t.Context(), "vi", "  "+strings.ReplaceAll(instruction, " ", "\n ")+"\t")
	if err != nil {
		t.Fatal(err)
	}
	if &again[0] != &b[0] {
		t.Error("second request was synthesised again instead of coming from the cache")
	}
	if n, _ := s.cache.stats(); n != 1 {
		t.Errorf("cache holds %d entries, want 1", n)
	}
	en, err := s.Synthesize(t.Context(), "en", "Enter the full name of the child.")
	if err != nil {
		t.Fatal(err)
	}
	checkWAV(t, en)
}

func TestSynthesizeConcurrentSameText(t *testing.T) {
	needEspeak(t)
	s := New(Options{MaxConcurrent: 1})
	var wg sync.WaitGroup
	out := make([][]byte, 4)
	for i := range out {
		wg.Go(func() {
			b, err := s.Synthesize(t.Context(), "vi", "Xin chào")
			if err != nil {
				t.Error(err)
			}
			out[i] = b
		})
	}
	wg.Wait()
	for i := range out {
		if !bytes.Equal(out[i], out[0]) {
			t.Fatalf("answer %d differs", i)
		}
	}
}

func TestSynthesizeRefuses(t *testing.T) {
	s := New(Options{MaxRunes: 20, Binary: "espeak-ng-not-installed"})
	cases := []struct {
		name, lang, text string
		want             error
	}{
		{"unknown language", "fr", "Bonjour", ErrLang},
		{"empty", "vi", "  \n\t ", ErrEmpty},
		{"punctuation only", "vi", "… !!! --", ErrEmpty},
		{"too long", "vi", strings.Repeat("ạ", 21), ErrTooLong},
		{"no binary", "vi", "Xin chào", ErrUnavailable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Synthesize(t.Context(), c.lang, c.text)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if _, err := s.Check(t.Context()); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "install the Debian package espeak-ng") {
		t.Errorf("Check without espeak-ng: %v", err)
	}
}

func TestSynthesizeCancelled(t *testing.T) {
	needEspeak(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := New(Options{}).Synthesize(ctx, "vi", instruction); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"":                          "",
		"  Xin\tchào \n bạn  ":      "Xin chào bạn",
		"a\x00b\x1bc":               "a b c",
		"bad \xff utf8":             "bad utf8",
		"Nguyễn\u00a0Thị\u2028Hồng": "Nguyễn Thị Hồng",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHasVoice(t *testing.T) {
	list := []byte("Pty Language       Age/Gender VoiceName          File                 Other Languages\n" +
		" 5  vi              --/M      Vietnamese_(Northern) aav/vi\n 5  en-gb           --/M      English_(Great_Britain) gmw/en\n")
	for voice, want := range map[string]bool{"vi": true, "en-gb": true, "en": false, "Language": false} {
		if got := hasVoice(list, voice); got != want {
			t.Errorf("hasVoice(%q) = %v", voice, got)
		}
	}
}

func TestLRUEvictsByBytes(t *testing.T) {
	c := newLRU(100)
	c.put("a", make([]byte, 39)) // 40 bytes with the key
	c.put("b", make([]byte, 39))
	if _, ok := c.get("a"); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	c.put("c", make([]byte, 39)) // 120 > 100: evicts b, the least recent
	if _, ok := c.get("b"); ok {
		t.Error("b should have been evicted")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s missing", k)
		}
	}
	if n, used := c.stats(); n != 2 || used != 80 {
		t.Errorf("stats = %d entries, %d bytes; want 2, 80", n, used)
	}
	c.put("a", make([]byte, 9)) // replacing shrinks the total
	if _, used := c.stats(); used != 50 {
		t.Errorf("used %d after replacing a, want 50", used)
	}
	c.put("huge", make([]byte, 200)) // larger than the bound: not stored, nothing evicted
	if n, _ := c.stats(); n != 2 {
		t.Errorf("%d entries after an oversized put, want 2", n)
	}
}

func BenchmarkSynthesizeCold(b *testing.B) {
	needEspeak(b)
	for b.Loop() {
		s := New(Options{}) // a fresh cache every time
		if _, err := s.Synthesize(b.Context(), "vi", instruction); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSynthesizeCached(b *testing.B) {
	needEspeak(b)
	s := New(Options{})
	if _, err := s.Synthesize(b.Context(), "vi", instruction); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Synthesize(b.Context(), "vi", instruction); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRemoteCallersLeaveTheKioskASlot: phones (remote callers) can hold all
// espeak-ng slots but one; the kiosk screen can always take that one.
func TestRemoteCallersLeaveTheKioskASlot(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3} {
		s := New(Options{MaxConcurrent: n})
		slots := s.opts.MaxConcurrent
		gone, cancel := context.WithCancel(t.Context())
		cancel() // a caller that will not wait: it gets a slot only if one is free now
		var held []func()
		for range slots - 1 {
			release, err := s.acquire(gone, true)
			if err != nil {
				t.Fatalf("MaxConcurrent %d: a remote caller must get one of %d slots: %v", n, slots-1, err)
			}
			held = append(held, release)
		}
		if _, err := s.acquire(gone, true); !errors.Is(err, context.Canceled) {
			t.Fatalf("MaxConcurrent %d: remote callers took the kiosk's slot (%v)", n, err)
		}
		kiosk, err := s.acquire(gone, false)
		if err != nil {
			t.Fatalf("MaxConcurrent %d: the kiosk found no slot while phones held theirs: %v", n, err)
		}
		if _, err := s.acquire(gone, false); !errors.Is(err, context.Canceled) {
			t.Fatalf("MaxConcurrent %d: more than %d runs at once (%v)", n, slots, err)
		}
		// Giving slots back lets a remote caller in again.
		kiosk()
		held[0]()
		release, err := s.acquire(gone, true)
		if err != nil {
			t.Fatalf("MaxConcurrent %d: after releases: %v", n, err)
		}
		release()
	}
}
