package session

import (
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestHandOffTxCommitsWithTheCallersBuckets(t *testing.T) {
	m, db, clock, _ := setup(t)
	ctx := t.Context()
	r, err := m.Start(ctx, Start{PackID: "khai-sinh", PackVersion: 1, Door: DoorKiosk, Step: "s1", Payload: []byte(`{"a":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	bdb := db.Bolt()
	other := []byte("test_other")

	// The caller's own change fails after the hand-off: nothing of either commits.
	boom := errors.New("boom")
	err = bdb.Update(func(tx *bolt.Tx) error {
		if _, err := m.HandOffTx(tx, r.ID, HandOff{Claimed: clock.Now()}); err != nil {
			return err
		}
		b, _ := tx.CreateBucketIfNotExists(other)
		b.Put([]byte("k"), []byte("v"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got, _ := m.Get(ctx, r.ID); got.Status != StatusActive {
		t.Fatalf("a rolled-back hand-off left the session %s", got.Status)
	}

	// Both commit together.
	clock.Advance(time.Second)
	err = bdb.Update(func(tx *bolt.Tx) error {
		got, err := m.HandOffTx(tx, r.ID, HandOff{Claimed: clock.Now()})
		if err != nil {
			return err
		}
		if got.Status != StatusHandedOff || string(got.Payload) != `{"a":1}` {
			t.Errorf("handed off: %s %s", got.Status, got.Payload)
		}
		if !m.LiveTx(tx, r.ID, clock.Now()) {
			t.Error("a handed-off session is live")
		}
		b, _ := tx.CreateBucketIfNotExists(other)
		return b.Put([]byte("k"), []byte("v"))
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := m.Get(ctx, r.ID)
	if got.Status != StatusHandedOff || got.HandOff == nil || !got.HandOff.Claimed.Equal(clock.Now()) {
		t.Fatalf("after commit: %+v", got)
	}

	// A second hand-off of the same session is refused; so are unknown ids.
	tests := []struct {
		name, id string
		want     error
	}{
		{"again", r.ID, ErrEnded},
		{"unknown", "00000000000000000000000000000000", ErrNotFound},
		{"malformed", "nope", ErrNotFound},
	}
	for _, tt := range tests {
		err := bdb.Update(func(tx *bolt.Tx) error {
			_, err := m.HandOffTx(tx, tt.id, HandOff{})
			return err
		})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}

	// Once finished, it is no longer live.
	if _, err := m.Finish(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	bdb.View(func(tx *bolt.Tx) error {
		if m.LiveTx(tx, r.ID, clock.Now()) || m.LiveTx(tx, "zz", clock.Now()) {
			t.Error("a finished or malformed session is not live")
		}
		return nil
	})
}
