package session

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/store"
)

// markerForms are the spellings in which a marker could sit in a file: as it
// is, in base64 at each of the three byte alignments (minus the characters
// that depend on the neighbouring bytes), JSON-escaped, and in hex.
func markerForms(marker string) [][]byte {
	forms := [][]byte{[]byte(marker)}
	for shift := range 3 {
		e := base64.StdEncoding.EncodeToString(append(make([]byte, shift), marker...))
		start := (shift*8 + 5) / 6
		forms = append(forms, []byte(e[start:len(e)-4]))
	}
	q, _ := json.Marshal(marker)
	forms = append(forms, q[1:len(q)-1], []byte(hex.EncodeToString([]byte(marker))))
	return forms
}

func findMarkers(t *testing.T, what string, img []byte, markers []string) {
	t.Helper()
	for _, m := range markers {
		for _, f := range markerForms(m) {
			if i := bytes.Index(img, f); i >= 0 {
				t.Errorf("%s holds %q at byte %d", what, f, i)
			}
		}
	}
}

// personaPayload is an engine state with a persona's answers: the marker in
// a name (with Vietnamese letters and characters JSON escapes), a password,
// a parent's name, and padding so that records span pages.
func personaPayload(marker string, step int) []byte {
	b, _ := json.Marshal(map[string]any{
		"step": step,
		"answers": map[string]any{
			"ho_ten": marker + " Nguyễn Thị Ánh <&>", "mat_khau": marker + "-Mk@2026!", "ten_me": "Mẹ " + marker,
		},
		"pad": bytes.Repeat([]byte("ô"), 300*step),
	})
	return b
}

// TestWipedAnswersLeaveNoTraceOnDisk finishes, abandons, hands off (then
// finishes on the phone, or lets the phone session expire) and lets expire
// practices whose answers carry distinctive markers, with several saves each
// so that old record versions sit in bbolt's free pages. A backup made
// through the store's backup (online, over the socket) while all of them
// were in progress, the raw database file and the key file afterwards hold
// none of the markers in any byte, in any of the spellings markerForms
// lists; and the backup, opened with the kiosk's key file as it is after
// the wipes (an attacker with both), yields no answers.
func TestWipedAnswersLeaveNoTraceOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := newFakeClock()
	m := New(db, Options{Clock: clock})

	type practice struct {
		name, marker, id string
		handOff          bool
		key, sealed      []byte
	}
	ps := []*practice{
		{name: "finished"}, {name: "abandoned"}, {name: "handed off, finished on the phone", handOff: true},
		{name: "handed off, expired on the phone", handOff: true}, {name: "expired"},
	}
	var markers []string
	for i, p := range ps {
		p.marker = fmt.Sprintf("MKR%d-QX7ZJ-%x", i, clock.Now().UnixNano()+int64(i))
		markers = append(markers, p.marker)
		r, err := m.Start(ctx, Start{PackID: "khai-sinh", PackVersion: 1, Door: DoorKiosk, Step: "s0", Payload: personaPayload(p.marker, 0)})
		if err != nil {
			t.Fatal(err)
		}
		p.id = r.ID
		for n := 1; n <= 4; n++ {
			if _, err := m.Update(ctx, p.id, func(c *Change) error {
				c.Record.Step, c.Record.Payload = fmt.Sprintf("s%d", n), personaPayload(p.marker, n)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if p.handOff {
			if _, err := m.HandOff(ctx, p.id, HandOff{TokenHash: []byte(p.marker), Offered: clock.Now(), Until: clock.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Update(ctx, p.id, func(c *Change) error { // the phone's first step
				c.Record.Payload = personaPayload(p.marker, 5)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		id, _ := parseID(p.id)
		p.key, _ = db.Keys().Key(keyID(id))
		db.Bolt().View(func(tx *bolt.Tx) error {
			r, _ := loadSealed(tx, id)
			p.sealed = r.Sealed
			return nil
		})
	}

	// The backup, while every practice is in progress.
	srv, err := db.ListenBackup()
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "before-wipe.db")
	if _, online, err := store.BackupTo(ctx, dir, backup); err != nil || !online {
		t.Fatalf("backup: online %v, %v", online, err)
	}
	srv.Close()
	before, _ := os.ReadFile(backup)
	// Positive control: the backup does hold the answers, sealed, and they
	// open with the keys as they were before the wipe.
	bk, err := bolt.Open(backup, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	bk.View(func(tx *bolt.Tx) error {
		for _, p := range ps {
			id, _ := parseID(p.id)
			r, err := loadSealed(tx, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := unseal(r, id, p.key); err != nil || !bytes.Contains(r.Payload, []byte(p.marker)) {
				t.Fatalf("%s: the backup's sealed answers do not open with the session key before the wipe: %v", p.name, err)
			}
		}
		return nil
	})
	bk.Close()

	// The wipes.
	mustEnd := func(r *Record, err error) {
		t.Helper()
		if err != nil || r.Status.Live() || r.Payload != nil || r.HandOff != nil || r.Sealed != nil {
			t.Fatalf("end: %+v, %v", r, err)
		}
	}
	mustEnd(m.Finish(ctx, ps[0].id))
	mustEnd(m.Abandon(ctx, ps[1].id))
	clock.Advance(30 * time.Minute) // past the idle expiry: ps[4] is due; the hand-offs live on until their Until
	mustEnd(m.Finish(ctx, ps[2].id))
	if res, err := m.Sweep(ctx); err != nil || res.Expired != 1 {
		t.Fatalf("first sweep: %+v, %v", res, err)
	}
	clock.Advance(time.Hour)
	if res, err := m.Sweep(ctx); err != nil || res.Expired != 1 {
		t.Fatalf("second sweep: %+v, %v", res, err)
	}
	if ids := db.Keys().IDs(); len(ids) != 0 {
		t.Fatalf("%d keys left after every practice ended", len(ids))
	}

	raw, _ := os.ReadFile(db.Path())
	keyFile, _ := os.ReadFile(filepath.Join(dir, store.KeyFileName))
	findMarkers(t, "the database file", raw, markers)
	findMarkers(t, "the key file", keyFile, markers)
	findMarkers(t, "the backup made before the wipe", before, markers)
	for _, p := range ps {
		for what, img := range map[string][]byte{"database file": raw, "key file": keyFile, "backup": before} {
			if bytes.Contains(img, p.key) {
				t.Errorf("%s: the %s still holds the session key", p.name, what)
			}
		}
	}
	if !bytes.Contains(before, []byte(base64.StdEncoding.EncodeToString(ps[0].sealed))) {
		t.Error("the backup does not hold the sealed answers: the test would prove nothing")
	}

	// An attacker with the backup and the key file as it is now: the
	// sessions that were live in the backup are unreadable.
	adir := t.TempDir()
	os.WriteFile(filepath.Join(adir, store.FileName), before, 0o600)
	os.WriteFile(filepath.Join(adir, store.KeyFileName), keyFile, 0o600)
	adb, err := store.Open(adir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	am := New(adb, Options{Clock: clock})
	for _, p := range ps {
		r, err := am.Get(ctx, p.id)
		if !errors.Is(err, errKeyGone) || r != nil {
			t.Errorf("%s: the backup's session reads (%v, %v); want its key gone", p.name, r != nil, err)
		}
	}
	if recs, err := am.Resumable(ctx, clock.Now(), 24*time.Hour); err != nil || len(recs) != 0 {
		t.Errorf("the backup offers %d sessions to resume (%v)", len(recs), err)
	}
	// The restored file's sweeper ends those sessions like any others.
	if res, err := am.Sweep(ctx); err != nil || res.Expired != len(ps) {
		t.Errorf("sweeping the restored backup: %+v, %v", res, err)
	}
}

// TestResumeAfterReopen: a live session's sealed answers open again after
// the store is closed and reopened (the key is in the key file).
func TestResumeAfterReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := New(db, Options{})
	r, err := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Payload: []byte(`{"a":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.HandOff(ctx, r.ID, HandOff{TokenHash: []byte("h"), Offered: time.Now()}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := New(db, Options{}).Get(ctx, r.ID)
	if err != nil || string(got.Payload) != `{"a":1}` || got.HandOff == nil || string(got.HandOff.TokenHash) != "h" {
		t.Fatalf("after reopening: %+v, %v", got, err)
	}
}

// TestOrphanKeysDestroyed: a key left behind by a crash between an end's
// commit and its key's destruction (and the key of a session whose record
// vanished) is destroyed by the next sweep; live sessions keep theirs.
func TestOrphanKeysDestroyed(t *testing.T) {
	ctx := context.Background()
	m, db, _, _ := setup(t)
	live, _ := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Payload: []byte("x")})
	ended, _ := m.Start(ctx, Start{PackID: "p", PackVersion: 1, Door: DoorKiosk, Payload: []byte("y")})
	endedID, _ := parseID(ended.ID)
	if _, err := m.Finish(ctx, ended.ID); err != nil {
		t.Fatal(err)
	}
	// A key for the ended session, as a crash before its destruction would
	// have left it, and one whose session never committed.
	var ghost [store.KeyIDLen]byte
	ghost[0] = 0x42
	if _, err := db.Keys().Create(ghost); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Keys().Create(keyID(endedID)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	ids := db.Keys().IDs()
	liveID, _ := parseID(live.ID)
	if len(ids) != 1 || ids[0] != keyID(liveID) {
		t.Fatalf("keys after the sweep: %x, want only the live session's", ids)
	}
	if _, err := m.Get(ctx, live.ID); err != nil {
		t.Fatal(err)
	}
}
