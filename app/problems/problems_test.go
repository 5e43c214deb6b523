package problems

import (
	"errors"
	"fmt"
	"testing"
)

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "kiosk.yaml", Line: 3, Path: "kiosk.id", Msg: "must not be empty", Fix: "set a unique id"}, "kiosk.yaml:3: kiosk.id: must not be empty (set a unique id)"},
		{Problem{File: "kiosk.yaml", Msg: "file not found"}, "kiosk.yaml: file not found"},
		{Problem{File: "a.yaml", Line: 1, Msg: "bad"}, "a.yaml:1: bad"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestListErrAndFrom(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list must be a nil error")
	}
	l.Add("a.yaml", 2, "x", "bad", "")
	l.Add("b.yaml", 5, "", "worse", "fix it")
	err := fmt.Errorf("loading: %w", l.Err())
	got := From("ignored", err)
	if len(got) != 2 || got[1].Line != 5 {
		t.Fatalf("From lost problems: %v", got)
	}
	if want := "a.yaml:2: x: bad\nb.yaml:5: worse (fix it)"; l.Error() != want {
		t.Fatalf("Error() = %q, want %q", l.Error(), want)
	}
	other := From("c.yaml", errors.New("permission denied"))
	if len(other) != 1 || other[0].File != "c.yaml" {
		t.Fatalf("From(plain error) = %v", other)
	}
	if From("c.yaml", nil) != nil {
		t.Fatal("From(nil) must be nil")
	}
}
