package staff

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters stored in a PIN hash.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams follow RFC 9106's second recommendation (64 MiB, 3 passes),
// with 2 lanes for the kiosks' 2-core PCs: about a quarter second per check,
// which also slows down guessing on a stolen config file.
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// Bounds a hash read from a config file must respect, so that a hostile or
// mistyped kiosk.yaml cannot make every PIN check allocate gigabytes.
const (
	MinPINDigits = 6
	MaxPINDigits = 12
	maxMemoryKiB = 1024 * 1024
	maxTime      = 20
	minKeyLen    = 16
	maxKeyLen    = 64
	minSaltLen   = 8
	maxSaltLen   = 64
)

// ErrMalformedHash is wrapped by every ParseHash error.
var ErrMalformedHash = errors.New("not an argon2id PIN hash")

// CheckPIN says why pin cannot be a staff PIN (6–12 digits), or nil.
func CheckPIN(pin string) error {
	if len(pin) < MinPINDigits || len(pin) > MaxPINDigits {
		return fmt.Errorf("a staff PIN has %d to %d digits, this one has %d characters", MinPINDigits, MaxPINDigits, len(pin))
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return errors.New("a staff PIN has digits only (it is typed on the kiosk's number pad)")
		}
	}
	return nil
}

// HashPIN hashes pin with DefaultParams and a random salt from crypto/rand.
func HashPIN(pin string) (string, error) { return HashPINWith(pin, DefaultParams(), rand.Reader) }

// HashPINWith hashes pin with p and a salt read from random. It returns the
// PHC string: $argon2id$v=19$m=65536,t=3,p=2,mindigits=6$<salt>$<hash>
// (unpadded base64). mindigits is the shortest PIN the hashing accepted
// (MinPINDigits), never the PIN's length: it lets the configuration check
// refuse a hash made for a shorter PIN, which the hash itself cannot show.
func HashPINWith(pin string, p Params, random io.Reader) (string, error) {
	if err := CheckPIN(pin); err != nil {
		return "", err
	}
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := io.ReadFull(random, salt); err != nil {
		return "", fmt.Errorf("reading a random salt: %w", err)
	}
	key := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d,mindigits=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		MinPINDigits, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var b64 = base64.RawStdEncoding

// Hash is a parsed PIN hash.
type Hash struct {
	Params
	// MinDigits is the hash's mindigits parameter: the shortest PIN the
	// tool that made it accepted (0: not stated, an older hash-pin).
	MinDigits int
	salt, key []byte
}

// ParseHash reads a PHC-format argon2id hash and checks its parameters are
// within sane bounds. Errors wrap ErrMalformedHash.
func ParseHash(encoded string) (*Hash, error) {
	bad := func(format string, args ...any) (*Hash, error) {
		return nil, fmt.Errorf("%w: %s", ErrMalformedHash, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return bad("expected $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("unsupported argon2 version %q", parts[2])
	}
	var h Hash
	params := strings.Split(parts[3], ",")
	if len(params) < 3 {
		return bad("parameters must be m=…,t=…,p=… (and mindigits=…)")
	}
	for i, kv := range params {
		name, val, ok := strings.Cut(kv, "=")
		want := [...]string{"m", "t", "p", "mindigits"}
		if !ok || i >= len(want) || name != want[i] {
			return bad("parameters must be m=…,t=…,p=… (and mindigits=…)")
		}
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return bad("parameter %s=%q is not a number", name, val)
		}
		switch name {
		case "m":
			h.Memory = uint32(n)
		case "t":
			h.Time = uint32(n)
		case "p":
			if n > 255 {
				return bad("p=%d is too large", n)
			}
			h.Threads = uint8(n)
		case "mindigits":
			if n > MaxPINDigits {
				return bad("mindigits=%d is more than %d", n, MaxPINDigits)
			}
			h.MinDigits = int(n)
		}
	}
	var err error
	if h.salt, err = b64.DecodeString(parts[4]); err != nil {
		return bad("salt is not base64")
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil {
		return bad("hash is not base64")
	}
	h.SaltLen, h.KeyLen = uint32(len(h.salt)), uint32(len(h.key))
	if err := h.Params.check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedHash, err)
	}
	return &h, nil
}

// Verify reports whether pin matches, in time independent of where it differs.
func (h *Hash) Verify(pin string) bool {
	key := argon2.IDKey([]byte(pin), h.salt, h.Time, h.Memory, h.Threads, h.KeyLen)
	return subtle.ConstantTimeCompare(key, h.key) == 1
}

// VerifyPIN parses encoded and checks pin against it.
func VerifyPIN(encoded, pin string) (bool, error) {
	h, err := ParseHash(encoded)
	if err != nil {
		return false, err
	}
	return h.Verify(pin), nil
}

func (p Params) check() error {
	switch {
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB:
		return fmt.Errorf("memory m=%d KiB is outside 8×p … %d", p.Memory, maxMemoryKiB)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("passes t=%d is outside 1 … %d", p.Time, maxTime)
	case p.Threads < 1:
		return errors.New("lanes p must be at least 1")
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt of %d bytes is outside %d … %d", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("hash of %d bytes is outside %d … %d", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}
