package staff

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestHelpRaiseListHandle(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	a, fresh, err := r.s.RaiseHelp(ctx, "ba-dinh-01", "birth-registration", "parents")
	if err != nil || !fresh || a.ID != "1" || a.Pack != "birth-registration" || a.Step != "parents" || a.KioskID != "ba-dinh-01" {
		t.Fatalf("raise: %+v %v %v", a, fresh, err)
	}
	// Pressed again soon at the same place: the same request.
	r.clock.Add(time.Minute)
	again, fresh, err := r.s.RaiseHelp(ctx, "ba-dinh-01", "birth-registration", "parents")
	if err != nil || fresh || again.ID != a.ID {
		t.Fatalf("second press: %+v %v %v", again, fresh, err)
	}
	// Another step is another request.
	b, fresh, _ := r.s.RaiseHelp(ctx, "ba-dinh-01", "birth-registration", "child")
	if !fresh || b.ID == a.ID {
		t.Fatalf("other step: %+v %v", b, fresh)
	}
	// After the dedupe window, the same place asks anew.
	r.clock.Add(HelpDedupe + time.Second)
	c, fresh, _ := r.s.RaiseHelp(ctx, "ba-dinh-01", "birth-registration", "parents")
	if !fresh || c.ID == a.ID {
		t.Fatalf("after the dedupe window: %+v %v", c, fresh)
	}
	h, err := r.s.HandleHelp(ctx, a.ID)
	if err != nil || h.HandledAt == nil || !h.HandledAt.Equal(r.clock.Now()) {
		t.Fatalf("handle: %+v %v", h, err)
	}
	// Handling twice keeps the first time.
	r.clock.Add(time.Minute)
	h2, err := r.s.HandleHelp(ctx, a.ID)
	if err != nil || !h2.HandledAt.Equal(*h.HandledAt) {
		t.Fatalf("handle again: %+v %v", h2, err)
	}
	list, err := r.s.HelpRequests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, x := range list {
		ids = append(ids, x.ID)
	}
	// Open first (newest first), then handled.
	if want := []string{c.ID, b.ID, a.ID}; !equal(ids, want) {
		t.Fatalf("list order %v, want %v", ids, want)
	}
	// A handled request does not swallow a new press.
	d, fresh, _ := r.s.RaiseHelp(ctx, "ba-dinh-01", "birth-registration", "parents")
	if fresh || d.ID != c.ID {
		t.Fatalf("open request c should absorb the press: %+v %v", d, fresh)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHelpSurvivesRestart(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	a, _, _ := r.s.RaiseHelp(ctx, "k1", "p", "s")
	r.restart(t)
	list, err := r.s.HelpRequests(ctx)
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("after restart: %+v %v", list, err)
	}
}

func TestHelpInvalid(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	for _, c := range []struct{ kiosk, pack, step string }{
		{"k1", "a b", ""}, {"k1", "", "bước"}, {"k1", "p", string(make([]byte, 65))}, {"k/1", "", ""},
	} {
		if _, _, err := r.s.RaiseHelp(ctx, c.kiosk, c.pack, c.step); !errors.Is(err, ErrHelpInvalid) {
			t.Errorf("RaiseHelp(%q, %q, %q) = %v, want ErrHelpInvalid", c.kiosk, c.pack, c.step, err)
		}
	}
	for _, id := range []string{"", "0", "x", "99", "-1"} {
		if _, err := r.s.HandleHelp(ctx, id); !errors.Is(err, ErrHelpNotFound) {
			t.Errorf("HandleHelp(%q) = %v, want ErrHelpNotFound", id, err)
		}
	}
}

func TestHelpPruned(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	first, _, _ := r.s.RaiseHelp(ctx, "k1", "", "s0")
	if _, err := r.s.HandleHelp(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	// A damaged entry is dropped by the next write, not served.
	if err := r.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketHelp).Put(helpKey(1000), []byte("{")) }); err != nil {
		t.Fatal(err)
	}
	r.clock.Add(HelpKeepHandled + time.Hour)
	for i := range HelpMax + 5 {
		r.clock.Add(time.Second)
		if _, _, err := r.s.RaiseHelp(ctx, "k1", "", "s"+strconv.Itoa(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := r.s.HelpRequests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != HelpMax {
		t.Fatalf("%d kept, want %d", len(list), HelpMax)
	}
	for _, x := range list {
		if x.ID == first.ID {
			t.Fatal("the old handled request was kept")
		}
	}
	if list[len(list)-1].Step != "s6" { // s1…s5 were the oldest beyond the bound
		t.Fatalf("oldest kept is %s, want s6", list[len(list)-1].Step)
	}
}
