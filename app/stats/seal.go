package stats

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/stats/wire"
)

// SealResult says what one Seal did.
type SealResult struct {
	BatchID string // empty when nothing was sealed
	Events  uint64
	Bytes   int
	Dropped int // outbox batches dropped by the bound
}

// boundary is the latest period end at or before t: periods are aligned to
// local midnight in cfg.Location.
func (s *Stats) boundary(t time.Time) time.Time {
	local := t.In(s.config().Location)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, s.config().Location)
	since := local.Sub(midnight)
	return midnight.Add(since - since%s.config().Period)
}

// Seal closes the current period: every counter whose day or hour ended by
// the latest period boundary goes into one new batch in the outbox, in one
// transaction. Sealing a boundary twice does nothing; empty periods make no
// batch unless dropped batches must be reported.
func (s *Stats) Seal(ctx context.Context) (SealResult, error) {
	if err := ctx.Err(); err != nil {
		return SealResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var res SealResult
	err := s.db.Update(func(tx *bolt.Tx) error {
		res = SealResult{}
		now := s.deps.Now()
		end := s.boundary(now)
		meta := tx.Bucket(bucketMeta)
		var d droppedState
		if err := getJSON(meta, keyDropped, &d); err != nil {
			return err
		}
		before := d.Total.Periods
		if _, err := s.enforceBounds(tx, now, 0, &d); err != nil {
			return err
		}
		lastEnd := time.Unix(int64(getU64(meta, keyLastSeal)), 0)
		if getU64(meta, keyLastSeal) != 0 && !end.After(lastEnd) {
			res.Dropped = int(d.Total.Periods - before)
			return putJSON(meta, keyDropped, d)
		}
		start := end.Add(-s.config().Period)
		if getU64(meta, keyLastSeal) != 0 {
			start = lastEnd
		}

		cb := tx.Bucket(bucketCounters)
		var counters []wire.Counter
		hourly := map[string]*wire.Hourly{}
		var hours []string
		var sealed [][]byte
		err := cb.ForEach(func(k, v []byte) error {
			ck, ok := s.parseKey(k)
			if !ok {
				s.deps.Logger.Warn("statistics: skipping a malformed counter key", "bytes", len(k))
				return nil
			}
			if ck.end.After(end) {
				return nil
			}
			n := uint64(0)
			if len(v) == 8 {
				n = binary.BigEndian.Uint64(v)
			}
			sealed = append(sealed, append([]byte(nil), k...))
			if !ck.hourly {
				ck.c.N = n
				counters = append(counters, ck.c)
				return nil
			}
			h := hourly[ck.hour]
			if h == nil {
				h = &wire.Hourly{Hour: ck.hour}
				hourly[ck.hour] = h
				hours = append(hours, ck.hour)
			}
			switch ck.kind {
			case wire.KindStarted:
				h.Started += n
			case wire.KindFinished:
				h.Finished += n
			case wire.KindHandedOff:
				h.HandedOff += n
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("statistics: reading counters: %w", err)
		}
		if err := putU64(meta, keyLastSeal, uint64(end.Unix())); err != nil {
			return fmt.Errorf("statistics: sealing: %w", err)
		}
		if len(sealed) == 0 && d.Pending.Periods == 0 {
			res.Dropped = int(d.Total.Periods - before)
			return putJSON(meta, keyDropped, d)
		}
		seq := getU64(meta, keySeq) + 1
		b := &wire.Batch{
			Schema:      wire.Schema,
			BatchID:     wire.BatchID(s.config().KioskID, end, seq),
			KioskID:     s.config().KioskID,
			Seq:         seq,
			PeriodStart: start.UTC().Format(time.RFC3339),
			PeriodEnd:   end.UTC().Format(time.RFC3339),
			SealedAt:    now.UTC().Format(time.RFC3339),
			Site:        wire.Site{Province: s.config().Province, Commune: s.config().Commune},
			Counters:    counters,
			Health:      s.health(tx, now),
		}
		for _, h := range hours {
			b.Hourly = append(b.Hourly, *hourly[h])
		}
		b.Dropped = d.Pending
		body, err := wire.Marshal(b)
		if err != nil {
			return err
		}
		// Make room for the new batch; if that drops more, say so in it.
		dropped, err := s.enforceBounds(tx, now, len(body)+256, &d)
		if err != nil {
			return err
		}
		if dropped {
			b.Dropped = d.Pending
			if body, err = wire.Marshal(b); err != nil {
				return err
			}
		}
		e := &entry{ID: b.BatchID, Seq: seq, PeriodStart: start, PeriodEnd: end, SealedAt: now, Events: b.Events(), Carried: b.Dropped, body: body}
		v, err := e.encode()
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketOutbox).Put(seqKey(seq), v); err != nil {
			return fmt.Errorf("statistics: storing batch %s: %w", b.BatchID, err)
		}
		for _, k := range sealed {
			if err := cb.Delete(k); err != nil {
				return fmt.Errorf("statistics: clearing sealed counters: %w", err)
			}
		}
		d.Pending = wire.Dropped{}
		if err := putJSON(meta, keyDropped, d); err != nil {
			return err
		}
		if err := putU64(meta, keySeq, seq); err != nil {
			return fmt.Errorf("statistics: sealing: %w", err)
		}
		if s.deps.hookSeal != nil {
			s.deps.hookSeal()
		}
		res = SealResult{BatchID: b.BatchID, Events: e.Events, Bytes: len(body), Dropped: int(d.Total.Periods - before)}
		return nil
	})
	if err != nil {
		return SealResult{}, err
	}
	if res.BatchID != "" {
		s.deps.Logger.Info("statistics: sealed a batch", "batch", res.BatchID, "events", res.Events, "bytes", res.Bytes)
	}
	return res, nil
}
