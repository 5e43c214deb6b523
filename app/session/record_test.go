package session

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleRecord() *Record {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	return &Record{
		ID: "0123456789abcdef0123456789abcdef", PackID: "khai-sinh", PackVersion: 3, Door: DoorKiosk, Status: StatusActive,
		Created: t0, Touched: t0.Add(time.Minute), Expires: t0.Add(11 * time.Minute), Step: "tre-em",
		Sealed:  bytes.Repeat([]byte{7}, sealOverhead+12),
		Summary: Summary{StepsPassed: 2, Mistakes: map[string]int{"cccd": 1}, Hints: map[string]int{"cccd": 2}},
	}
}

func TestRecordRoundTrip(t *testing.T) {
	r := sampleRecord()
	b, err := encodeRecord(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("round trip:\n%+v\nwant\n%+v", got, r)
	}
}

func TestDecodeRecordErrors(t *testing.T) {
	good, _ := encodeRecord(sampleRecord())
	swap := func(old, new string) []byte { return bytes.Replace(good, []byte(old), []byte(new), 1) }
	for name, tc := range map[string]struct {
		in   []byte
		want string
	}{
		"empty":           {nil, "EOF"},
		"not json":        {[]byte("garbage"), "invalid character"},
		"trailing":        {append(bytes.Clone(good), "{}"...), "trailing data"},
		"unknown field":   {swap(`"door"`, `"colour":1,"door"`), `unknown field "colour"`},
		"version":         {swap(`"v":2`, `"v":9`), "field v"},
		"short id":        {swap(`"id":"0123456789abcdef0123456789abcdef"`, `"id":"0123"`), "field id"},
		"upper id":        {swap(`"id":"0123456789abcdef0123456789abcdef"`, `"id":"0123456789ABCDEF0123456789ABCDEF"`), "field id"},
		"pack":            {swap(`"pack":"khai-sinh"`, `"pack":"khai sinh"`), "field pack"},
		"pack version":    {swap(`"pack_version":3`, `"pack_version":0`), "field pack_version"},
		"door":            {swap(`"door":"kiosk"`, `"door":"tv"`), "field door"},
		"status":          {swap(`"status":"active"`, `"status":"paused"`), "field status"},
		"zero time":       {swap(`"created":"2026-11-23T09:00:00Z"`, `"created":"0001-01-01T00:00:00Z"`), "field created"},
		"touched early":   {swap(`"touched":"2026-11-23T09:01:00Z"`, `"touched":"2026-11-23T08:00:00Z"`), "field touched"},
		"ended but live":  {swap(`"status":"active"`, `"status":"active","ended":"2026-11-23T09:02:00Z"`), "field ended"},
		"ended with data": {swap(`"status":"active"`, `"status":"finished","ended":"2026-11-23T09:02:00Z"`), "field sealed"},
		"live unsealed":   {swap(`,"sealed":"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBw=="`, ``), "field sealed"},
		"plain payload":   {swap(`"sealed"`, `"payload":"e30=","sealed"`), `unknown field "payload"`},
		"short sealed":    {swap(`"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBw=="`, `"Bw=="`), "field sealed"},
		"old encoding":    {swap(`"v":2`, `"v":1`), "field v"},
		"negative count":  {swap(`"cccd":1`, `"cccd":-1`), "summary.mistakes"},
		"wrong type":      {swap(`"passed":2`, `"passed":"2"`), "passed"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeRecord(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// FuzzDecodeRecord: decoding never panics, whatever decodes encodes, and
// the encoding is canonical: decoding it gives the same record (deeply
// equal, not just printing alike) and encoding that gives the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	good, _ := encodeRecord(sampleRecord())
	f.Add(good)
	ended := sampleRecord()
	ended.Status, ended.Ended, ended.Sealed = StatusExpired, ended.Touched, nil
	b, _ := encodeRecord(ended)
	f.Add(b)
	f.Add([]byte(`{"v":2}`))
	f.Add([]byte(`{"v":2,"summary":{"mistakes":{"":1}}}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"v":2,"id":"0123456789abcdef0123456789abcdef","sealed":"!!"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := DecodeRecord(in)
		if err != nil {
			return
		}
		again, err := encodeRecord(r)
		if err != nil {
			t.Fatalf("decoded record does not encode: %v", err)
		}
		r2, err := DecodeRecord(again)
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip changed the record:\n%#v\n%#v", r, r2)
		}
		third, err := encodeRecord(r2)
		if err != nil || !bytes.Equal(again, third) {
			t.Fatalf("the encoding is not canonical (%v):\n%s\n%s", err, again, third)
		}
	})
}

// TestDecodeRecordCanonical: spellings of the same record decode to the
// same value (what FuzzDecodeRecord found: "payload":"" decoded to an empty,
// non-nil payload that the encoder then dropped; an offset of +00:00 to a
// different location than Z).
func TestDecodeRecordCanonical(t *testing.T) {
	good, _ := encodeRecord(sampleRecord())
	want, err := DecodeRecord(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{
		{`"hints":{"cccd":2}`, `"hints":{"cccd":2}`},
		{`"created":"2026-11-23T09:00:00Z"`, `"created":"2026-11-23T16:00:00+07:00"`},
		{`"created":"2026-11-23T09:00:00Z"`, `"created":"2026-11-23T09:00:00+00:00"`},
	} {
		in := bytes.Replace(good, []byte(c[0]), []byte(c[1]), 1)
		got, err := DecodeRecord(in)
		if err != nil {
			t.Fatalf("%s: %v", c[1], err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s decodes to\n%#v\nwant\n%#v", c[1], got, want)
		}
	}
	noHints := sampleRecord()
	noHints.Summary.Hints = nil
	b, _ := encodeRecord(noHints)
	want, _ = DecodeRecord(b)
	got, err := DecodeRecord(bytes.Replace(good, []byte(`"hints":{"cccd":2}`), []byte(`"hints":{}`), 1))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf(`"hints":{} decodes to %#v, %v; want no hints`, got, err)
	}
}
