package staff

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// HelpRequest is a citizen's "Gọi cán bộ hỗ trợ": where they are, never
// what they typed.
type HelpRequest struct {
	ID        string     `json:"id"`
	KioskID   string     `json:"kiosk_id"`
	Pack      string     `json:"pack,omitempty"` // practice pack id; "" outside a practice
	Step      string     `json:"step,omitempty"` // step id in the pack
	At        time.Time  `json:"at"`
	HandledAt *time.Time `json:"handled_at,omitempty"`
}

// Limits on stored help requests.
const (
	// HelpDedupe: the same place (kiosk, pack, step) asking again within
	// this time while its request is open is the same request (a citizen
	// pressing the button twice).
	HelpDedupe = 2 * time.Minute
	// HelpKeepHandled: handled requests are deleted after this long.
	HelpKeepHandled = 7 * 24 * time.Hour
	// HelpMax: at most this many requests are kept (the oldest go first).
	HelpMax = 200
)

// ErrHelpNotFound: no help request has this id.
var ErrHelpNotFound = errors.New("help request not found")

// ErrHelpInvalid is wrapped when a help request names a pack or step that
// is not an id.
var ErrHelpInvalid = errors.New("invalid help request")

var helpIDRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{0,64}$`)

// RaiseHelp records a help request from kioskID at pack/step (both may be
// empty). It returns the request and whether it is new (false: the same
// place already asked within HelpDedupe and nobody handled it yet).
func (s *Service) RaiseHelp(ctx context.Context, kioskID, pack, step string) (HelpRequest, bool, error) {
	for name, v := range map[string]string{"kiosk": kioskID, "pack": pack, "step": step} {
		if !helpIDRE.MatchString(v) {
			return HelpRequest{}, false, fmt.Errorf("%w: %s must be an id of up to 64 letters, digits, '.', '_' or '-'", ErrHelpInvalid, name)
		}
	}
	now := s.opts.Now().UTC()
	var out HelpRequest
	fresh := false
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHelp)
		if err := pruneHelp(b, now); err != nil {
			return err
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			r, err := decodeHelp(v)
			if err != nil {
				continue // damaged entry: pruneHelp logs nothing, it is skipped
			}
			if now.Sub(r.At) > HelpDedupe {
				break
			}
			if r.HandledAt == nil && r.KioskID == kioskID && r.Pack == pack && r.Step == step {
				out = r
				return nil
			}
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		out = HelpRequest{ID: strconv.FormatUint(seq, 10), KioskID: kioskID, Pack: pack, Step: step, At: now}
		fresh = true
		return putHelp(b, seq, out)
	})
	if err != nil {
		return HelpRequest{}, false, fmt.Errorf("staff: saving a help request: %w", err)
	}
	if fresh {
		s.log.InfoContext(ctx, "staff: help requested", "id", out.ID, "pack", pack, "step", step)
	}
	return out, fresh, nil
}

// HelpRequests lists the kept requests, open ones first, then newest first.
func (s *Service) HelpRequests(ctx context.Context) ([]HelpRequest, error) {
	out := []HelpRequest{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHelp).ForEach(func(k, v []byte) error {
			r, err := decodeHelp(v)
			if err != nil {
				s.log.WarnContext(ctx, "staff: skipping a damaged help request", "key", fmt.Sprintf("%x", k), "err", err)
				return nil
			}
			out = append(out, r)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("staff: reading help requests: %w", err)
	}
	slices.SortStableFunc(out, func(a, b HelpRequest) int {
		if (a.HandledAt == nil) != (b.HandledAt == nil) {
			if a.HandledAt == nil {
				return -1
			}
			return 1
		}
		return b.At.Compare(a.At)
	})
	return out, nil
}

// HandleHelp marks a request handled (again is fine) and returns it.
func (s *Service) HandleHelp(ctx context.Context, id string) (HelpRequest, error) {
	seq, err := strconv.ParseUint(id, 10, 64)
	if err != nil || seq == 0 {
		return HelpRequest{}, fmt.Errorf("%w: %q", ErrHelpNotFound, id)
	}
	now := s.opts.Now().UTC()
	var out HelpRequest
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHelp)
		v := b.Get(helpKey(seq))
		if v == nil {
			return fmt.Errorf("%w: %q", ErrHelpNotFound, id)
		}
		r, err := decodeHelp(v)
		if err != nil {
			return err
		}
		if r.HandledAt == nil {
			r.HandledAt = &now
		}
		out = r
		return putHelp(b, seq, r)
	})
	if err != nil {
		if errors.Is(err, ErrHelpNotFound) {
			return HelpRequest{}, err
		}
		return HelpRequest{}, fmt.Errorf("staff: marking help request %s handled: %w", id, err)
	}
	s.log.InfoContext(ctx, "staff: help request handled", "id", id)
	return out, nil
}

func helpKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, seq)
}

func putHelp(b *bolt.Bucket, seq uint64, r HelpRequest) error {
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return b.Put(helpKey(seq), v)
}

func decodeHelp(v []byte) (HelpRequest, error) {
	var r HelpRequest
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("decoding a help request: %w", err)
	}
	return r, nil
}

// pruneHelp deletes handled requests older than HelpKeepHandled, damaged
// entries, and the oldest beyond HelpMax-1 (room for one more).
func pruneHelp(b *bolt.Bucket, now time.Time) error {
	var drop [][]byte
	n := b.Stats().KeyN
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeHelp(v)
		old := err == nil && r.HandledAt != nil && now.Sub(*r.HandledAt) > HelpKeepHandled
		if err != nil || old || n-len(drop) >= HelpMax {
			drop = append(drop, bytes.Clone(k))
		}
	}
	for _, k := range drop {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
