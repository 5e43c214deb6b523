package vnformat

import (
	"unicode"
	"unicode/utf8"
)

// VNeID password limits (level-2 account activation).
const (
	PasswordMinLen = 8
	PasswordMaxLen = 20
	PasscodeLen    = 6
)

// CheckVNeIDPassword checks a password against the VNeID rules: 8 to 20
// characters with at least one capital letter, one small letter, one digit
// and one special character. It reports every rule broken (joined; use Codes),
// so the screen can tick off a checklist as the person types, in this order:
// password.too_short, password.too_long, password.space, password.non_ascii,
// password.no_upper, password.no_lower, password.no_digit, password.no_special.
//
// Our choices where VNeID publishes nothing precise: length counts characters
// (runes); letters and digits must be ASCII; a special character is any ASCII
// punctuation or symbol (!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~); spaces are refused
// (password.space) and so are letters with Vietnamese marks and any other
// non-ASCII character (password.non_ascii): the usual cause is typing with the
// Vietnamese keyboard switched on, which makes the password hard to type again
// on a phone.
func CheckVNeIDPassword(pw string) error {
	var col collector
	n := utf8.RuneCountInString(pw)
	if n < PasswordMinLen {
		col.add(CodePasswordTooShort)
	}
	if n > PasswordMaxLen {
		col.add(CodePasswordTooLong)
	}
	var upper, lower, digit, special bool
	for _, r := range pw {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case unicode.IsSpace(r):
			col.add(CodePasswordSpace)
		case r > ' ' && r < 0x7f: // remaining printable ASCII: punctuation and symbols
			special = true
		default:
			col.add(CodePasswordNonASCII)
		}
	}
	if !upper {
		col.add(CodePasswordNoUpper)
	}
	if !lower {
		col.add(CodePasswordNoLower)
	}
	if !digit {
		col.add(CodePasswordNoDigit)
	}
	if !special {
		col.add(CodePasswordNoSpecial)
	}
	return col.err()
}

// CheckVNeIDPasscode checks the 6-digit passcode (mã passcode) set during VNeID
// activation. It returns the first problem: passcode.not_digits,
// passcode.length, then two "too easy to guess" rules of our own, plausible
// stand-ins for VNeID's unpublished list of simple sequences:
//
//   - passcode.repeated: one, two or three digits repeated (000000, 121212, 123123);
//   - passcode.sequence: digits going up or down by one, wrapping 9↔0
//     (123456, 654321, 890123).
func CheckVNeIDPasscode(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return fail(CodePasscodeNotDigits)
		}
	}
	if len(s) != PasscodeLen {
		return fail(CodePasscodeLength)
	}
	for _, block := range []int{1, 2, 3} {
		if repeats(s, block) {
			return fail(CodePasscodeRepeated)
		}
	}
	if steps(s, 1) || steps(s, 9) {
		return fail(CodePasscodeSequence)
	}
	return nil
}

// repeats reports whether s is its first block bytes repeated.
func repeats(s string, block int) bool {
	for i := block; i < len(s); i++ {
		if s[i] != s[i-block] {
			return false
		}
	}
	return true
}

// steps reports whether each digit of s is the previous one plus step, mod 10.
func steps(s string, step int) bool {
	for i := 1; i < len(s); i++ {
		if int(s[i]-'0') != (int(s[i-1]-'0')+step)%10 {
			return false
		}
	}
	return true
}
