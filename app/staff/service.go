package staff

import (
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The buckets Service owns.
var (
	bucketPIN  = []byte("staff_pin")
	bucketHelp = []byte("staff_help")
)

// Defaults for Options.
const (
	DefaultSessionTTL = 10 * time.Minute
	maxSessions       = 8
)

// Options configure a Service; the zero value is usable.
type Options struct {
	// Now is the clock (time.Now); tests pass a fake one.
	Now func() time.Time
	// SessionTTL is how long a staff session lives after its last use
	// (DefaultSessionTTL).
	SessionTTL time.Duration
	// Random is the source of session tokens (crypto/rand).
	Random io.Reader
	// Logger gets staff events, never a PIN or a token (default: none).
	Logger *slog.Logger
}

// Service is the staff side of one kiosk: PIN checks with throttling,
// staff sessions and help requests. It is safe for concurrent use.
type Service struct {
	db   *bolt.DB
	opts Options
	log  *slog.Logger

	// pinMu makes a PIN attempt (read the counters, count the attempt,
	// verify, record the outcome) one step, so parallel guesses cannot
	// slip between the check and the count.
	pinMu sync.Mutex

	mu       sync.Mutex
	sessions map[string]time.Time // sha256(token) → expiry
}

// Open creates the staff buckets in db when missing and returns the service.
func Open(db *bolt.DB, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = DefaultSessionTTL
	}
	if opts.Random == nil {
		opts.Random = rand.Reader
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	err := db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketPIN, bucketHelp} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("creating bucket %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("staff: %w", err)
	}
	return &Service{db: db, opts: opts, log: opts.Logger, sessions: map[string]time.Time{}}, nil
}
