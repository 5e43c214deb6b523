// Package vnformat checks the Vietnamese civic data that people type into the
// practice forms: the 12-digit personal ID number (CCCD), mobile phone
// numbers, full names in capitals with diacritics, VNeID passwords and
// passcodes, dates written dd/mm/yyyy, and email addresses.
//
// It is pure: no I/O, no clock, no logging, no package state that changes.
// The only data is the table of 63 CCCD province codes, embedded from
// data/cccd-province-codes.csv (source in data/README.md). Anything that
// depends on "today" takes today as an argument (see DateOf).
//
// # Errors are codes
//
// Every problem is an *Error whose Code is a stable string such as
// "cccd.length" or "phone.prefix" (the Code* constants; AllCodes lists them).
// The practice engine maps codes to its own words and may use Message(code,
// lang) for the default Vietnamese ("vi") or English ("en") text, written
// plainly for an elderly first-time user. Error() never contains the value
// that was checked, so errors can be logged without leaking personal data.
//
// Parsers stop at the first problem (ParseCCCD, NormalizePhone, ParseDate,
// NormalizeEmail, CheckVNeIDPasscode). Checks that feed a checklist report
// every problem at once, joined with errors.Join (CheckVNeIDPassword,
// CheckUpperVietnamese, CheckCCCDConsistency); Codes(err) lists them and
// HasCode(err, code) tests for one.
//
// # What is accepted
//
//   - CCCD: white space is ignored ("001 099 012 345"); any other character is
//     an error. Province code, century/sex digit and birth year are decoded;
//     century digits 6–9 (births from 2200) are refused.
//   - Phone: separators (space . - ( )) are ignored; 0…, +84…, 84…, 0084… all
//     normalise to the 10-digit "0…" form; only allocated mobile ranges pass.
//   - Names: NFC-normalised; capitals of the Vietnamese alphabet (plus F J W Z)
//     and single spaces, with an apostrophe allowed after a letter (H'HEN).
//     MissingDiacritics is a separate, soft warning.
//   - Dates: d/m/yyyy or dd/mm/yyyy, real calendar dates only; CheckDateBounds
//     and CheckAge apply limits relative to a given today.
//
// Every rule's exact choices are documented on its function.
package vnformat
