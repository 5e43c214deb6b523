package speech

import (
	"encoding/binary"
	"strings"
	"testing"
)

// streamedWAV builds a header like espeak-ng's when writing to a pipe:
// placeholder sizes, then n bytes of samples.
func streamedWAV(n int, extra ...byte) []byte {
	b := []byte("RIFF\x24\xf0\xff\x7fWAVEfmt \x10\x00\x00\x00")
	b = append(b, 1, 0, 1, 0, 0x22, 0x56, 0, 0, 0x44, 0xac, 0, 0, 2, 0, 16, 0)
	b = append(b, extra...)
	b = append(b, []byte("data\x00\xf0\xff\x7f")...)
	return append(b, make([]byte, n)...)
}

func TestFixWAVHeader(t *testing.T) {
	list := append([]byte("LIST\x03\x00\x00\x00abc"), 0) // odd size, padded
	cases := []struct {
		name    string
		in      []byte
		dataAt  int
		wantErr string
	}{
		{"espeak stream", streamedWAV(1000), 36, ""},
		{"no samples", streamedWAV(0), 36, ""},
		{"padded extra chunk before data", streamedWAV(10, list...), 48, ""},
		{"short", []byte("RIFF"), 0, "shorter than a RIFF header"},
		{"not wave", []byte("RIFF\x00\x00\x00\x00AVI LIST"), 0, "not a RIFF/WAVE"},
		{"no data", streamedWAV(0)[:36], 0, "no data chunk"},
		{"data before fmt", []byte("RIFF\x00\x00\x00\x00WAVEdata\x00\x00\x00\x00"), 0, "before the fmt chunk"},
		{"chunk past the end", []byte("RIFF\x00\x00\x00\x00WAVEJUNK\xff\x00\x00\x00"), 0, "runs past the end"},
		{"short fmt", []byte("RIFF\x00\x00\x00\x00WAVEfmt \x02\x00\x00\x00ab"), 0, "fmt chunk at byte 12 has size 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := FixWAVHeader(append([]byte(nil), c.in...))
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := binary.LittleEndian.Uint32(out[4:8]); int(got) != len(out)-8 {
				t.Errorf("RIFF size %d, want %d", got, len(out)-8)
			}
			if string(out[c.dataAt:c.dataAt+4]) != "data" {
				t.Fatalf("no data chunk at %d", c.dataAt)
			}
			if got := binary.LittleEndian.Uint32(out[c.dataAt+4:]); int(got) != len(out)-c.dataAt-8 {
				t.Errorf("data size %d, want %d", got, len(out)-c.dataAt-8)
			}
		})
	}
}

func FuzzFixWAVHeader(f *testing.F) {
	f.Add(streamedWAV(10))
	f.Add(streamedWAV(3, append([]byte("LIST\x03\x00\x00\x00abc"), 0)...))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEJUNK\xff\xff\xff\xff"))
	f.Add([]byte("RIFF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := len(b)
		out, err := FixWAVHeader(b)
		if err != nil {
			return
		}
		if len(out) != n {
			t.Fatalf("length changed: %d → %d", n, len(out))
		}
		if got := binary.LittleEndian.Uint32(out[4:8]); int(got) != n-8 {
			t.Fatalf("RIFF size %d, want %d", got, n-8)
		}
		// Fixing again changes nothing.
		again, err := FixWAVHeader(append([]byte(nil), out...))
		if err != nil || string(again) != string(out) {
			t.Fatalf("not idempotent: %v", err)
		}
	})
}
