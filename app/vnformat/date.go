package vnformat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Date is a calendar date with no time of day and no time zone, as written on
// Vietnamese forms (ngày/tháng/năm). The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location. Callers turn their
// clock's "now" into "today" with DateOf(now.In(loc)); this package never reads
// the wall clock.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// DaysIn returns the number of days in month m of year y (proleptic Gregorian).
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date in years 1 to 9999.
func (d Date) Valid() bool { return checkDate(d) == nil }

func checkDate(d Date) error {
	switch {
	case d.Year < 1 || d.Year > 9999:
		return fail(CodeDateYearFormat)
	case d.Month < time.January || d.Month > time.December:
		return fail(CodeDateMonthRange)
	case d.Day < 1 || d.Day > DaysIn(d.Year, d.Month):
		return fail(CodeDateDayRange)
	}
	return nil
}

// String formats d as dd/mm/yyyy, the form ParseDate reads back.
func (d Date) String() string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// ISO formats d as yyyy-mm-dd, for storage and machines.
func (d Date) ISO() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Compare returns -1 if d is before e, 0 if they are the same day, +1 if d is
// after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

func (d Date) time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns d moved n days (n may be negative).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// AddYears returns d moved n years. 29 February becomes 28 February in a year
// that is not a leap year, so that "today minus 14 years" agrees with AgeOn.
func (d Date) AddYears(n int) Date {
	y := d.Year + n
	day := min(d.Day, DaysIn(y, d.Month))
	return Date{Year: y, Month: d.Month, Day: day}
}

// DaysSince returns the number of days from e to d (negative if d is before e).
func (d Date) DaysSince(e Date) int {
	return int((d.time().Unix() - e.time().Unix()) / 86400)
}

// AgeOn returns the age in completed years, on day today, of a person born on
// d. Someone born on 29 February turns a year older on 1 March in other years.
// It returns a negative number when d is after today.
func (d Date) AgeOn(today Date) int {
	age := today.Year - d.Year
	if today.Month < d.Month || (today.Month == d.Month && today.Day < d.Day) {
		age--
	}
	return age
}

// ParseDate reads a date written as d/m/yyyy or dd/mm/yyyy (ngày/tháng/năm),
// for example "5/9/1960" or "05/09/1960". White space anywhere is ignored, so
// "05 / 09 / 1960" is accepted; the separator must be "/" and the year must
// have four digits. Impossible dates such as 31/02/2000 or 29/02/2023 are
// rejected. Errors are *Error with a date.* code.
func ParseDate(s string) (Date, error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return Date{}, fail(CodeDateEmpty)
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return Date{}, fail(CodeDateFormat)
	}
	for _, p := range parts {
		if p == "" || !allDigits(p) {
			return Date{}, fail(CodeDateFormat)
		}
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 {
		return Date{}, fail(CodeDateFormat)
	}
	if len(parts[2]) != 4 {
		return Date{}, fail(CodeDateYearFormat)
	}
	day, _ := strconv.Atoi(parts[0]) // at most 2 ASCII digits: cannot fail
	month, _ := strconv.Atoi(parts[1])
	year, _ := strconv.Atoi(parts[2])
	d := Date{Year: year, Month: time.Month(month), Day: day}
	if err := checkDate(d); err != nil {
		return Date{}, err
	}
	return d, nil
}

// Span is a length of time in whole years and days. Years are applied first
// (with AddYears), then days.
type Span struct {
	Years int
	Days  int
}

// IsZero reports whether s is empty, which Bounds reads as "no limit".
func (s Span) IsZero() bool { return s == Span{} }

// Bounds limits a date relative to today. The zero Bounds allows any date;
// each field adds one limit. Examples:
//
//	birth date:                         Bounds{NotFuture: true}
//	birth registered within 60 days:    Bounds{NotFuture: true, MaxAgo: Span{Days: 60}}
//	appointment in the next 30 days:    Bounds{NotPast: true, MaxAhead: Span{Days: 30}}
type Bounds struct {
	NotFuture bool // the date must not be after today (date.future)
	NotPast   bool // the date must not be before today (date.past)
	MaxAgo    Span // if set, the date must not be before today − MaxAgo (date.too_long_ago)
	MaxAhead  Span // if set, the date must not be after today + MaxAhead (date.too_far_ahead)
}

var errBadToday = errors.New("vnformat: today is not a valid date (a programming error, not bad input)")

// CheckDateBounds checks d against b, counting from today (which the caller
// takes from its clock; see DateOf). It returns the first limit broken as an
// *Error, an *Error from the date.* range codes if d itself is not a real
// date, or a plain error if today is not a real date.
func CheckDateBounds(d, today Date, b Bounds) error {
	if !today.Valid() {
		return errBadToday
	}
	if err := checkDate(d); err != nil {
		return err
	}
	switch {
	case b.NotFuture && d.After(today):
		return fail(CodeDateFuture)
	case b.NotPast && d.Before(today):
		return fail(CodeDatePast)
	case !b.MaxAgo.IsZero() && d.Before(today.AddYears(-b.MaxAgo.Years).AddDays(-b.MaxAgo.Days)):
		return fail(CodeDateTooLongAgo)
	case !b.MaxAhead.IsZero() && d.After(today.AddYears(b.MaxAhead.Years).AddDays(b.MaxAhead.Days)):
		return fail(CodeDateTooFarAhead)
	}
	return nil
}

// CheckAge checks that a person born on birth is, on day today, at least
// minYears and at most maxYears old in completed years (see AgeOn). A limit of
// 0 means no limit, so "at least 14" is CheckAge(b, today, 14, 0) and "under 6"
// is CheckAge(b, today, 0, 5). A birth date after today gives date.future.
func CheckAge(birth, today Date, minYears, maxYears int) error {
	if !today.Valid() {
		return errBadToday
	}
	if err := checkDate(birth); err != nil {
		return err
	}
	if birth.After(today) {
		return fail(CodeDateFuture)
	}
	age := birth.AgeOn(today)
	switch {
	case minYears > 0 && age < minYears:
		return fail(CodeDateAgeTooYoung)
	case maxYears > 0 && age > maxYears:
		return fail(CodeDateAgeTooOld)
	}
	return nil
}
