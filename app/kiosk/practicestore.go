package kiosk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"tramhocso/app/api"
	"tramhocso/app/practice"
	"tramhocso/app/session"
)

// sessionPractices keeps practices in bbolt sessions: the api.PracticeStore
// the kiosk runs on. Each Save is one session.Update (one fsync'd bbolt
// transaction); the step events for statistics are derived from how the
// practice's anonymous score changed, inside that same transaction.
//
// A finished or abandoned session has its answers wiped by the session
// package (the session's key is destroyed: docs/sessions.md). The finish screen still needs the anonymous score for its summary,
// so the last wiped progress of recently ended practices is kept in memory
// (bounded); after a restart the summary of an ended practice is gone, which
// is acceptable: it is shown right after finishing.
type sessionPractices struct {
	m *session.Manager

	mu     sync.Mutex
	ended  map[string]endedPractice
	order  []string
	maxEnd int
	now    func() time.Time
	window func() time.Duration // the resume window, from the live config
}

type endedPractice struct {
	progress []byte // JSON of a practice.Progress with WipePersonal applied
	at       time.Time
}

const endedKeep = 30 * time.Minute

func newSessionPractices(m *session.Manager, window func() time.Duration) *sessionPractices {
	return &sessionPractices{m: m, ended: map[string]endedPractice{}, maxEnd: 256, now: time.Now, window: window}
}

var (
	_ api.PracticeStore   = (*sessionPractices)(nil)
	_ api.PracticeResumer = (*sessionPractices)(nil)
)

func (s *sessionPractices) Create(ctx context.Context, p *practice.Progress) (string, error) {
	payload, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("encoding a practice: %w", err)
	}
	rec, err := s.m.Start(ctx, session.Start{
		PackID: p.Pack, PackVersion: p.Version, Door: string(api.DoorFrom(ctx)), Step: p.Step, Payload: payload,
	})
	if err != nil {
		return "", err
	}
	return rec.ID, nil
}

func (s *sessionPractices) Load(ctx context.Context, id string) (*practice.Progress, error) {
	rec, err := s.m.Get(ctx, id)
	if errors.Is(err, session.ErrNotFound) || errors.Is(err, session.ErrEnded) {
		// ErrEnded: live in the file, but the key of its answers is gone.
		return nil, fmt.Errorf("%w: %v", api.ErrPracticeNotFound, err)
	}
	if err != nil {
		return nil, err
	}
	if !rec.Status.Live() || rec.Payload == nil {
		if b, ok := s.endedProgress(id); ok {
			return decodeProgress(b)
		}
		return nil, fmt.Errorf("%w: session %s is %s", api.ErrPracticeNotFound, id, rec.Status)
	}
	return decodeProgress(rec.Payload)
}

func decodeProgress(b []byte) (*practice.Progress, error) {
	var p practice.Progress
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("decoding a stored practice: %w", err)
	}
	return &p, nil
}

func (s *sessionPractices) Save(ctx context.Context, id string, p *practice.Progress) error {
	payload, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encoding a practice: %w", err)
	}
	_, err = s.m.Update(ctx, id, func(c *session.Change) error {
		if old, err := decodeProgress(c.Record.Payload); err == nil {
			emitScoreEvents(c, old, p)
		}
		c.Record.Step = p.Step
		c.Record.Payload = payload
		return nil
	})
	if errors.Is(err, session.ErrNotFound) || errors.Is(err, session.ErrEnded) {
		return fmt.Errorf("%w: %v", api.ErrPracticeNotFound, err)
	}
	return err
}

// emitScoreEvents compares the anonymous score before and after a step
// action and records what happened: a submission that passed or failed (with
// the error codes that appeared), hints and examples used.
func emitScoreEvents(c *session.Change, old, cur *practice.Progress) {
	steps := make([]string, 0, len(cur.Score.Steps))
	for id := range cur.Score.Steps {
		steps = append(steps, id)
	}
	slices.Sort(steps)
	for _, id := range steps {
		now := cur.Score.Steps[id]
		var before practice.StepScore
		if b := old.Score.Steps[id]; b != nil {
			before = *b
		}
		for range (now.Hints - before.Hints) + (now.Examples - before.Examples) {
			c.HintUsed(id)
		}
		if now.Tries <= before.Tries {
			continue
		}
		if now.Mistakes > before.Mistakes {
			var codes []string
			for code, n := range now.Codes {
				if n > before.Codes[code] {
					codes = append(codes, code)
				}
			}
			slices.Sort(codes)
			c.StepFailed(id, codes...)
		} else {
			c.StepPassed(id)
		}
	}
}

func (s *sessionPractices) End(ctx context.Context, id string, finished bool) error {
	rec, err := s.m.Get(ctx, id)
	switch {
	case errors.Is(err, session.ErrNotFound):
		return fmt.Errorf("%w: %v", api.ErrPracticeNotFound, err)
	case errors.Is(err, session.ErrEnded):
		rec = nil // live in the file, but the key of its answers is gone: end it all the same
	case err != nil:
		return err
	case !rec.Status.Live():
		return nil // already ended: ending is idempotent
	}
	var wiped []byte
	if rec != nil {
		if p, err := decodeProgress(rec.Payload); err == nil {
			p.WipePersonal()
			wiped, _ = json.Marshal(p)
		}
	}
	if finished {
		_, err = s.m.Finish(ctx, id)
	} else {
		_, err = s.m.Abandon(ctx, id)
	}
	if errors.Is(err, session.ErrEnded) {
		return nil
	}
	if err != nil {
		return err
	}
	if finished && wiped != nil {
		s.rememberEnded(id, wiped)
	}
	return nil
}

func (s *sessionPractices) rememberEnded(id string, progress []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for len(s.order) > 0 && (len(s.order) >= s.maxEnd || now.Sub(s.ended[s.order[0]].at) > endedKeep) {
		delete(s.ended, s.order[0])
		s.order = s.order[1:]
	}
	s.ended[id] = endedPractice{progress: progress, at: now}
	s.order = append(s.order, id)
}

func (s *sessionPractices) endedProgress(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.ended[id]
	if !ok || s.now().Sub(e.at) > endedKeep {
		return nil, false
	}
	return e.progress, true
}

// Resumable offers the door's most recent unfinished practice touched within
// the resume window (api.PracticeResumer).
func (s *sessionPractices) Resumable(ctx context.Context, door api.Door) (string, bool, error) {
	recs, err := s.m.Resumable(ctx, s.now(), s.window())
	if err != nil {
		return "", false, err
	}
	for _, r := range recs {
		if r.Door == string(door) {
			return r.ID, true, nil
		}
	}
	return "", false, nil
}
