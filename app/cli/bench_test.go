package cli

import (
	"strings"
	"testing"
)

func TestBenchSessions(t *testing.T) {
	tests := []struct {
		env  string
		want int
		err  bool
	}{
		{"", 0, false}, // unset: production, bench mode off
		{"1", 1, false},
		{"1000", 1000, false},
		{"100000", 100000, false},
		{"0", 0, true},
		{"-5", 0, true},
		{"100001", 0, true},
		{"lots", 0, true},
		{"10 ", 0, true},
	}
	for _, tt := range tests {
		got, err := benchSessions(func(name string) string {
			if name != BenchEnv {
				t.Fatalf("read %s", name)
			}
			return tt.env
		})
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("%s=%q: %d, %v; want %d, error %v", BenchEnv, tt.env, got, err, tt.want, tt.err)
		}
		if err != nil && !strings.Contains(err.Error(), BenchEnv) {
			t.Errorf("error does not name the variable: %v", err)
		}
	}
}

func FuzzBenchSessions(f *testing.F) {
	for _, s := range []string{"", "1", "1000", "0", "-1", "1e3", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := benchSessions(func(string) string { return s })
		if err == nil && s != "" && (n < 1 || n > 100000) {
			t.Fatalf("%q accepted as %d", s, n)
		}
		if err != nil && n != 0 {
			t.Fatalf("%q: error with %d", s, n)
		}
	})
}

func TestBenchStress(t *testing.T) {
	for env, want := range map[string]int{"": 0, "1": 1, "300": 300, "86400": 86400} {
		if got, err := benchStress(func(string) string { return env }); got != want || err != nil {
			t.Errorf("%q: %d, %v; want %d", env, got, err, want)
		}
	}
	for _, env := range []string{"0", "-1", "86401", "5m", " 5"} {
		if got, err := benchStress(func(string) string { return env }); err == nil || got != 0 || !strings.Contains(err.Error(), BenchStressEnv) {
			t.Errorf("%q: %d, %v; want an error naming %s", env, got, err, BenchStressEnv)
		}
	}
}

func FuzzBenchStress(f *testing.F) {
	for _, s := range []string{"", "1", "300", "0", "-1", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := benchStress(func(string) string { return s })
		if err == nil && s != "" && (n < 1 || n > 86400) {
			t.Fatalf("%q accepted as %d", s, n)
		}
		if err != nil && n != 0 {
			t.Fatalf("%q: error with %d", s, n)
		}
	})
}
