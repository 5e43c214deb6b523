package vnformat

import (
	"strings"
	"unicode"
)

// allDigitsMask marks every fourth digit 0–9 as allocated.
const allDigitsMask = 1<<10 - 1

// mobileRanges[XY] is the set (bit D) of digits D for which numbers starting
// 0XYD are Vietnamese mobile numbers. Ranges:
//
//	030–039                                  (Viettel 032–039; 030 MobiFone, 031 Viettel)
//	051, 0522/0523/0528, 0559, 056, 058, 059 (MobiFone 051; Vietnamobile 052x, 056, 058;
//	                                          Reddi 0559; Gmobile 059)
//	070, 076–079                             (MobiFone)
//	081–088, 0896–0899                       (Vinaphone 081–085, 088; Viettel 086;
//	                                          Itelecom 087; MobiFone 089x)
//	090–098, 0990/0991/0993–0999             (all carriers; Gmobile/Itelecom 099x)
//
// Source: the "mobile" national-number pattern for region VN in Google's
// libphonenumber metadata (PhoneNumberMetadata.xml, upstream 9.0.32), as
// shipped in github.com/nyaruka/phonenumbers v1.8.0 (metadata regenerated
// 2026-06-01; checked against v1.8.1 of 2026-07-15). That pattern also lists
// two odd 10-digit ranges starting 01 (0160…, 01210–01213…); they are left out
// on purpose, because a 01… number from a citizen is almost always an old
// 11-digit number (see oldMobilePrefixes) and the product's facts list only
// 03/05/07/08/09. Update this table from the same source when carriers get new
// ranges.
var mobileRanges = [100]uint16{
	30: allDigitsMask, 31: allDigitsMask, 32: allDigitsMask, 33: allDigitsMask, 34: allDigitsMask,
	35: allDigitsMask, 36: allDigitsMask, 37: allDigitsMask, 38: allDigitsMask, 39: allDigitsMask,
	51: allDigitsMask, 52: 1<<2 | 1<<3 | 1<<8, 55: 1 << 9, 56: allDigitsMask, 58: allDigitsMask, 59: allDigitsMask,
	70: allDigitsMask, 76: allDigitsMask, 77: allDigitsMask, 78: allDigitsMask, 79: allDigitsMask,
	81: allDigitsMask, 82: allDigitsMask, 83: allDigitsMask, 84: allDigitsMask, 85: allDigitsMask,
	86: allDigitsMask, 87: allDigitsMask, 88: allDigitsMask, 89: 1<<6 | 1<<7 | 1<<8 | 1<<9,
	90: allDigitsMask, 91: allDigitsMask, 92: allDigitsMask, 93: allDigitsMask, 94: allDigitsMask,
	95: allDigitsMask, 96: allDigitsMask, 97: allDigitsMask, 98: allDigitsMask,
	99: allDigitsMask &^ (1 << 2),
}

// oldMobilePrefixes are the 11-digit mobile prefixes that were converted to
// 10 digits in 2018 (Decision 798/QĐ-BTTTT of the Ministry of Information and
// Communications): 0120–0129, 0162–0169, 0186, 0188, 0199.
func isOldMobilePrefix(p string) bool {
	switch {
	case p >= "0120" && p <= "0129", p >= "0162" && p <= "0169":
		return true
	}
	return p == "0186" || p == "0188" || p == "0199"
}

func isMobile(national string) bool {
	// national is 10 ASCII digits starting with '0'.
	xy := int(national[1]-'0')*10 + int(national[2]-'0')
	return mobileRanges[xy]&(1<<(national[3]-'0')) != 0
}

// NormalizePhone checks a Vietnamese mobile number and returns it in the
// 10-digit national form, "0912345678".
//
// Accepted forms: "0912345678"; with the separators people type or copy
// (spaces, dots, dashes, brackets): "0912 345 678", "0912.345.678",
// "(+84) 912-345-678"; international forms "+84912345678", "84912345678",
// "0084912345678", and also "+84 0912…" (the 0 kept by mistake). Anything
// else is an error with one of these codes, checked in this order:
// phone.empty, phone.not_digits, phone.country (+ followed by another
// country code), phone.start (no leading 0 or 84), phone.landline (02…),
// phone.old_prefix (an 11-digit 01… number from before 2018), phone.length,
// phone.prefix (not an allocated mobile range).
func NormalizePhone(s string) (string, error) {
	var digits []byte
	plus := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if len(digits) < 20 { // longer is wrong whatever it is
				digits = append(digits, byte(r))
			}
		case r == '+' && !plus && len(digits) == 0:
			plus = true
		case r == '.' || r == '-' || r == '(' || r == ')' || unicode.IsSpace(r):
		default:
			return "", fail(CodePhoneNotDigits)
		}
	}
	if len(digits) == 0 {
		return "", fail(CodePhoneEmpty)
	}
	d := string(digits)
	var national string
	switch {
	case plus:
		if !strings.HasPrefix(d, "84") {
			return "", fail(CodePhoneCountry)
		}
		national = "0" + strings.TrimPrefix(d[2:], "0")
	case strings.HasPrefix(d, "0084") && len(d) > 10:
		// 00 is the international call prefix. Other 00… numbers are left to
		// the length check: "00912…" is far more often a doubled 0 than a
		// foreign number typed without +.
		national = "0" + strings.TrimPrefix(d[4:], "0")
	case d[0] == '0':
		national = d
	case strings.HasPrefix(d, "84") && len(d) >= 11:
		national = "0" + strings.TrimPrefix(d[2:], "0")
	default:
		return "", fail(CodePhoneStart)
	}
	switch {
	case strings.HasPrefix(national, "02"):
		return "", fail(CodePhoneLandline)
	case len(national) == 11 && isOldMobilePrefix(national[:4]):
		return "", fail(CodePhoneOldPrefix)
	case len(national) != 10:
		return "", fail(CodePhoneLength)
	case !isMobile(national):
		return "", fail(CodePhonePrefix)
	}
	return national, nil
}
