package version

import (
	"strings"
	"testing"
)

func TestGet(t *testing.T) {
	i := Get()
	if i.Version == "" || i.Commit == "" || !strings.HasPrefix(i.GoVersion, "go") {
		t.Fatalf("incomplete build info: %+v", i)
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		in   Info
		want string
	}{
		{Info{Version: "1.0.0", Commit: "abc", GoVersion: "go1.26"}, "tramhocso 1.0.0 (commit abc, go1.26)"},
		{Info{Version: "dev", Commit: "abc", Modified: true, GoVersion: "go1.26"}, "tramhocso dev (commit abc, modified, go1.26)"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
