package vnformat

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCCCD(t *testing.T) {
	tests := []struct {
		name, in string
		want     CCCD
		wantCode string
	}{
		{"Hà Nội man 1999", "001099012345", CCCD{Number: "001099012345", ProvinceCode: "001", ProvinceName: "Hà Nội", Sex: SexMale, BirthYear: 1999}, ""},
		{"grouped with spaces", "001 099 012 345", CCCD{Number: "001099012345", ProvinceCode: "001", ProvinceName: "Hà Nội", Sex: SexMale, BirthYear: 1999}, ""},
		{"tab, NBSP and edges", "\t001\u00a0099 012345 ", CCCD{Number: "001099012345", ProvinceCode: "001", ProvinceName: "Hà Nội", Sex: SexMale, BirthYear: 1999}, ""},
		{"HCM woman 1960", "079160000001", CCCD{Number: "079160000001", ProvinceCode: "079", ProvinceName: "Hồ Chí Minh", Sex: SexFemale, BirthYear: 1960}, ""},
		{"man 2005", "036205123456", CCCD{Number: "036205123456", ProvinceCode: "036", ProvinceName: "Nam Định", Sex: SexMale, BirthYear: 2005}, ""},
		{"woman 2000", "096300999999", CCCD{Number: "096300999999", ProvinceCode: "096", ProvinceName: "Cà Mau", Sex: SexFemale, BirthYear: 2000}, ""},
		{"man 2100s digit 4", "001401000000", CCCD{Number: "001401000000", ProvinceCode: "001", ProvinceName: "Hà Nội", Sex: SexMale, BirthYear: 2101}, ""},
		{"woman 2100s digit 5", "001599000000", CCCD{Number: "001599000000", ProvinceCode: "001", ProvinceName: "Hà Nội", Sex: SexFemale, BirthYear: 2199}, ""},

		{"empty", "", CCCD{}, CodeCCCDEmpty},
		{"only spaces", "   ", CCCD{}, CodeCCCDEmpty},
		{"11 digits", "00109901234", CCCD{}, CodeCCCDLength},
		{"13 digits", "0010990123456", CCCD{}, CodeCCCDLength},
		{"old 9-digit CMND", "123456789", CCCD{}, CodeCCCDLength},
		{"very long", strings.Repeat("1", 1000), CCCD{}, CodeCCCDLength},
		{"letter O for zero", "OO1099012345", CCCD{}, CodeCCCDNotDigits},
		{"letter at end", "00109901234a", CCCD{}, CodeCCCDNotDigits},
		{"dots", "001.099.012.345", CCCD{}, CodeCCCDNotDigits},
		{"dashes", "001-099-012-345", CCCD{}, CodeCCCDNotDigits},
		{"full-width digits", "００１０９９０１２３４５", CCCD{}, CodeCCCDNotDigits},
		{"invalid UTF-8", "001099\xff12345", CCCD{}, CodeCCCDNotDigits},
		{"letters win over length", "abc", CCCD{}, CodeCCCDNotDigits},
		{"province 000", "000099012345", CCCD{}, CodeCCCDProvinceUnknown},
		{"province 003 (gap)", "003099012345", CCCD{}, CodeCCCDProvinceUnknown},
		{"province 097 (none)", "097099012345", CCCD{}, CodeCCCDProvinceUnknown},
		{"province 999", "999099012345", CCCD{}, CodeCCCDProvinceUnknown},
		{"century digit 6", "001699012345", CCCD{}, CodeCCCDCenturyUnsupported},
		{"century digit 7", "001799012345", CCCD{}, CodeCCCDCenturyUnsupported},
		{"century digit 8", "001899012345", CCCD{}, CodeCCCDCenturyUnsupported},
		{"century digit 9", "001999012345", CCCD{}, CodeCCCDCenturyUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCCCD(tt.in)
			if tt.wantCode != "" {
				if !slices.Equal(Codes(err), []string{tt.wantCode}) {
					t.Fatalf("err = %v, want code %s", err, tt.wantCode)
				}
				if got != (CCCD{}) {
					t.Errorf("on error the CCCD should be zero, got %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseCCCDEveryProvince(t *testing.T) {
	for _, p := range Provinces() {
		c, err := ParseCCCD(p.Code + "301000001")
		if err != nil || c.ProvinceName != p.Name || c.BirthYear != 2001 || c.Sex != SexFemale {
			t.Errorf("%s: %+v, %v", p.Code, c, err)
		}
	}
}

func TestCCCDFormatted(t *testing.T) {
	c, err := ParseCCCD("001099012345")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Formatted(); got != "001 099 012 345" {
		t.Errorf("Formatted() = %q", got)
	}
	if got := (CCCD{}).Formatted(); got != "" {
		t.Errorf("zero Formatted() = %q", got)
	}
}

func TestCheckCCCDConsistency(t *testing.T) {
	man1999, _ := ParseCCCD("001099012345")
	woman2005, _ := ParseCCCD("079305000001")
	tests := []struct {
		name  string
		c     CCCD
		birth Date
		sex   Sex
		want  []string
	}{
		{"all agree", man1999, Date{1999, 12, 31}, SexMale, nil},
		{"all agree, woman", woman2005, Date{2005, 1, 1}, SexFemale, nil},
		{"nothing to compare", man1999, Date{}, SexUnknown, nil},
		{"only sex given, agrees", woman2005, Date{}, SexFemale, nil},
		{"only date given, agrees", man1999, Date{1999, 6, 1}, SexUnknown, nil},
		{"year digits differ", man1999, Date{1998, 6, 1}, SexMale, []string{CodeCCCDYearMismatch}},
		{"same yy, other century", man1999, Date{2099, 6, 1}, SexMale, []string{CodeCCCDCenturyMismatch}},
		{"digit 0 but born 2005", mustCCCD(t, "079005000001"), Date{2005, 3, 3}, SexMale, []string{CodeCCCDCenturyMismatch}},
		{"sex differs", man1999, Date{1999, 6, 1}, SexFemale, []string{CodeCCCDSexMismatch}},
		{"sex differs, woman", woman2005, Date{2005, 6, 1}, SexMale, []string{CodeCCCDSexMismatch}},
		{"year and sex differ", woman2005, Date{1960, 6, 1}, SexMale, []string{CodeCCCDYearMismatch, CodeCCCDSexMismatch}},
		{"century and sex differ", woman2005, Date{1905, 6, 1}, SexMale, []string{CodeCCCDCenturyMismatch, CodeCCCDSexMismatch}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCCCDConsistency(tt.c, tt.birth, tt.sex)
			if got := Codes(err); !slices.Equal(got, tt.want) {
				t.Fatalf("codes = %v, want %v (err %v)", got, tt.want, err)
			}
			if (err == nil) != (tt.want == nil) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func mustCCCD(t *testing.T, s string) CCCD {
	t.Helper()
	c, err := ParseCCCD(s)
	if err != nil {
		t.Fatalf("ParseCCCD(%q): %v", s, err)
	}
	return c
}

func TestCheckCCCDBirthYear(t *testing.T) {
	today := Date{2026, 3, 15}
	tests := []struct {
		in       string
		wantCode string
	}{
		{"001099012345", ""},
		{"001326000000", ""}, // born 2026: this year is fine
		{"001327000000", CodeCCCDBirthFuture},
		{"001399000000", CodeCCCDBirthFuture},
		{"001400000000", CodeCCCDBirthFuture},
	}
	for _, tt := range tests {
		err := CheckCCCDBirthYear(mustCCCD(t, tt.in), today)
		var got []string
		if tt.wantCode != "" {
			got = []string{tt.wantCode}
		}
		if !slices.Equal(Codes(err), got) {
			t.Errorf("%s: err = %v, want %v", tt.in, err, got)
		}
	}
}

func TestExpectedCCCDPrefix(t *testing.T) {
	tests := []struct {
		province string
		year     int
		sex      Sex
		want     string
		ok       bool
	}{
		{"001", 1999, SexMale, "001099", true},
		{"079", 1960, SexFemale, "079160", true},
		{"036", 2005, SexMale, "036205", true},
		{"096", 2000, SexFemale, "096300", true},
		{"001", 2101, SexFemale, "001501", true},
		{"001", 1899, SexMale, "", false},
		{"001", 2200, SexMale, "", false},
		{"003", 1999, SexMale, "", false},
		{"001", 1999, SexUnknown, "", false},
	}
	for _, tt := range tests {
		got, ok := ExpectedCCCDPrefix(tt.province, tt.year, tt.sex)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ExpectedCCCDPrefix(%s, %d, %v) = %q, %v; want %q, %v", tt.province, tt.year, tt.sex, got, ok, tt.want, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		// The prefix must parse back to the same facts and be consistent.
		c := mustCCCD(t, got+"123456")
		if c.BirthYear != tt.year || c.Sex != tt.sex {
			t.Errorf("%s parses to %d %v", got, c.BirthYear, c.Sex)
		}
		if err := CheckCCCDConsistency(c, Date{tt.year, 1, 1}, tt.sex); err != nil {
			t.Errorf("%s: %v", got, err)
		}
	}
}

func TestSexString(t *testing.T) {
	for s, want := range map[Sex]string{SexMale: "male", SexFemale: "female", SexUnknown: "unknown", Sex(9): "unknown"} {
		if got := s.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(s), got, want)
		}
	}
}

func FuzzParseCCCD(f *testing.F) {
	for _, s := range []string{
		"001099012345", "001 099 012 345", "079305000001", "001599000000", "001699012345",
		"000099012345", "00109901234", "", " ", "OO1099012345", "001.099.012.345", "\xff", "００１",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCCCD(s)
		if err != nil {
			codes := Codes(err)
			if len(codes) != 1 || !strings.HasPrefix(codes[0], "cccd.") || Message(codes[0], LangVI) == unknownMessage.vi {
				t.Fatalf("ParseCCCD(%q): bad error %v", s, err)
			}
			if c != (CCCD{}) {
				t.Fatalf("non-zero CCCD with error: %+v", c)
			}
			return
		}
		if len(c.Number) != 12 || !allDigits(c.Number) || !utf8.ValidString(c.ProvinceName) {
			t.Fatalf("ParseCCCD(%q) = %+v", s, c)
		}
		if c.BirthYear < 1900 || c.BirthYear > 2199 || c.Sex == SexUnknown {
			t.Fatalf("ParseCCCD(%q) = %+v", s, c)
		}
		// Round trips: the bare number and the grouped form decode the same.
		for _, again := range []string{c.Number, c.Formatted()} {
			c2, err := ParseCCCD(again)
			if err != nil || c2 != c {
				t.Fatalf("round trip of %q via %q: %+v, %v", s, again, c2, err)
			}
		}
		// The decoded facts are consistent with the number itself.
		if err := CheckCCCDConsistency(c, Date{c.BirthYear, 1, 1}, c.Sex); err != nil {
			t.Fatalf("%q inconsistent with itself: %v", s, err)
		}
		if p, ok := ExpectedCCCDPrefix(c.ProvinceCode, c.BirthYear, c.Sex); !ok || p != c.Number[:6] {
			t.Fatalf("ExpectedCCCDPrefix for %q = %q, %v", s, p, ok)
		}
	})
}

func BenchmarkParseCCCD(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCCCD("001 099 012 345"); err != nil {
			b.Fatal(err)
		}
	}
}
