package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// Schema values of a batch's "schema" field. Version 2 adds the kiosk's
// health block (Batch.Health, required); version 1 has none and is still
// accepted. Schema is what kiosks send.
const (
	SchemaV1 = "tramhocso.stats.batch/1"
	SchemaV2 = "tramhocso.stats.batch/2"
	Schema   = SchemaV2
)

// Path is where a collector accepts batches (POST).
const Path = "/v1/batches"

// HTTP headers of an upload. The body is the batch JSON, gzip-compressed
// (Content-Encoding: gzip); the signature covers the uncompressed JSON.
const (
	HeaderIdempotencyKey = "Idempotency-Key"       // the batch id
	HeaderKiosk          = "X-Tramhocso-Kiosk"     // the kiosk id
	HeaderSentAt         = "X-Tramhocso-Sent-At"   // RFC 3339 time of this attempt, by the kiosk's clock
	HeaderSignature      = "X-Tramhocso-Signature" // "v1=" + hex HMAC-SHA256(key, uncompressed body)
)

// SignaturePrefix versions the signature header value.
const SignaturePrefix = "v1="

// KeyBytes is the length of a kiosk key.
const KeyBytes = 32

// Layouts of the day and hour fields.
const (
	DayLayout  = "2006-01-02"
	HourLayout = time.RFC3339 // with the kiosk's offset, e.g. 2026-11-23T10:00:00+07:00
	idTime     = "20060102T150405Z"
)

// Hourly kinds: the session events also counted per hour without a pack id.
const (
	KindStarted   = "started"
	KindFinished  = "finished"
	KindHandedOff = "handed_off"
)

// Patterns. Identifiers hold no spaces, upper case, diacritics or
// punctuation beyond - _ . so that no name, address, answer or other free
// text fits in a counter; pack and step ids must also contain a letter and
// error codes start with one, so a CCCD, phone number or date cannot pass as
// an id (IsPackID, IsStepID).
var (
	KioskIDRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,63}$`)
	PackIDRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,63}$`)
	StepIDRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	KindRE      = regexp.MustCompile(`^[a-z][a-z_]{1,31}$`)
	ErrorCodeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}(\.[a-z][a-z0-9_]{0,31}){0,3}$`)
	BatchIDRE   = regexp.MustCompile(`^([a-z0-9][a-z0-9-]{2,63})\.([0-9]{8}T[0-9]{6}Z)\.([0-9]{6,20})$`)
)

var hasLetter = regexp.MustCompile(`[a-z]`)

// IsPackID reports whether s may appear as a pack id in a batch.
func IsPackID(s string) bool { return PackIDRE.MatchString(s) && hasLetter.MatchString(s) }

// IsStepID reports whether s may appear as a step id in a batch.
func IsStepID(s string) bool { return StepIDRE.MatchString(s) && hasLetter.MatchString(s) }

// Batch is one sealed period of a kiosk's counters. Its JSON bytes are fixed
// when it is sealed and never change afterwards.
type Batch struct {
	Schema      string    `json:"schema"`
	BatchID     string    `json:"batch_id"`
	KioskID     string    `json:"kiosk_id"`
	Seq         uint64    `json:"seq"`
	PeriodStart string    `json:"period_start"` // RFC 3339 UTC
	PeriodEnd   string    `json:"period_end"`   // RFC 3339 UTC
	SealedAt    string    `json:"sealed_at"`    // RFC 3339 UTC, the kiosk's clock
	Site        Site      `json:"site"`
	Counters    []Counter `json:"counters"`
	Hourly      []Hourly  `json:"hourly"`
	Dropped     Dropped   `json:"dropped"`
	Health      *Health   `json:"health,omitempty"` // version 2 only
}

// Health is the kiosk's own state when the batch was sealed, for the fleet
// page: nothing personal, only versions, counts and codes.
type Health struct {
	AppVersion      string `json:"app_version"`                 // tramhocso version, e.g. v1.4.0 or 0.0.0~3f2a1c
	ConfigID        string `json:"config_id"`                   // the loaded kiosk-config's id (e.g. a short hash)
	OutboxDepth     uint64 `json:"outbox_depth"`                // batches waiting for upload, this one included
	DeadLetters     uint64 `json:"dead_letters"`                // batches the collector refused, kept for staff
	UptimeSec       uint64 `json:"uptime_sec"`                  // seconds since the kiosk program started
	LastReloadError string `json:"last_reload_error,omitempty"` // error code of the last failed config reload, if any
	ClockOffsetSec  int64  `json:"clock_offset_sec"`            // kiosk clock − collector clock at the last upload (Date header), 0 unknown
}

// VersionRE and ConfigIDRE bound the health block's two strings.
var (
	VersionRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.+~_-]{0,63}$`)
	ConfigIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`)
)

// Site is where the kiosk stands (from kiosk.yaml), for the collector's report.
type Site struct {
	Province string `json:"province"`
	Commune  string `json:"commune"`
}

// Counter counts events of one kind on one day for one pack step. A counter
// without Error counts events; one with Error counts how many of those
// events carried that error code (an event may carry several).
type Counter struct {
	Day         string `json:"day"` // YYYY-MM-DD in the kiosk's time zone
	Pack        string `json:"pack"`
	PackVersion int    `json:"pack_version"`
	Step        string `json:"step,omitempty"`
	Kind        string `json:"kind"`
	Error       string `json:"error,omitempty"`
	N           uint64 `json:"n"`
}

// Hourly holds the sessions started, finished and handed off in one hour,
// without the pack: a quiet kiosk must not reveal who practised what when.
type Hourly struct {
	Hour      string `json:"hour"` // start of the hour, RFC 3339 with the kiosk's offset
	Started   uint64 `json:"started"`
	Finished  uint64 `json:"finished"`
	HandedOff uint64 `json:"handed_off"`
}

// Dropped reports batches the kiosk had to drop because its outbox bound was
// reached before they could be uploaded (zero when nothing was dropped).
type Dropped struct {
	Periods uint64 `json:"periods"`        // batches (sealing periods) dropped
	Events  uint64 `json:"events"`         // events they counted
	From    string `json:"from,omitempty"` // earliest period_start dropped
	To      string `json:"to,omitempty"`   // latest period_end dropped
}

// Events is the number of events the batch counts (counters without an
// error code: each event adds exactly one of those).
func (b *Batch) Events() uint64 {
	var n uint64
	for _, c := range b.Counters {
		if c.Error == "" {
			n += c.N
		}
	}
	return n
}

// BatchID builds a batch id: kiosk id, period end (UTC) and sequence number.
func BatchID(kioskID string, periodEnd time.Time, seq uint64) string {
	return fmt.Sprintf("%s.%s.%06d", kioskID, periodEnd.UTC().Format(idTime), seq)
}

// Marshal encodes a batch in its one canonical form (compact JSON, fields in
// declaration order): the bytes that are sealed, signed and sent.
func Marshal(b *Batch) ([]byte, error) {
	if b.Counters == nil {
		b.Counters = []Counter{}
	}
	if b.Hourly == nil {
		b.Hourly = []Hourly{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return nil, fmt.Errorf("encoding batch %s: %w", b.BatchID, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Parse decodes and checks a batch strictly: unknown fields, trailing data,
// wrong types and invalid values are errors naming the field.
func Parse(data []byte) (*Batch, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Batch
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("batch: trailing data after the JSON object")
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return &b, nil
}

// Validate checks every field; the error names the first bad one.
func (b *Batch) Validate() error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("batch: %s: %s", field, fmt.Sprintf(format, args...))
	}
	switch b.Schema {
	case SchemaV1:
		if b.Health != nil {
			return bad("health", "not part of %s (send %s)", SchemaV1, SchemaV2)
		}
	case SchemaV2:
		if b.Health == nil {
			return bad("health", "required in %s", SchemaV2)
		}
		h := b.Health
		if !VersionRE.MatchString(h.AppVersion) {
			return bad("health.app_version", "%q is not a version", h.AppVersion)
		}
		if !ConfigIDRE.MatchString(h.ConfigID) {
			return bad("health.config_id", "%q is not a config id", h.ConfigID)
		}
		if h.LastReloadError != "" && !ErrorCodeRE.MatchString(h.LastReloadError) {
			return bad("health.last_reload_error", "%q is not an error code", h.LastReloadError)
		}
		if h.ClockOffsetSec > 10*365*86400 || h.ClockOffsetSec < -10*365*86400 {
			return bad("health.clock_offset_sec", "%d is beyond ten years", h.ClockOffsetSec)
		}
	default:
		return bad("schema", "%q is not %q or %q", b.Schema, SchemaV2, SchemaV1)
	}
	if !KioskIDRE.MatchString(b.KioskID) {
		return bad("kiosk_id", "%q is not a kiosk id", b.KioskID)
	}
	m := BatchIDRE.FindStringSubmatch(b.BatchID)
	if m == nil {
		return bad("batch_id", "%q is not kiosk.YYYYMMDDThhmmssZ.seq", b.BatchID)
	}
	start, err := time.Parse(time.RFC3339, b.PeriodStart)
	if err != nil {
		return bad("period_start", "%v", err)
	}
	end, err := time.Parse(time.RFC3339, b.PeriodEnd)
	if err != nil {
		return bad("period_end", "%v", err)
	}
	if _, err := time.Parse(time.RFC3339, b.SealedAt); err != nil {
		return bad("sealed_at", "%v", err)
	}
	if !end.After(start) {
		return bad("period_end", "%s is not after period_start %s", b.PeriodEnd, b.PeriodStart)
	}
	if want := BatchID(b.KioskID, end, b.Seq); want != b.BatchID {
		return bad("batch_id", "%q does not match kiosk_id, period_end and seq (%q)", b.BatchID, want)
	}
	if len(b.Site.Province) > 100 || len(b.Site.Commune) > 100 {
		return bad("site", "names longer than 100 bytes")
	}
	for i, c := range b.Counters {
		f := func(name string) string { return fmt.Sprintf("counters[%d].%s", i, name) }
		if _, err := time.Parse(DayLayout, c.Day); err != nil {
			return bad(f("day"), "%q is not YYYY-MM-DD", c.Day)
		}
		if !IsPackID(c.Pack) {
			return bad(f("pack"), "%q is not a pack id", c.Pack)
		}
		if c.PackVersion < 0 {
			return bad(f("pack_version"), "%d is negative", c.PackVersion)
		}
		if c.Step != "" && !IsStepID(c.Step) {
			return bad(f("step"), "%q is not a step id", c.Step)
		}
		if !KindRE.MatchString(c.Kind) {
			return bad(f("kind"), "%q is not an event kind", c.Kind)
		}
		if c.Error != "" && !ErrorCodeRE.MatchString(c.Error) {
			return bad(f("error"), "%q is not an error code", c.Error)
		}
		if c.N == 0 {
			return bad(f("n"), "must be at least 1")
		}
	}
	for i, h := range b.Hourly {
		if _, err := time.Parse(HourLayout, h.Hour); err != nil {
			return bad(fmt.Sprintf("hourly[%d].hour", i), "%v", err)
		}
		if h.Started+h.Finished+h.HandedOff == 0 {
			return bad(fmt.Sprintf("hourly[%d]", i), "all counts are zero")
		}
	}
	for _, s := range []struct{ name, v string }{{"dropped.from", b.Dropped.From}, {"dropped.to", b.Dropped.To}} {
		if s.v != "" {
			if _, err := time.Parse(time.RFC3339, s.v); err != nil {
				return bad(s.name, "%v", err)
			}
		}
	}
	return nil
}

// Sign returns the signature header value for body.
func Sign(key, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return SignaturePrefix + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header value in constant time.
func Verify(key, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, SignaturePrefix)
	if !ok {
		return false
	}
	sig, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return hmac.Equal(sig, m.Sum(nil))
}

// ParseKey reads a key file's contents: 64 hex digits (32 bytes), surrounding
// white space ignored.
func ParseKey(text []byte) ([]byte, error) {
	s := strings.TrimSpace(string(text))
	key, err := hex.DecodeString(s)
	if err != nil || len(key) != KeyBytes {
		return nil, fmt.Errorf("a key is %d hex digits (%d bytes); `tramhocso collector keygen` makes one", 2*KeyBytes, KeyBytes)
	}
	return key, nil
}

// NewKey makes a random key, hex-encoded as a key file holds it.
func NewKey() (string, error) {
	var k [KeyBytes]byte
	if _, err := rand.Read(k[:]); err != nil {
		return "", fmt.Errorf("making a key: %w", err)
	}
	return hex.EncodeToString(k[:]), nil
}
