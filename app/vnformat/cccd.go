package vnformat

import "unicode"

// Sex as encoded in the fourth digit of a CCCD number.
type Sex int

// Sex values. SexUnknown means "not given" and is never decoded from an ID.
const (
	SexUnknown Sex = iota
	SexMale
	SexFemale
)

// String returns "male", "female" or "unknown".
func (s Sex) String() string {
	switch s {
	case SexMale:
		return "male"
	case SexFemale:
		return "female"
	}
	return "unknown"
}

// CCCD is a decoded 12-digit personal identification number (số định danh cá
// nhân, printed on the citizen ID card, CCCD). The layout, from Circular
// 07/2016/TT-BCA (Article 7):
//
//	digits 1–3   province where the birth was registered (see Provinces)
//	digit  4     century of birth and sex: 1900s 0 male / 1 female,
//	             2000s 2 / 3, 2100s 4 / 5 (2200s 6 / 7 and 2300s 8 / 9 are
//	             reserved by the circular but rejected here: nobody has them)
//	digits 5–6   last two digits of the birth year
//	digits 7–12  a random serial
//
// There is no check digit, so a well-formed number can still be someone
// else's or nobody's.
type CCCD struct {
	Number       string // the 12 digits, spaces removed
	ProvinceCode string // digits 1–3, e.g. "001"
	ProvinceName string // province before the July 2025 merger, e.g. "Hà Nội"
	Sex          Sex
	BirthYear    int // the full year, from the century digit and digits 5–6
}

// Formatted returns the number in groups of three, "001 099 012 345", the way
// it is easiest to read aloud and compare with the card.
func (c CCCD) Formatted() string {
	n := c.Number
	if len(n) != 12 {
		return n
	}
	return n[0:3] + " " + n[3:6] + " " + n[6:9] + " " + n[9:12]
}

// ParseCCCD decodes a personal ID number. White space anywhere is ignored, so
// "001 099 012 345" (grouped as people copy it from the card) is accepted; any
// other character, including dots, dashes and non-ASCII digits, is rejected
// with cccd.not_digits, since a real ID number has nothing else and guessing
// would hide typing mistakes. Checks run in this order and the first failure
// is returned: cccd.empty, cccd.not_digits, cccd.length,
// cccd.province_unknown, cccd.century_unsupported.
//
// ParseCCCD does not know today's date; call CheckCCCDBirthYear to reject
// numbers whose birth year has not come yet: a 2100s digit (4 or 5), or for
// example 001 2 99 … (born 2099).
func ParseCCCD(s string) (CCCD, error) {
	digits := make([]byte, 0, 12)
	sawAny := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= '0' && r <= '9':
			if len(digits) < 13 { // enough to know the length is wrong
				digits = append(digits, byte(r))
			}
		default:
			return CCCD{}, fail(CodeCCCDNotDigits)
		}
		sawAny = true
	}
	if !sawAny {
		return CCCD{}, fail(CodeCCCDEmpty)
	}
	if len(digits) != 12 {
		return CCCD{}, fail(CodeCCCDLength)
	}
	n := string(digits)
	name, ok := ProvinceName(n[0:3])
	if !ok {
		return CCCD{}, fail(CodeCCCDProvinceUnknown)
	}
	cd := int(n[3] - '0')
	if cd > 5 {
		return CCCD{}, fail(CodeCCCDCenturyUnsupported)
	}
	sex := SexMale
	if cd%2 == 1 {
		sex = SexFemale
	}
	yy := int(n[4]-'0')*10 + int(n[5]-'0')
	return CCCD{
		Number:       n,
		ProvinceCode: n[0:3],
		ProvinceName: name,
		Sex:          sex,
		BirthYear:    1900 + 100*(cd/2) + yy,
	}, nil
}

// centuryDigit returns the fourth digit that a person of this sex born in
// year should have, and false outside the years ParseCCCD accepts (1900–2199).
func centuryDigit(year int, sex Sex) (byte, bool) {
	if year < 1900 || year > 2199 {
		return 0, false
	}
	d := byte(2 * ((year - 1900) / 100))
	if sex == SexFemale {
		d++
	}
	return '0' + d, true
}

// CheckCCCDConsistency checks a decoded ID against the date of birth and sex
// that a form (or a practice pack's persona) links with it. A zero birthDate
// or SexUnknown skips that part. It reports every mismatch found, joined (use
// Codes to list them):
//
//   - cccd.year_mismatch: digits 5–6 are not the last two digits of the birth year;
//   - cccd.century_mismatch: digits 5–6 agree but the century in digit 4 does not
//     (e.g. 079 0 05 … for someone born in 2005: digit 4 should be 2 or 3);
//   - cccd.sex_mismatch: digit 4 encodes the other sex.
func CheckCCCDConsistency(c CCCD, birthDate Date, sex Sex) error {
	var col collector
	if !birthDate.IsZero() && birthDate.Year != c.BirthYear {
		if birthDate.Year%100 != c.BirthYear%100 {
			col.add(CodeCCCDYearMismatch)
		} else {
			col.add(CodeCCCDCenturyMismatch)
		}
	}
	if sex != SexUnknown && c.Sex != SexUnknown && sex != c.Sex {
		col.add(CodeCCCDSexMismatch)
	}
	return col.err()
}

// CheckCCCDBirthYear rejects an ID whose birth year is after today's year
// (cccd.birth_future), such as 001 4xx… (born in the 2100s).
func CheckCCCDBirthYear(c CCCD, today Date) error {
	if c.BirthYear > today.Year {
		return fail(CodeCCCDBirthFuture)
	}
	return nil
}

// ExpectedCCCDPrefix returns the first six digits an ID should have for a
// person whose birth was registered in province code provinceCode, born in
// year with the given sex, e.g. ("001", 1999, SexMale) → "001099". It helps
// build sample personas and hints; ok is false for an unknown province, a
// year outside 1900–2199, or SexUnknown.
func ExpectedCCCDPrefix(provinceCode string, year int, sex Sex) (prefix string, ok bool) {
	if _, known := ProvinceName(provinceCode); !known || sex == SexUnknown {
		return "", false
	}
	d, ok := centuryDigit(year, sex)
	if !ok {
		return "", false
	}
	yy := year % 100
	return provinceCode + string([]byte{d, byte('0' + yy/10), byte('0' + yy%10)}), true
}
