package speech

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// FixWAVHeader makes a streamed RIFF/WAVE file self-consistent. espeak-ng
// writing to a pipe cannot seek back, so it leaves placeholder sizes
// (0x7ffff000) in the RIFF and data chunk headers; some players then wait
// for audio that never comes. FixWAVHeader walks the chunks and sets the RIFF
// size and the data chunk size from the bytes actually present. It returns
// the same slice, changed in place, or an error naming what is wrong.
func FixWAVHeader(b []byte) ([]byte, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("wav: %d bytes is shorter than a RIFF header", len(b))
	}
	if string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, errors.New("wav: not a RIFF/WAVE file")
	}
	binary.LittleEndian.PutUint32(b[4:8], uint32(len(b)-8))
	sawFmt := false
	for off := 12; ; {
		if off+8 > len(b) {
			return nil, fmt.Errorf("wav: no data chunk (stopped at byte %d of %d)", off, len(b))
		}
		id := string(b[off : off+4])
		size := int64(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := int64(off + 8)
		switch id {
		case "fmt ":
			if size < 16 || body+size > int64(len(b)) {
				return nil, fmt.Errorf("wav: fmt chunk at byte %d has size %d", off, size)
			}
			sawFmt = true
		case "data":
			if !sawFmt {
				return nil, fmt.Errorf("wav: data chunk at byte %d comes before the fmt chunk", off)
			}
			binary.LittleEndian.PutUint32(b[off+4:off+8], uint32(int64(len(b))-body))
			return b, nil
		}
		next := body + size + size%2 // chunks are padded to an even length
		if next > int64(len(b)) {
			return nil, fmt.Errorf("wav: %q chunk at byte %d runs past the end (size %d)", id, off, size)
		}
		off = int(next)
	}
}
