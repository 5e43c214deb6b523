package session

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// EventKind names what happened in a session. The values are stable: the
// statistics package stores and uploads them.
type EventKind string

// The session events. Every one carries the pack and its version; the step
// events carry the step; none carries an answer or any free text.
const (
	EventStarted    EventKind = "started"     // Start
	EventStepPassed EventKind = "step_passed" // a step's answers were accepted
	EventStepFailed EventKind = "step_failed" // a step was submitted with mistakes (ErrorCodes says which)
	EventHintUsed   EventKind = "hint_used"   // the citizen opened a hint on StepID
	EventFinished   EventKind = "finished"    // the practice reached its end
	EventAbandoned  EventKind = "abandoned"   // given up (StepID is where); "no" on resume, idle reset
	EventExpired    EventKind = "expired"     // left untouched until the sweeper ended it (StepID is where)
	EventHandedOff  EventKind = "handed_off"  // continued on the citizen's phone (StepID is where)
)

// Event is one anonymous fact about a session, handed to the EventSink in
// the same bbolt transaction as the change it describes, so the statistics
// and the session can never disagree after a crash.
type Event struct {
	Kind        EventKind
	PackID      string
	PackVersion int
	Door        string // "kiosk" or "phone": where the session started
	StepID      string // the step concerned; for finished/abandoned/expired/handed_off, the step reached
	// ErrorCodes are the validation codes of a failed step (for example
	// "cccd.province"), sorted and without duplicates. Codes, never values.
	ErrorCodes []string
	At         time.Time // the session clock's time of the change (UTC)
}

// EventSink receives session events inside the writing transaction. An error
// aborts the whole transaction: the session change is not made either.
// Record must not keep tx, or the slices in e, after it returns.
type EventSink interface {
	Record(tx *bolt.Tx, e Event) error
}

// NopSink drops every event (until the statistics package is wired in).
type NopSink struct{}

// Record does nothing.
func (NopSink) Record(*bolt.Tx, Event) error { return nil }
