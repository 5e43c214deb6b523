package session

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"
)

// Status is where a session is in its life.
type Status string

// The statuses. Active and handed-off sessions are live (they keep their
// Payload); the others have ended and keep only what statistics need.
const (
	StatusActive    Status = "active"     // in progress on the kiosk (or the phone it started on)
	StatusHandedOff Status = "handed_off" // continued on the citizen's phone
	StatusFinished  Status = "finished"
	StatusAbandoned Status = "abandoned"
	StatusExpired   Status = "expired"
)

// Live reports whether a session with this status may still change.
func (s Status) Live() bool { return s == StatusActive || s == StatusHandedOff }

func (s Status) valid() bool {
	switch s {
	case StatusActive, StatusHandedOff, StatusFinished, StatusAbandoned, StatusExpired:
		return true
	}
	return false
}

// Doors a session can start from (the api package's door names).
const (
	DoorKiosk = "kiosk"
	DoorPhone = "phone"
)

// Limits a record must respect; a record outside them is refused on write
// and reported as malformed on read.
const (
	MaxPayload = 1 << 20 // bytes of engine state
	maxIDLen   = 64      // pack and step ids
	maxSteps   = 256     // entries in each Summary map
	maxCodes   = 32      // error codes per failed step
	idBytes    = 16      // 128-bit session ids
	recordV    = 2       // the record encoding written by this build (1: answers in plain text, up to schema 2)
	maxSealed  = MaxPayload + 4096
)

// Record is one session as stored.
type Record struct {
	ID          string `json:"id"` // 32 lowercase hex digits (128 random bits)
	PackID      string `json:"pack"`
	PackVersion int    `json:"pack_version"` // the pack version it started with, kept to the end
	Door        string `json:"door"`         // DoorKiosk or DoorPhone: where it started
	Status      Status `json:"status"`

	Created time.Time `json:"created"`
	Touched time.Time `json:"touched"`        // the last change by the citizen
	Ended   time.Time `json:"ended,omitzero"` // when it finished, was abandoned, or expired
	Expires time.Time `json:"expires"`        // live: when it expires; ended: when the record is deleted
	Step    string    `json:"step,omitempty"` // the current step id; once ended, the step reached

	// Payload is the practice engine's state with the citizen's answers:
	// personal, opaque to this package, erased when the session ends. It
	// is never stored as it is: see Sealed.
	Payload []byte `json:"-"`
	// Summary is what anonymous statistics need; it survives the end.
	Summary Summary `json:"summary"`
	// HandOff is the state of a hand-off to the citizen's phone (nil when
	// none); erased when the session ends. Stored only inside Sealed.
	HandOff *HandOff `json:"-"`
	// Sealed is how a live session's Payload and HandOff are stored:
	// AES-256-GCM under the session's own key, which lives in the key file
	// (store.Keys), never in the database, and is destroyed when the
	// session ends (seal.go, docs/sessions.md). Empty once ended.
	Sealed []byte `json:"sealed,omitempty"`
}

// Summary is the non-personal trace of a session: no answers, no free text.
type Summary struct {
	StepsPassed int            `json:"passed"`
	Mistakes    map[string]int `json:"mistakes,omitempty"` // step id → submissions with mistakes
	Hints       map[string]int `json:"hints,omitempty"`    // step id → hints opened
}

// HandOff is the hand-off state kept with a session (the hand-off package
// decides what it means). It never holds the token itself, only its hash.
type HandOff struct {
	TokenHash []byte    `json:"token_hash,omitempty"`
	Offered   time.Time `json:"offered,omitzero"`
	Claimed   time.Time `json:"claimed,omitzero"`
	// Until keeps a handed-off session alive past the idle expiry.
	Until time.Time `json:"until,omitzero"`
}

// Clone is a deep copy.
func (r *Record) Clone() *Record {
	c := *r
	c.Payload = bytes.Clone(r.Payload)
	c.Sealed = bytes.Clone(r.Sealed)
	c.Summary.Mistakes = maps.Clone(r.Summary.Mistakes)
	c.Summary.Hints = maps.Clone(r.Summary.Hints)
	if r.HandOff != nil {
		h := *r.HandOff
		h.TokenHash = bytes.Clone(h.TokenHash)
		c.HandOff = &h
	}
	return &c
}

// wire is the stored form: the record plus its encoding version.
type wire struct {
	V int `json:"v"`
	*Record
}

// encodeRecord is the stored form of r, whose answers seal has sealed: the
// plain Payload and HandOff are never part of it.
func encodeRecord(r *Record) ([]byte, error) {
	if err := r.validateStored(); err != nil {
		return nil, err
	}
	return json.Marshal(wire{V: recordV, Record: r})
}

// DecodeRecord parses a stored record, strictly: unknown fields, trailing
// data, a wrong encoding version or any field out of its limits is an error
// that names the field.
func DecodeRecord(b []byte) (*Record, error) {
	var w wire
	w.Record = new(Record)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("session record: %w", err)
	}
	if dec.More() {
		return nil, errors.New("session record: trailing data after the record")
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("session record: trailing data after the record")
	}
	if w.V != recordV {
		return nil, fmt.Errorf("session record %s: field v: encoding version %d, this build reads %d", w.ID, w.V, recordV)
	}
	w.Record.canonical()
	if err := w.Record.validateStored(); err != nil {
		return nil, err
	}
	return w.Record, nil
}

// canonical brings a decoded record to the one form the encoder writes, so
// that decoding is a function of the record, not of its spelling: times in
// UTC (an offset such as +07:00 or +00:00 is the same instant), and empty
// byte strings and maps as nil (the encoder omits them, so "payload":"" and
// no payload are the same record). Without it, a record read back from its
// own encoding could differ from the one first decoded.
func (r *Record) canonical() {
	for _, t := range []*time.Time{&r.Created, &r.Touched, &r.Ended, &r.Expires} {
		*t = t.UTC()
	}
	if len(r.Payload) == 0 {
		r.Payload = nil
	}
	if len(r.Sealed) == 0 {
		r.Sealed = nil
	}
	if len(r.Summary.Mistakes) == 0 {
		r.Summary.Mistakes = nil
	}
	if len(r.Summary.Hints) == 0 {
		r.Summary.Hints = nil
	}
	if h := r.HandOff; h != nil {
		for _, t := range []*time.Time{&h.Offered, &h.Claimed, &h.Until} {
			*t = t.UTC()
		}
		if len(h.TokenHash) == 0 {
			h.TokenHash = nil
		}
	}
}

func (r *Record) validate() error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("session record %.32s: field %s: %s", r.ID, field, fmt.Sprintf(format, args...))
	}
	if _, err := parseID(r.ID); err != nil {
		return bad("id", "%v", err)
	}
	if err := checkName(r.PackID); err != nil {
		return bad("pack", "%v", err)
	}
	if r.PackVersion < 1 {
		return bad("pack_version", "%d is not a pack version (1 or more)", r.PackVersion)
	}
	if r.Door != DoorKiosk && r.Door != DoorPhone {
		return bad("door", "%q is not %q or %q", r.Door, DoorKiosk, DoorPhone)
	}
	if !r.Status.valid() {
		return bad("status", "unknown status %q", r.Status)
	}
	for _, t := range []struct {
		name string
		t    time.Time
	}{{"created", r.Created}, {"touched", r.Touched}, {"expires", r.Expires}} {
		if t.t.IsZero() || t.t.Year() < 2000 || t.t.Year() > 2200 {
			return bad(t.name, "time %s is out of range", t.t.Format(time.RFC3339))
		}
	}
	for _, t := range []struct {
		name string
		t    time.Time
	}{{"ended", r.Ended}, {"handoff.offered", r.handOff().Offered}, {"handoff.claimed", r.handOff().Claimed}, {"handoff.until", r.handOff().Until}} {
		if !t.t.IsZero() && (t.t.Year() < 2000 || t.t.Year() > 2200) {
			return bad(t.name, "time %s is out of range", t.t.Format(time.RFC3339))
		}
	}
	if r.Touched.Before(r.Created) {
		return bad("touched", "before created")
	}
	if r.Status.Live() != r.Ended.IsZero() {
		return bad("ended", "must be set exactly when the session has ended (status %s)", r.Status)
	}
	if !r.Status.Live() && (len(r.Payload) > 0 || r.HandOff != nil) {
		return bad("payload", "an ended session (%s) keeps no personal data", r.Status)
	}
	if !r.Status.Live() && len(r.Sealed) > 0 {
		return bad("sealed", "an ended session (%s) keeps no personal data", r.Status)
	}
	if len(r.Sealed) > maxSealed {
		return bad("sealed", "%d bytes, more than %d", len(r.Sealed), maxSealed)
	}
	if r.Step != "" {
		if err := checkName(r.Step); err != nil {
			return bad("step", "%v", err)
		}
	}
	if len(r.Payload) > MaxPayload {
		return bad("payload", "%d bytes, more than %d", len(r.Payload), MaxPayload)
	}
	if r.Summary.StepsPassed < 0 || r.Summary.StepsPassed > 1<<20 {
		return bad("summary.passed", "%d is out of range", r.Summary.StepsPassed)
	}
	for name, m := range map[string]map[string]int{"summary.mistakes": r.Summary.Mistakes, "summary.hints": r.Summary.Hints} {
		if len(m) > maxSteps {
			return bad(name, "%d steps, more than %d", len(m), maxSteps)
		}
		for k, n := range m {
			if err := checkName(k); err != nil {
				return bad(name, "step %q: %v", k, err)
			}
			if n < 0 || n > 1<<20 {
				return bad(name, "step %s: count %d is out of range", k, n)
			}
		}
	}
	if h := r.HandOff; h != nil && len(h.TokenHash) > 64 {
		return bad("handoff.token_hash", "%d bytes, more than 64", len(h.TokenHash))
	}
	return nil
}

// validateStored is validate for the stored form: a live session's answers
// are sealed.
func (r *Record) validateStored() error {
	if err := r.validate(); err != nil {
		return err
	}
	if r.Status.Live() && len(r.Sealed) < sealOverhead {
		return fmt.Errorf("session record %.32s: field sealed: a live session's answers must be sealed (%d bytes)", r.ID, len(r.Sealed))
	}
	return nil
}

// handOff is r.HandOff, or the zero HandOff when there is none.
func (r *Record) handOff() HandOff {
	if r.HandOff == nil {
		return HandOff{}
	}
	return *r.HandOff
}

// checkName accepts the ids packs use for themselves and their steps:
// 1 to 64 of a-z, A-Z, 0-9, '-', '_', '.'.
func checkName(s string) error {
	if s == "" || len(s) > maxIDLen {
		return fmt.Errorf("%d characters, want 1 to %d", len(s), maxIDLen)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Errorf("character %q at %d is not a letter, digit, '-', '_' or '.'", c, i)
		}
	}
	return nil
}

// parseID turns the 32-hex-digit id into its 16-byte key.
func parseID(id string) ([]byte, error) {
	if len(id) != 2*idBytes {
		return nil, fmt.Errorf("session id of %d characters, want %d hex digits", len(id), 2*idBytes)
	}
	k, err := hex.DecodeString(id)
	if err != nil || hex.EncodeToString(k) != id {
		return nil, errors.New("session id is not lowercase hex")
	}
	return k, nil
}
