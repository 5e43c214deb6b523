package vnformat

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckVNeIDPassword(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"good", "Matkhau@2025", nil},
		{"exactly 8", "Ab1!cdef", nil},
		{"exactly 20", "Ab1!" + strings.Repeat("x", 16), nil},
		{"every special kind", "Aa1" + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", []string{CodePasswordTooLong}},
		{"7 chars", "Ab1!cde", []string{CodePasswordTooShort}},
		{"21 chars", "Ab1!" + strings.Repeat("x", 17), []string{CodePasswordTooLong}},
		{"no upper", "matkhau@2025", []string{CodePasswordNoUpper}},
		{"no lower", "MATKHAU@2025", []string{CodePasswordNoLower}},
		{"no digit", "Matkhau@abc", []string{CodePasswordNoDigit}},
		{"no special", "Matkhau2025", []string{CodePasswordNoSpecial}},
		{"space", "Mat khau@2025", []string{CodePasswordSpace}},
		{"Vietnamese letters", "Mậtkhẩu@2025", []string{CodePasswordNonASCII}},
		{"capital with mark does not count as upper", "Ămatkhau@2025", []string{CodePasswordNonASCII, CodePasswordNoUpper}},
		{"length counts characters, not bytes", "Ab1!ẩẩẩ", []string{CodePasswordTooShort, CodePasswordNonASCII}},
		{"control character", "Matkhau@2025\x00", []string{CodePasswordNonASCII}},
		{"empty: every rule", "", []string{CodePasswordTooShort, CodePasswordNoUpper, CodePasswordNoLower, CodePasswordNoDigit, CodePasswordNoSpecial}},
		{"digits only", "12345678", []string{CodePasswordNoUpper, CodePasswordNoLower, CodePasswordNoSpecial}},
		{"short, spaced, accented", "á 1", []string{CodePasswordTooShort, CodePasswordNonASCII, CodePasswordSpace, CodePasswordNoUpper, CodePasswordNoLower, CodePasswordNoSpecial}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckVNeIDPassword(tt.in)
			got := Codes(err)
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) || (err == nil) != (len(want) == 0) {
				t.Fatalf("codes = %v, want %v", Codes(err), tt.want)
			}
		})
	}
}

func TestCheckVNeIDPasswordOrder(t *testing.T) {
	got := Codes(CheckVNeIDPassword(" "))
	want := []string{CodePasswordTooShort, CodePasswordSpace, CodePasswordNoUpper, CodePasswordNoLower, CodePasswordNoDigit, CodePasswordNoSpecial}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestCheckVNeIDPasscode(t *testing.T) {
	tests := []struct {
		in, wantCode string
	}{
		{"274915", ""},
		{"102938", ""},
		{"135790", ""},
		{"112233", ""},
		{"123457", ""},
		{"000000", CodePasscodeRepeated},
		{"999999", CodePasscodeRepeated},
		{"121212", CodePasscodeRepeated},
		{"123123", CodePasscodeRepeated},
		{"123456", CodePasscodeSequence},
		{"012345", CodePasscodeSequence},
		{"456789", CodePasscodeSequence},
		{"654321", CodePasscodeSequence},
		{"987654", CodePasscodeSequence},
		{"890123", CodePasscodeSequence},
		{"210987", CodePasscodeSequence},
		{"12345", CodePasscodeLength},
		{"1234567", CodePasscodeLength},
		{"", CodePasscodeLength},
		{"12a456", CodePasscodeNotDigits},
		{"123 45", CodePasscodeNotDigits},
		{"１２３４５６", CodePasscodeNotDigits},
	}
	for _, tt := range tests {
		err := CheckVNeIDPasscode(tt.in)
		var want []string
		if tt.wantCode != "" {
			want = []string{tt.wantCode}
		}
		if got := Codes(err); !slices.Equal(got, want) || (err == nil) != (want == nil) {
			t.Errorf("CheckVNeIDPasscode(%q) = %v, want %v", tt.in, err, want)
		}
	}
}

func FuzzCheckVNeIDPassword(f *testing.F) {
	for _, s := range []string{"Matkhau@2025", "", "Mậtkhẩu@2025", " ", "\xff\xff\xff\xff\xff\xff\xff\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		codes := Codes(CheckVNeIDPassword(s))
		for _, c := range codes {
			if !strings.HasPrefix(c, "password.") || Message(c, LangVI) == unknownMessage.vi {
				t.Fatalf("bad code %q for %q", c, s)
			}
		}
		// Appending the four classes can only remove "no_*" problems.
		fixed := Codes(CheckVNeIDPassword(s + "Aa1!"))
		for _, c := range fixed {
			if strings.HasPrefix(c, "password.no_") {
				t.Fatalf("%q + Aa1! still reports %s", s, c)
			}
		}
	})
}

func FuzzCheckVNeIDPasscode(f *testing.F) {
	for _, s := range []string{"274915", "123456", "000000", "12a456", "", "1234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckVNeIDPasscode(s)
		if err == nil {
			if len(s) != 6 || !allDigits(s) {
				t.Fatalf("accepted %q", s)
			}
			return
		}
		if codes := Codes(err); len(codes) != 1 || !strings.HasPrefix(codes[0], "passcode.") {
			t.Fatalf("CheckVNeIDPasscode(%q): %v", s, err)
		}
	})
}
