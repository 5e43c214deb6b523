package vnformat

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// upperVietnameseMarked holds the capital letters of the Vietnamese alphabet
// that are not plain ASCII, in NFC: the seven letters with a built-in mark and
// the twelve vowels with each of the five tone marks (huyền, sắc, hỏi, ngã,
// nặng). TestVietnameseLetterTable rebuilds it from base letters and
// combining marks.
const upperVietnameseMarked = "ĂÂĐÊÔƠƯ" +
	"ÀÁẢÃẠ" + "ẰẮẲẴẶ" + "ẦẤẨẪẬ" +
	"ÈÉẺẼẸ" + "ỀẾỂỄỆ" +
	"ÌÍỈĨỊ" +
	"ÒÓỎÕỌ" + "ỒỐỔỖỘ" + "ỜỚỞỠỢ" +
	"ÙÚỦŨỤ" + "ỪỨỬỮỰ" +
	"ỲÝỶỸỴ"

// isUpperVietnamese reports whether r is a capital Vietnamese letter. All 26
// ASCII capitals count: F, J, W and Z are not in the Vietnamese alphabet but
// appear in the names of ethnic minorities (e.g. Ê Đê, Jrai) and in names of
// foreign origin, and a civil-status record writes them as given.
func isUpperVietnamese(r rune) bool {
	if r >= 'A' && r <= 'Z' {
		return true
	}
	return r > 0x7f && strings.ContainsRune(upperVietnameseMarked, r)
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u02bc'
}

// CheckUpperVietnamese checks a full name written the way the judicial record
// form (phiếu lý lịch tư pháp) asks: all capitals, full diacritics, e.g.
// "NGUYỄN THỊ MINH KHAI". The text is NFC-normalised first, so names typed
// with combining marks are judged the same as precomposed ones.
//
// Allowed: capital Vietnamese letters (see isUpperVietnamese), single spaces
// between words, and an apostrophe right after a letter, as in the ethnic
// minority name "H'HEN NIÊ". Every problem found is reported (joined; use
// Codes): name.empty, name.digit, name.lower, name.letter (a letter not used
// in Vietnamese, such as Ñ, or a stray combining mark), name.symbol,
// name.edge_space, name.double_space.
//
// Missing diacritics cannot be proved wrong ("AN" is a name), so they are a
// separate warning: see MissingDiacritics.
func CheckUpperVietnamese(s string) error {
	s = norm.NFC.String(s)
	trimmed := strings.TrimFunc(s, unicode.IsSpace)
	if trimmed == "" {
		return fail(CodeNameEmpty)
	}
	var col collector
	if trimmed != s {
		col.add(CodeNameEdgeSpace)
	}
	prevLetter, prevSpace := false, false
	for _, r := range trimmed {
		isSpace := unicode.IsSpace(r)
		isLetter := false
		switch {
		case isSpace:
			if r != ' ' {
				col.add(CodeNameSymbol)
			}
			if prevSpace {
				col.add(CodeNameDoubleSpace)
			}
		case unicode.IsNumber(r):
			col.add(CodeNameDigit)
		case isApostrophe(r):
			if !prevLetter {
				col.add(CodeNameSymbol)
			}
		case isUpperVietnamese(r):
			isLetter = true
		case unicode.IsLetter(r) && isUpperVietnamese(unicode.ToUpper(r)):
			isLetter = true
			col.add(CodeNameLower)
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			isLetter = true
			col.add(CodeNameLetter)
		default:
			col.add(CodeNameSymbol)
		}
		prevLetter, prevSpace = isLetter, isSpace
	}
	return col.err()
}

// UpperVietnamese returns s the way CheckUpperVietnamese wants it, as far as
// can be done without guessing: NFC-normalised, upper-cased (Unicode-aware, so
// đ → Đ and ễ → Ễ), with leading and trailing white space removed and every
// run of white space inside turned into one space. It does not remove digits
// or symbols and does not add missing diacritics.
func UpperVietnamese(s string) string {
	s = norm.NFC.String(strings.ToUpper(norm.NFC.String(s)))
	return strings.Join(strings.Fields(s), " ")
}

// MissingDiacritics returns the words of name that are written in plain ASCII
// letters but cannot be Vietnamese syllables without marks, so the person has
// probably left the marks out (NGUYEN → NGUYỄN, VIET → VIỆT, DUC → ĐỨC). It is a
// modest heuristic, for a warning (code name.missing_diacritics), never a
// rejection. A plain word is flagged when:
//
//   - it ends in P, T, C or CH: such syllables always carry a sắc or nặng tone;
//   - it contains IE, YE or UO, which are always written IÊ, YÊ, UÔ/ƯƠ;
//   - it contains UU, which is always written ƯU.
//
// Words with any mark are assumed to have been typed with care and are not
// checked. The words are returned as written (NFC-normalised), in order; nil
// means no warning.
func MissingDiacritics(name string) []string {
	var out []string
	for _, w := range strings.Fields(norm.NFC.String(name)) {
		if plainWordLacksMarks(strings.ToUpper(w)) {
			out = append(out, w)
		}
	}
	return out
}

func plainWordLacksMarks(w string) bool {
	hasVowel := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'A' || c > 'Z' {
			return false // not a plain ASCII word: marks present, or not a word
		}
		if strings.IndexByte("AEIOUY", c) >= 0 {
			hasVowel = true
		}
	}
	if !hasVowel {
		return false
	}
	switch w[len(w)-1] {
	case 'P', 'T', 'C':
		return true
	case 'H':
		if strings.HasSuffix(w, "CH") {
			return true
		}
	}
	return strings.Contains(w, "IE") || strings.Contains(w, "YE") ||
		strings.Contains(w, "UO") || strings.Contains(w, "UU")
}
