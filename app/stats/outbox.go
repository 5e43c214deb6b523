package stats

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/stats/wire"
)

// entry is a sealed batch in the outbox or the dead-letter bucket: fixed
// body bytes plus bookkeeping that may change (attempts, last error).
type entry struct {
	ID          string       `json:"id"`
	Seq         uint64       `json:"seq"`
	PeriodStart time.Time    `json:"period_start"`
	PeriodEnd   time.Time    `json:"period_end"`
	SealedAt    time.Time    `json:"sealed_at"`
	Events      uint64       `json:"events"`
	Carried     wire.Dropped `json:"carried"` // the drop report this batch carries
	Attempts    int          `json:"attempts"`
	LastError   string       `json:"last_error,omitempty"`
	body        []byte
}

// value layout: 4-byte big-endian length of the JSON header, the header, the body.
func (e *entry) encode() ([]byte, error) {
	h, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encoding outbox entry %s: %w", e.ID, err)
	}
	out := make([]byte, 4, 4+len(h)+len(e.body))
	binary.BigEndian.PutUint32(out, uint32(len(h)))
	out = append(out, h...)
	return append(out, e.body...), nil
}

func decodeEntry(v []byte) (*entry, error) {
	if len(v) < 4 {
		return nil, errors.New("outbox entry too short")
	}
	n := int(binary.BigEndian.Uint32(v))
	if n > len(v)-4 {
		return nil, errors.New("outbox entry header overruns")
	}
	var e entry
	if err := json.Unmarshal(v[4:4+n], &e); err != nil {
		return nil, fmt.Errorf("outbox entry header: %w", err)
	}
	e.body = append([]byte(nil), v[4+n:]...)
	return &e, nil
}

// droppedState is kept in stats_meta: pending is carried by the next sealed
// batch, total is what Status reports.
type droppedState struct {
	Pending wire.Dropped `json:"pending"`
	Total   wire.Dropped `json:"total"`
}

// add accounts for dropping e. The pending report also takes over the
// report e itself carried, which would otherwise be lost with it.
func (d *droppedState) add(e *entry) {
	from, to := e.PeriodStart.UTC().Format(time.RFC3339), e.PeriodEnd.UTC().Format(time.RFC3339)
	d.Total.Periods++
	d.Total.Events += e.Events
	widen(&d.Total, from, to)
	d.Pending.Periods += 1 + e.Carried.Periods
	d.Pending.Events += e.Events + e.Carried.Events
	widen(&d.Pending, from, to)
	if e.Carried.Periods > 0 {
		widen(&d.Pending, e.Carried.From, e.Carried.To)
	}
}

func widen(p *wire.Dropped, from, to string) {
	if from != "" && (p.From == "" || from < p.From) {
		p.From = from
	}
	if to != "" && (p.To == "" || to > p.To) {
		p.To = to
	}
}

var (
	keySeq       = "seq"
	keyLastSeal  = "last_seal_end"
	keyDropped   = "dropped"
	keyUploadLog = "upload"
)

func getJSON(b *bolt.Bucket, key string, v any) error {
	raw := b.Get([]byte(key))
	if raw == nil {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("statistics: reading %s: %w", key, err)
	}
	return nil
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("statistics: encoding %s: %w", key, err)
	}
	return b.Put([]byte(key), raw)
}

// enforceBounds drops the oldest outbox entries sealed before now-maxAge,
// then the oldest until the outbox plus extra bytes fits maxBytes. It
// reports whether anything was dropped.
func (s *Stats) enforceBounds(tx *bolt.Tx, now time.Time, extra int, d *droppedState) (bool, error) {
	ob := tx.Bucket(bucketOutbox)
	var total int64
	type item struct {
		key  []byte
		size int
		e    *entry
	}
	var items []item
	err := ob.ForEach(func(k, v []byte) error {
		e, err := decodeEntry(v)
		if err != nil {
			return fmt.Errorf("statistics: outbox %x: %w", k, err)
		}
		total += int64(len(v))
		items = append(items, item{append([]byte(nil), k...), len(v), e})
		return nil
	})
	if err != nil {
		return false, err
	}
	dropped := false
	cutoff := now.Add(-s.config().OutboxMaxAge)
	for _, it := range items {
		tooOld := it.e.SealedAt.Before(cutoff)
		tooBig := total+int64(extra) > s.config().OutboxMaxBytes
		if !tooOld && !tooBig {
			break
		}
		if err := ob.Delete(it.key); err != nil {
			return false, fmt.Errorf("statistics: dropping %s: %w", it.e.ID, err)
		}
		total -= int64(it.size)
		d.add(it.e)
		dropped = true
		s.deps.Logger.Warn("statistics: outbox bound reached, dropped the oldest batch", "batch", it.e.ID, "events", it.e.Events, "too_old", tooOld)
	}
	return dropped, nil
}

// Requeue moves dead-lettered batches back to the outbox (all of them when
// no id is given) and returns how many moved.
func (s *Stats) Requeue(ids ...string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	moved := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		dl, ob := tx.Bucket(bucketDeadLetter), tx.Bucket(bucketOutbox)
		var keys [][]byte
		var entries []*entry
		err := dl.ForEach(func(k, v []byte) error {
			e, err := decodeEntry(v)
			if err != nil {
				return fmt.Errorf("statistics: dead letter %x: %w", k, err)
			}
			if len(want) == 0 || want[e.ID] {
				keys, entries = append(keys, append([]byte(nil), k...)), append(entries, e)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, e := range entries {
			e.Attempts, e.LastError = 0, ""
			v, err := e.encode()
			if err != nil {
				return err
			}
			if err := ob.Put(keys[i], v); err != nil {
				return fmt.Errorf("statistics: re-queueing %s: %w", e.ID, err)
			}
			if err := dl.Delete(keys[i]); err != nil {
				return fmt.Errorf("statistics: re-queueing %s: %w", e.ID, err)
			}
			moved++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if moved > 0 {
		s.backoff = backoffState{}
		s.trigger(s.sendNow)
	}
	return moved, nil
}

// BatchInfo describes a waiting or dead-lettered batch for the staff panel.
type BatchInfo struct {
	ID          string    `json:"id"`
	PeriodStart time.Time `json:"period_start"`
	PeriodEnd   time.Time `json:"period_end"`
	SealedAt    time.Time `json:"sealed_at"`
	Events      uint64    `json:"events"`
	Bytes       int       `json:"bytes"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
}

// Status is what the staff panel shows about statistics.
type Status struct {
	UploadEnabled  bool         `json:"upload_enabled"`
	OutboxBatches  int          `json:"outbox_batches"`
	OutboxBytes    int64        `json:"outbox_bytes"`
	OldestWaiting  *BatchInfo   `json:"oldest_waiting,omitempty"`
	LastSuccess    *time.Time   `json:"last_success,omitempty"`
	LastSuccessID  string       `json:"last_success_id,omitempty"`
	LastError      string       `json:"last_error,omitempty"` // technical, never personal: "HTTP 503", "network: …"
	LastErrorAt    *time.Time   `json:"last_error_at,omitempty"`
	NextAttempt    *time.Time   `json:"next_attempt,omitempty"`
	DeadLetters    []BatchInfo  `json:"dead_letters"`
	Dropped        wire.Dropped `json:"dropped"`         // dropped by the outbox bound, ever
	DroppedPending wire.Dropped `json:"dropped_pending"` // not yet reported in a batch
	Sealed         uint64       `json:"sealed"`          // batches sealed, ever
}

type uploadLog struct {
	LastSuccess   *time.Time `json:"last_success,omitempty"`
	LastSuccessID string     `json:"last_success_id,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	LastErrorAt   *time.Time `json:"last_error_at,omitempty"`
}

func info(e *entry, size int) BatchInfo {
	return BatchInfo{ID: e.ID, PeriodStart: e.PeriodStart, PeriodEnd: e.PeriodEnd, SealedAt: e.SealedAt,
		Events: e.Events, Bytes: size, Attempts: e.Attempts, LastError: e.LastError}
}

// Status reports the outbox, the last upload outcomes and the dead letters.
func (s *Stats) Status() (Status, error) {
	st := Status{UploadEnabled: s.config().Endpoint != "", DeadLetters: []BatchInfo{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			st.OutboxBatches++
			st.OutboxBytes += int64(len(v))
			if st.OldestWaiting == nil {
				e, err := decodeEntry(v)
				if err != nil {
					return fmt.Errorf("statistics: outbox %x: %w", k, err)
				}
				bi := info(e, len(e.body))
				st.OldestWaiting = &bi
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bucketDeadLetter).ForEach(func(k, v []byte) error {
			e, err := decodeEntry(v)
			if err != nil {
				return fmt.Errorf("statistics: dead letter %x: %w", k, err)
			}
			st.DeadLetters = append(st.DeadLetters, info(e, len(e.body)))
			return nil
		})
		if err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		var d droppedState
		var ul uploadLog
		if err := getJSON(meta, keyDropped, &d); err != nil {
			return err
		}
		if err := getJSON(meta, keyUploadLog, &ul); err != nil {
			return err
		}
		st.Dropped, st.DroppedPending = d.Total, d.Pending
		st.LastSuccess, st.LastSuccessID, st.LastError, st.LastErrorAt = ul.LastSuccess, ul.LastSuccessID, ul.LastError, ul.LastErrorAt
		st.Sealed = getU64(meta, keySeq)
		return nil
	})
	if err != nil {
		return Status{}, err
	}
	s.mu.Lock()
	if !s.backoff.next.IsZero() {
		t := s.backoff.next
		st.NextAttempt = &t
	}
	s.mu.Unlock()
	return st, nil
}
