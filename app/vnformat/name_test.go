package vnformat

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestVietnameseLetterTable rebuilds the marked capitals from base letters and
// combining marks, so a typo in upperVietnameseMarked cannot go unnoticed.
func TestVietnameseLetterTable(t *testing.T) {
	const (
		grave, acute, hook, tilde, dot = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
		breve, circumflex, horn        = "\u0306", "\u0302", "\u031b"
	)
	vowels := []string{"A", "A" + breve, "A" + circumflex, "E", "E" + circumflex, "I", "O", "O" + circumflex, "O" + horn, "U", "U" + horn, "Y"}
	want := map[rune]bool{'Đ': true}
	for _, v := range vowels {
		for _, tone := range []string{"", grave, acute, hook, tilde, dot} {
			s := norm.NFC.String(v + tone)
			if utf8.RuneCountInString(s) != 1 {
				t.Fatalf("%q does not compose to one rune", v+tone)
			}
			r, _ := utf8.DecodeRuneInString(s)
			if r >= 0x80 {
				want[r] = true
			}
		}
	}
	got := map[rune]bool{}
	for _, r := range upperVietnameseMarked {
		if got[r] {
			t.Errorf("%c listed twice", r)
		}
		got[r] = true
	}
	if len(want) != 67 || len(got) != len(want) {
		t.Fatalf("want %d marked capitals (67), table has %d", len(want), len(got))
	}
	for r := range want {
		if !got[r] {
			t.Errorf("missing %c (%U)", r, r)
		}
		if lower := unicode.ToLower(r); lower == r || unicode.ToUpper(lower) != r {
			t.Errorf("%c has no simple lower-case pair", r)
		}
	}
}

func TestCheckUpperVietnamese(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"full name", "NGUYỄN THỊ MINH KHAI", nil},
		{"Đ", "ĐẶNG VĂN ĐỨC", nil},
		{"every kind of mark", "TRƯƠNG HỒ ÁI VY Ỷ ẴN ỰC", nil},
		{"combining marks (NFD) are fine", norm.NFD.String("NGUYỄN ĐỨC"), nil},
		{"ethnic minority name with apostrophe", "H'HEN NIÊ", nil},
		{"apostrophe then space", "H' HEN NIÊ", nil},
		{"typographic apostrophe", "KSOR H’BIA", nil},
		{"letters outside Vietnamese alphabet", "Y WANG JOHN FRITZ", nil},
		{"single letter", "A", nil},

		{"empty", "", []string{CodeNameEmpty}},
		{"spaces only", "   ", []string{CodeNameEmpty}},
		{"lower case", "Nguyễn Văn An", []string{CodeNameLower}},
		{"lower đ", "đẶNG", []string{CodeNameLower}},
		{"digit", "NGUYỄN VĂN 2", []string{CodeNameDigit}},
		{"other numerals", "LÊ Ⅻ", []string{CodeNameDigit}},
		{"symbol", "NGUYỄN-VĂN AN", []string{CodeNameSymbol}},
		{"dot", "NGUYỄN V. AN", []string{CodeNameSymbol}},
		{"leading apostrophe", "'AN", []string{CodeNameSymbol}},
		{"apostrophe after space", "AN 'BÌNH", []string{CodeNameSymbol}},
		{"tab inside", "NGUYỄN\tAN", []string{CodeNameSymbol}},
		{"foreign letter", "MUÑOZ", []string{CodeNameLetter}},
		{"lower foreign letter", "muñoz", []string{CodeNameLower, CodeNameLetter}},
		{"stray combining mark", "B\u0301A", []string{CodeNameLetter}},
		{"Cyrillic", "ИВАН", []string{CodeNameLetter}},
		{"double space", "NGUYỄN  AN", []string{CodeNameDoubleSpace}},
		{"leading space", " NGUYỄN AN", []string{CodeNameEdgeSpace}},
		{"trailing space", "NGUYỄN AN ", []string{CodeNameEdgeSpace}},
		{"everything at once", " nguyễn  văn 2! ", []string{CodeNameEdgeSpace, CodeNameLower, CodeNameDoubleSpace, CodeNameDigit, CodeNameSymbol}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckUpperVietnamese(tt.in)
			if got := Codes(err); !slices.Equal(got, tt.want) {
				t.Fatalf("CheckUpperVietnamese(%q) codes = %v, want %v", tt.in, got, tt.want)
			}
			if (err == nil) != (tt.want == nil) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestUpperVietnamese(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nguyễn văn an", "NGUYỄN VĂN AN"},
		{"đặng thị ánh", "ĐẶNG THỊ ÁNH"},
		{"trương ưu ơ ỷ ỵ", "TRƯƠNG ƯU Ơ Ỷ Ỵ"},
		{norm.NFD.String("nguyễn đức"), "NGUYỄN ĐỨC"},
		{"  lê \t  văn\u00a0tám  ", "LÊ VĂN TÁM"},
		{"h'hen niê", "H'HEN NIÊ"},
		{"văn 2", "VĂN 2"}, // digits are left for the check to report
		{"", ""},
	}
	for _, tt := range tests {
		got := UpperVietnamese(tt.in)
		if got != tt.want {
			t.Errorf("UpperVietnamese(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("UpperVietnamese(%q) is not NFC", tt.in)
		}
	}
}

func TestMissingDiacritics(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"NGUYỄN VĂN AN", nil},
		{"NGUYEN VAN AN", []string{"NGUYEN"}},
		{"TRAN VIET DUC", []string{"VIET", "DUC"}},
		{"pham ngoc bich", []string{"ngoc", "bich"}},
		{"DUONG HUU PHUOC", []string{"DUONG", "HUU", "PHUOC"}},
		{"LE THI HOA", nil},               // all possible without marks
		{"HOANG MINH TUAN", nil},          // likewise
		{"YEN", []string{"YEN"}},          // yê
		{"NGUYỄN VIET", []string{"VIET"}}, // marked words are trusted, plain ones still checked
		{"H'HEN NIE", []string{"NIE"}},    // apostrophe word is skipped, NIE → NIÊ
		{"KSOR Y BIH", nil},               // ends in H, not CH
		{"BÙI NGỌC ÁNH", nil},
		{"", nil},
		{"123 !!", nil},
	}
	for _, tt := range tests {
		if got := MissingDiacritics(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("MissingDiacritics(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCheckUpperVietnamese(f *testing.F) {
	for _, s := range []string{
		"NGUYỄN THỊ MINH KHAI", "Nguyễn Văn An", " nguyễn  văn 2! ", "H'HEN NIÊ", "'", "MUÑOZ", "B\u0301A",
		norm.NFD.String("đặng"), "\xff\xfe", "ǅ", "ß", "\u0345", "ﬀ", "İ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckUpperVietnamese(s)
		for _, c := range Codes(err) {
			if !strings.HasPrefix(c, "name.") || Message(c, LangVI) == unknownMessage.vi {
				t.Fatalf("CheckUpperVietnamese(%q): bad code %q", s, c)
			}
		}
		up := UpperVietnamese(s)
		if err == nil && up != norm.NFC.String(s) {
			t.Fatalf("valid %q changed by UpperVietnamese to %q", s, up)
		}
		if again := UpperVietnamese(up); again != up {
			t.Fatalf("UpperVietnamese not idempotent: %q → %q → %q", s, up, again)
		}
		// After UpperVietnamese only content problems may remain, never case or spacing ones.
		for _, c := range Codes(CheckUpperVietnamese(up)) {
			if c == CodeNameLower || c == CodeNameDoubleSpace || c == CodeNameEdgeSpace {
				t.Fatalf("CheckUpperVietnamese(UpperVietnamese(%q)=%q) still reports %s", s, up, c)
			}
		}
		for _, w := range MissingDiacritics(s) {
			if !strings.Contains(norm.NFC.String(s), w) {
				t.Fatalf("MissingDiacritics(%q) returned %q, not in the input", s, w)
			}
		}
	})
}
