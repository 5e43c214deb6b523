package vnformat

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want, wantCode string
	}{
		// Accepted forms.
		{"0912345678", "0912345678", ""},
		{"0912 345 678", "0912345678", ""},
		{"0912.345.678", "0912345678", ""},
		{"091-234-5678", "0912345678", ""},
		{" 0912345678 ", "0912345678", ""},
		{"+84912345678", "0912345678", ""},
		{"+84 912 345 678", "0912345678", ""},
		{"(+84) 912-345-678", "0912345678", ""},
		{"84912345678", "0912345678", ""},
		{"0084912345678", "0912345678", ""},
		{"+84 0912 345 678", "0912345678", ""},
		{"840912345678", "0912345678", ""},
		{"0321234567", "0321234567", ""},
		{"0301234567", "0301234567", ""},
		{"0391234567", "0391234567", ""},
		{"0511234567", "0511234567", ""},
		{"0522123456", "0522123456", ""},
		{"0528123456", "0528123456", ""},
		{"0559123456", "0559123456", ""},
		{"0561234567", "0561234567", ""},
		{"0581234567", "0581234567", ""},
		{"0591234567", "0591234567", ""},
		{"0701234567", "0701234567", ""},
		{"0761234567", "0761234567", ""},
		{"0791234567", "0791234567", ""},
		{"0811234567", "0811234567", ""},
		{"0861234567", "0861234567", ""},
		{"0871234567", "0871234567", ""},
		{"0881234567", "0881234567", ""},
		{"0896123456", "0896123456", ""},
		{"0901234567", "0901234567", ""},
		{"0951234567", "0951234567", ""},
		{"0981234567", "0981234567", ""},
		{"0991234567", "0991234567", ""},
		{"0993123456", "0993123456", ""},

		// Refused.
		{"", "", CodePhoneEmpty},
		{"   ", "", CodePhoneEmpty},
		{"+", "", CodePhoneEmpty},
		{"( ) - .", "", CodePhoneEmpty},
		{"09123a5678", "", CodePhoneNotDigits},
		{"0912/345/678", "", CodePhoneNotDigits},
		{"0912345678#", "", CodePhoneNotDigits},
		{"++84912345678", "", CodePhoneNotDigits},
		{"0+84912345678", "", CodePhoneNotDigits},
		{"０９１２３４５６７８", "", CodePhoneNotDigits},
		{"+1 202 555 0100", "", CodePhoneCountry},
		{"+85512345678", "", CodePhoneCountry},
		{"0012025550100", "", CodePhoneLength},
		{"00912345678", "", CodePhoneLength},
		{"0084", "", CodePhoneLength},
		{"912345678", "", CodePhoneStart},
		{"8491234567", "", CodePhoneStart},
		{"1234567890", "", CodePhoneStart},
		{"02438253535", "", CodePhoneLandline},
		{"024 3825 3535", "", CodePhoneLandline},
		{"+84 24 3825 3535", "", CodePhoneLandline},
		{"0283123456", "", CodePhoneLandline},
		{"01234567890", "", CodePhoneOldPrefix},
		{"0168 123 4567", "", CodePhoneOldPrefix},
		{"01991234567", "", CodePhoneOldPrefix},
		{"+84 168 123 4567", "", CodePhoneOldPrefix},
		{"01301234567", "", CodePhoneLength}, // 11 digits but never a mobile prefix
		{"091234567", "", CodePhoneLength},
		{"09123456789", "", CodePhoneLength},
		{"+8491234567", "", CodePhoneLength},
		{"+84", "", CodePhoneLength},
		{"0", "", CodePhoneLength},
		{strings.Repeat("9", 40), "", CodePhoneStart},
		{"0" + strings.Repeat("9", 40), "", CodePhoneLength},
		{"0123456789", "", CodePhonePrefix},
		{"0160123456", "", CodePhonePrefix},
		{"0412345678", "", CodePhonePrefix},
		{"0501234567", "", CodePhonePrefix},
		{"0531234567", "", CodePhonePrefix},
		{"0520000000", "", CodePhonePrefix},
		{"0521234567", "", CodePhonePrefix},
		{"0551234567", "", CodePhonePrefix},
		{"0571234567", "", CodePhonePrefix},
		{"0711234567", "", CodePhonePrefix},
		{"0751234567", "", CodePhonePrefix},
		{"0801234567", "", CodePhonePrefix},
		{"0891234567", "", CodePhonePrefix},
		{"0992123456", "", CodePhonePrefix},
		{"0000000000", "", CodePhonePrefix},
		{"0612345678", "", CodePhonePrefix},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizePhone(tt.in)
			if tt.wantCode != "" {
				if !slices.Equal(Codes(err), []string{tt.wantCode}) || got != "" {
					t.Fatalf("NormalizePhone(%q) = %q, %v; want code %s", tt.in, got, err, tt.wantCode)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestMobilePrefixTable pins the allocated ranges, four digits at a time, so
// that an edit to mobileRanges shows up here as a deliberate change.
func TestMobilePrefixTable(t *testing.T) {
	want := map[string]bool{}
	addAll := func(p3 ...string) {
		for _, p := range p3 {
			for d := 0; d < 10; d++ {
				want[fmt.Sprintf("%s%d", p, d)] = true
			}
		}
	}
	addAll("030", "031", "032", "033", "034", "035", "036", "037", "038", "039")
	addAll("051", "056", "058", "059")
	for _, p := range []string{"0522", "0523", "0528", "0559", "0896", "0897", "0898", "0899", "0990", "0991"} {
		want[p] = true
	}
	for d := 3; d <= 9; d++ {
		want[fmt.Sprintf("099%d", d)] = true
	}
	addAll("070", "076", "077", "078", "079")
	addAll("081", "082", "083", "084", "085", "086", "087", "088")
	addAll("090", "091", "092", "093", "094", "095", "096", "097", "098")

	for p := 0; p < 1000; p++ {
		prefix := fmt.Sprintf("0%03d", p)
		n := prefix + "123456"
		got, err := NormalizePhone(n)
		switch {
		case want[prefix] && (err != nil || got != n):
			t.Errorf("%s should be a mobile number: %q, %v", n, got, err)
		case !want[prefix] && err == nil:
			t.Errorf("%s should not be a mobile number", n)
		case !want[prefix] && strings.HasPrefix(prefix, "02") && !HasCode(err, CodePhoneLandline):
			t.Errorf("%s: err %v, want landline", n, err)
		case !want[prefix] && !strings.HasPrefix(prefix, "02") && !HasCode(err, CodePhonePrefix):
			t.Errorf("%s: err %v, want prefix", n, err)
		}
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{
		"0912345678", "0912.345.678", "(+84) 912-345-678", "84912345678", "0084912345678", "+84 0912 345 678",
		"02438253535", "01234567890", "0123456789", "+1 202 555 0100", "912345678", "", "+", "++84", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePhone(s)
		if err != nil {
			codes := Codes(err)
			if len(codes) != 1 || !strings.HasPrefix(codes[0], "phone.") || Message(codes[0], LangEN) == unknownMessage.en {
				t.Fatalf("NormalizePhone(%q): bad error %v", s, err)
			}
			if got != "" {
				t.Fatalf("NormalizePhone(%q) returned %q with an error", s, got)
			}
			return
		}
		if len(got) != 10 || got[0] != '0' || !allDigits(got) {
			t.Fatalf("NormalizePhone(%q) = %q", s, got)
		}
		// Idempotent, and every accepted spelling of the number gives it back.
		for _, form := range []string{
			got, "+84" + got[1:], "84" + got[1:], "0084" + got[1:], "+84 " + got,
			got[:4] + "." + got[4:7] + "." + got[7:], "(" + got[:4] + ") " + got[4:],
		} {
			if again, err := NormalizePhone(form); err != nil || again != got {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want %q (from %q)", form, again, err, got, s)
			}
		}
	})
}

func BenchmarkNormalizePhone(b *testing.B) {
	for _, in := range []string{"0912345678", "(+84) 912.345.678"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NormalizePhone(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
