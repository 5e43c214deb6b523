package store

import (
	"encoding/binary"
	"fmt"
	"time"
)

// The buckets of the current schema (docs/sessions.md describes them).
// Packages that own a bucket reach it with tx.Bucket([]byte(name)); the
// migrations create them, so they always exist after Open.
const (
	// BucketMeta holds the schema version.
	BucketMeta = "meta"
	// BucketSessions maps a session id (16 bytes) to its record.
	BucketSessions = "sessions"
	// BucketSessionsByExpiry maps ExpiryKey(deadline, id) to nothing: the
	// sweeper walks it in deadline order.
	BucketSessionsByExpiry = "sessions_by_expiry"
)

const keySchemaVersion = "schema_version"

// ExpiryKey is an expiry-index key: the deadline as 8-byte big-endian Unix
// nanoseconds followed by the id, so keys sort by deadline.
func ExpiryKey(deadline time.Time, id []byte) []byte {
	k := make([]byte, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(deadline.UnixNano()))
	copy(k[8:], id)
	return k
}

// ParseExpiryKey splits an ExpiryKey. The returned id aliases k.
func ParseExpiryKey(k []byte) (deadline time.Time, id []byte, err error) {
	if len(k) <= 8 {
		return time.Time{}, nil, fmt.Errorf("expiry key of %d bytes: want 8 bytes of time and an id", len(k))
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k))).UTC(), k[8:], nil
}

// ExpiryPrefix is the 8-byte key prefix for deadline (seek to it to find
// every entry due at or after deadline).
func ExpiryPrefix(deadline time.Time) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(deadline.UnixNano()))
	return k[:]
}

// ExpiryKeyMatches reports whether k's deadline is deadline.
func ExpiryKeyMatches(k []byte, deadline time.Time) bool {
	return len(k) > 8 && binary.BigEndian.Uint64(k) == uint64(deadline.UnixNano())
}
