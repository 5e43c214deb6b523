package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
)

// KeyFileName is the file of session keys in the data directory, beside the
// database. It is never part of a backup (Backup copies the database only).
const KeyFileName = "tramhocso.keys"

// The key file is a header slot followed by fixed-size slots, each either
// all zeros (free) or one live session's key:
//
//	header: "THSKEYS1" | uint32 version (1) | uint32 slot size (64) | zeros
//	slot:   16-byte session id | 32-byte AES-256 key | CRC-32C of id‖key (LE) | 12 zero bytes
//
// Slots are written in place with one 64-byte write (which never crosses a
// disk sector: slots are 64-byte aligned) followed by fsync, so destroying a
// key overwrites the only copy this program ever wrote. The file only grows,
// by appending zeroed slots; it is never rewritten, copied or renamed.
const (
	keyMagic    = "THSKEYS1"
	keyVersion  = 1
	keySlotSize = 64
	// KeyIDLen and KeyLen are the sizes of a session id and of its key.
	KeyIDLen = 16
	KeyLen   = 32
	keyGrow  = 64 // slots added when every slot is taken (4 KiB)
	// MaxKeySlots bounds the file (live sessions at once): 1 MiB.
	MaxKeySlots = 1<<14 - 1
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Keys is the key file, open: a key per live session, kept in memory and in
// its slot. It is safe for concurrent use.
type Keys struct {
	path   string
	noSync bool

	mu    sync.Mutex
	f     *os.File
	slots int                    // slots in the file, header included
	byID  map[[KeyIDLen]byte]int // id → slot
	keys  map[[KeyIDLen]byte][]byte
	free  []int // free slots, lowest last
}

// ErrKeyExists: a key for this id is already in the file.
var ErrKeyExists = errors.New("a key for this session already exists")

// openKeys opens (creating when needed) the key file at path. Slots that
// do not check out (a write torn by a power cut, a duplicate id) are
// overwritten with zeros: a torn slot is either a key whose session never
// committed or a key already being destroyed.
//
// A new key file gets the database file's owner (owner is its path): a
// `tramhocso doctor` run as root must not leave a file the kiosk's user
// cannot open.
func openKeys(path, owner string, noSync bool) (*Keys, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		if err = chownLike(path, owner); err != nil {
			f.Close()
			os.Remove(path)
			return nil, fmt.Errorf("creating the key file %s: %w", path, err)
		}
	}
	if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(path, os.O_RDWR, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("opening the key file %s: %w", path, classify(err))
	}
	k := &Keys{path: path, noSync: noSync, f: f, byID: map[[KeyIDLen]byte]int{}, keys: map[[KeyIDLen]byte][]byte{}}
	if err := k.load(); err != nil {
		f.Close()
		return nil, err
	}
	return k, nil
}

func (k *Keys) load() error {
	img, err := io.ReadAll(io.LimitReader(k.f, (MaxKeySlots+1)*keySlotSize+1))
	if err != nil {
		return fmt.Errorf("reading the key file %s: %w", k.path, err)
	}
	if len(img) > (MaxKeySlots+1)*keySlotSize {
		return &CorruptError{Path: k.path, Detail: fmt.Sprintf("the key file is larger than %d bytes", (MaxKeySlots+1)*keySlotSize)}
	}
	if len(img) < keySlotSize {
		// New, or created and cut short before its header was synced:
		// either way no key in it ever protected a committed session.
		hdr := make([]byte, keySlotSize)
		copy(hdr, keyMagic)
		binary.LittleEndian.PutUint32(hdr[8:], keyVersion)
		binary.LittleEndian.PutUint32(hdr[12:], keySlotSize)
		if _, err := k.f.WriteAt(append(hdr, make([]byte, keyGrow*keySlotSize)...), 0); err != nil {
			return fmt.Errorf("creating the key file %s: %w", k.path, classify(err))
		}
		if err := k.sync(); err != nil {
			return err
		}
		if err := syncDir(filepath.Dir(k.path)); err != nil {
			return err
		}
		img = make([]byte, (1+keyGrow)*keySlotSize)
		copy(img, hdr)
	}
	if string(img[:8]) != keyMagic || binary.LittleEndian.Uint32(img[8:]) != keyVersion || binary.LittleEndian.Uint32(img[12:]) != keySlotSize {
		return &CorruptError{Path: k.path, Detail: "the key file's header is not a Trạm Học Số key file, version 1"}
	}
	// A trailing partial slot is a growth cut short: it is ignored and the
	// next growth writes over it.
	k.slots = len(img) / keySlotSize
	for i := k.slots - 1; i >= 1; i-- {
		s := img[i*keySlotSize : (i+1)*keySlotSize]
		id, key, ok := parseSlot(s)
		switch {
		case ok:
			if _, dup := k.byID[id]; !dup {
				k.byID[id] = i
				k.keys[id] = key
				continue
			}
		case isZero(s):
			k.free = append(k.free, i)
			continue
		}
		if err := k.writeSlot(i, nil); err != nil {
			return err
		}
		k.free = append(k.free, i)
	}
	// The lowest free slot is taken first (the stack's end): live slots
	// stay near the start.
	slices.SortFunc(k.free, func(a, b int) int { return b - a })
	return nil
}

func parseSlot(s []byte) (id [KeyIDLen]byte, key []byte, ok bool) {
	copy(id[:], s[:KeyIDLen])
	if id == ([KeyIDLen]byte{}) || !isZero(s[KeyIDLen+KeyLen+4:]) {
		return id, nil, false
	}
	sum := crc32.Checksum(s[:KeyIDLen+KeyLen], crcTable)
	if binary.LittleEndian.Uint32(s[KeyIDLen+KeyLen:]) != sum {
		return id, nil, false
	}
	return id, bytes.Clone(s[KeyIDLen : KeyIDLen+KeyLen]), true
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// writeSlot overwrites slot i with id‖key‖crc, or with zeros when key is
// nil, and syncs the file.
func (k *Keys) writeSlot(i int, slot []byte) error {
	if slot == nil {
		slot = make([]byte, keySlotSize)
	}
	if _, err := k.f.WriteAt(slot, int64(i)*keySlotSize); err != nil {
		return fmt.Errorf("writing the key file %s: %w", k.path, classify(err))
	}
	return k.sync()
}

func (k *Keys) sync() error {
	if k.noSync {
		return nil
	}
	if err := k.f.Sync(); err != nil {
		return fmt.Errorf("syncing the key file %s: %w", k.path, classify(err))
	}
	return nil
}

// Create makes a fresh random key for id, writes it to a free slot and
// syncs the file before returning it: a session committed after Create
// returned can always be read after a crash.
func (k *Keys) Create(id [KeyIDLen]byte) ([]byte, error) {
	if id == ([KeyIDLen]byte{}) {
		return nil, errors.New("creating a session key: the all-zero id marks a free slot")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.f == nil {
		return nil, errors.New("creating a session key: the key file is closed")
	}
	if _, ok := k.byID[id]; ok {
		return nil, fmt.Errorf("creating a session key: %w", ErrKeyExists)
	}
	if len(k.free) == 0 {
		if err := k.grow(); err != nil {
			return nil, err
		}
	}
	i := k.free[len(k.free)-1]
	key := make([]byte, KeyLen)
	rand.Read(key) // never fails (crypto/rand, Go 1.24+)
	slot := make([]byte, keySlotSize)
	copy(slot, id[:])
	copy(slot[KeyIDLen:], key)
	binary.LittleEndian.PutUint32(slot[KeyIDLen+KeyLen:], crc32.Checksum(slot[:KeyIDLen+KeyLen], crcTable))
	err := k.writeSlot(i, slot)
	clear(slot)
	if err != nil {
		// The slot may hold the key or part of it: try to zero it again,
		// and keep it out of use until the next open checks it.
		_ = k.writeSlot(i, nil)
		return nil, fmt.Errorf("creating a session key: %w", err)
	}
	k.free = k.free[:len(k.free)-1]
	k.byID[id] = i
	k.keys[id] = key
	return bytes.Clone(key), nil
}

func (k *Keys) grow() error {
	n := min(keyGrow, MaxKeySlots+1-k.slots)
	if n <= 0 {
		return fmt.Errorf("creating a session key: %d sessions in progress, the most the key file holds", MaxKeySlots)
	}
	if _, err := k.f.WriteAt(make([]byte, n*keySlotSize), int64(k.slots)*keySlotSize); err != nil {
		return fmt.Errorf("growing the key file %s: %w", k.path, classify(err))
	}
	if err := k.sync(); err != nil {
		return err
	}
	for i := k.slots + n - 1; i >= k.slots; i-- {
		k.free = append(k.free, i)
	}
	k.slots += n
	return nil
}

// Key is id's key (a copy), if the file has one.
func (k *Keys) Key(id [KeyIDLen]byte) ([]byte, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	key, ok := k.keys[id]
	return bytes.Clone(key), ok
}

// Destroy overwrites id's slot with zeros and syncs the file; after it
// returns, nothing this program wrote holds the key. Destroying a key that
// is not there is not an error. On an error the key stays (in memory and
// in the file) so that a later Destroy can retry.
func (k *Keys) Destroy(id [KeyIDLen]byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	i, ok := k.byID[id]
	if !ok {
		return nil
	}
	if k.f == nil {
		return errors.New("destroying a session key: the key file is closed")
	}
	if err := k.writeSlot(i, nil); err != nil {
		return fmt.Errorf("destroying a session key: %w", err)
	}
	clear(k.keys[id])
	delete(k.keys, id)
	delete(k.byID, id)
	k.free = append(k.free, i)
	return nil
}

// IDs lists the sessions that have a key.
func (k *Keys) IDs() [][KeyIDLen]byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([][KeyIDLen]byte, 0, len(k.byID))
	for id := range k.byID {
		out = append(out, id)
	}
	return out
}

// chownLike gives path the owner and group of like when they differ (which
// only root can change).
func chownLike(path, like string) error {
	want, err := os.Stat(like)
	if err != nil {
		return err
	}
	have, err := os.Stat(path)
	if err != nil {
		return err
	}
	w, ok1 := want.Sys().(*syscall.Stat_t)
	h, ok2 := have.Sys().(*syscall.Stat_t)
	if !ok1 || !ok2 || (w.Uid == h.Uid && w.Gid == h.Gid) {
		return nil
	}
	return os.Chown(path, int(w.Uid), int(w.Gid))
}

// Path is the key file.
func (k *Keys) Path() string { return k.path }

// close forgets the keys and closes the file.
func (k *Keys) close() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, key := range k.keys {
		clear(key)
	}
	clear(k.keys)
	clear(k.byID)
	if k.f == nil {
		return nil
	}
	err := k.f.Close()
	k.f = nil
	if err != nil && !errors.Is(err, fs.ErrClosed) {
		return fmt.Errorf("closing the key file %s: %w", k.path, err)
	}
	return nil
}
