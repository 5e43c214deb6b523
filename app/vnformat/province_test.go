package vnformat

import (
	"slices"
	"strings"
	"testing"
)

func TestProvinceTable(t *testing.T) {
	list := Provinces()
	if len(list) != 63 {
		t.Fatalf("got %d province codes, want 63", len(list))
	}
	if !slices.IsSortedFunc(list, func(a, b ProvinceCode) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("province codes are not in ascending order")
	}
	for code, want := range map[string]string{
		"001": "Hà Nội", "031": "Hải Phòng", "048": "Đà Nẵng", "079": "Hồ Chí Minh",
		"092": "Cần Thơ", "096": "Cà Mau", "077": "Bà Rịa - Vũng Tàu",
	} {
		if got, ok := ProvinceName(code); !ok || got != want {
			t.Errorf("ProvinceName(%s) = %q, %v; want %q", code, got, ok, want)
		}
	}
	for _, code := range []string{"000", "003", "099", "097", "1", "0011", ""} {
		if _, ok := ProvinceName(code); ok {
			t.Errorf("ProvinceName(%q) should not exist", code)
		}
	}
	list[0].Name = "changed"
	if n, _ := ProvinceName("001"); n != "Hà Nội" || Provinces()[0].Name != "Hà Nội" {
		t.Error("Provinces must return a copy")
	}
}

func TestParseProvincesRejectsBadData(t *testing.T) {
	tests := []struct {
		name, data, wantErr string
	}{
		{"no header", "001,Hà Nội\n", "line 1"},
		{"wrong field count", "code,province_before_2025\n001\n", "wrong number of fields"},
		{"bad code", "code,province_before_2025\n01,Hà Nội\n", "line 2: code"},
		{"letters in code", "code,province_before_2025\n0a1,Hà Nội\n", "line 2: code"},
		{"empty name", "code,province_before_2025\n001,\n", "line 2: empty"},
		{"duplicate", "code,province_before_2025\n001,A\n001,B\n", "line 3: duplicate"},
		{"empty", "", "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseProvinces([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
	if _, err := parseProvinces([]byte("code,province_before_2025\n001,Hà Nội\n")); err != nil {
		t.Fatalf("good data: %v", err)
	}
}
