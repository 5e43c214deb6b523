package vnformat

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in       string
		want     Date
		wantCode string
	}{
		{"05/09/1960", Date{1960, time.September, 5}, ""},
		{"5/9/1960", Date{1960, time.September, 5}, ""},
		{"05/9/1960", Date{1960, time.September, 5}, ""},
		{" 05 / 09 / 1960 ", Date{1960, time.September, 5}, ""},
		{"31/12/1999", Date{1999, time.December, 31}, ""},
		{"01/01/0001", Date{1, time.January, 1}, ""},
		{"29/02/2024", Date{2024, time.February, 29}, ""}, // leap year
		{"29/02/2000", Date{2000, time.February, 29}, ""}, // divisible by 400
		{"30/04/1975", Date{1975, time.April, 30}, ""},

		{"", Date{}, CodeDateEmpty},
		{"  ", Date{}, CodeDateEmpty},
		{"05-09-1960", Date{}, CodeDateFormat},
		{"05.09.1960", Date{}, CodeDateFormat},
		{"05/09", Date{}, CodeDateFormat},
		{"05/09/1960/1", Date{}, CodeDateFormat},
		{"//1960", Date{}, CodeDateFormat},
		{"005/09/1960", Date{}, CodeDateFormat},
		{"05/009/1960", Date{}, CodeDateFormat},
		{"a5/09/1960", Date{}, CodeDateFormat},
		{"05/09/196O", Date{}, CodeDateFormat},
		{"+5/09/1960", Date{}, CodeDateFormat},
		{"０５/09/1960", Date{}, CodeDateFormat},
		{"05/09/60", Date{}, CodeDateYearFormat},
		{"05/09/01960", Date{}, CodeDateYearFormat},
		{"01/01/0000", Date{}, CodeDateYearFormat},
		{"05/13/1960", Date{}, CodeDateMonthRange},
		{"05/00/1960", Date{}, CodeDateMonthRange},
		{"00/09/1960", Date{}, CodeDateDayRange},
		{"31/02/2000", Date{}, CodeDateDayRange},
		{"30/02/2024", Date{}, CodeDateDayRange},
		{"29/02/2023", Date{}, CodeDateDayRange}, // not a leap year
		{"29/02/1900", Date{}, CodeDateDayRange}, // divisible by 100, not 400
		{"31/04/2020", Date{}, CodeDateDayRange},
		{"31/06/2020", Date{}, CodeDateDayRange},
		{"31/09/2020", Date{}, CodeDateDayRange},
		{"31/11/2020", Date{}, CodeDateDayRange},
		{"32/01/2020", Date{}, CodeDateDayRange},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantCode != "" {
				if !slices.Equal(Codes(err), []string{tt.wantCode}) || !got.IsZero() {
					t.Fatalf("ParseDate(%q) = %v, %v; want code %s", tt.in, got, err, tt.wantCode)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDaysIn(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		want int
	}{
		{2023, time.February, 28}, {2024, time.February, 29}, {1900, time.February, 28}, {2000, time.February, 29},
		{2100, time.February, 28}, {2025, time.January, 31}, {2025, time.April, 30}, {2025, time.December, 31},
	}
	for _, tt := range tests {
		if got := DaysIn(tt.y, tt.m); got != tt.want {
			t.Errorf("DaysIn(%d, %v) = %d, want %d", tt.y, tt.m, got, tt.want)
		}
		// Agree with the time package.
		if got := time.Date(tt.y, tt.m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != tt.want {
			t.Errorf("time package says %d for %d-%v", got, tt.y, tt.m)
		}
	}
}

func TestDateHelpers(t *testing.T) {
	d := Date{2024, time.February, 29}
	if d.String() != "29/02/2024" || d.ISO() != "2024-02-29" {
		t.Errorf("String %q ISO %q", d.String(), d.ISO())
	}
	if (Date{5, time.January, 2}).String() != "02/01/0005" {
		t.Errorf("small year not padded: %q", Date{5, time.January, 2})
	}
	if !d.Valid() || (Date{2023, 2, 29}).Valid() || (Date{}).Valid() || (Date{2023, 13, 1}).Valid() || (Date{10000, 1, 1}).Valid() {
		t.Error("Valid is wrong")
	}
	if !(Date{}).IsZero() || d.IsZero() {
		t.Error("IsZero is wrong")
	}
	e := Date{2024, time.March, 1}
	if !d.Before(e) || d.After(e) || !e.After(d) || d.Compare(d) != 0 || d.Compare(e) != -1 || e.Compare(d) != 1 {
		t.Error("comparison is wrong")
	}
	if (Date{2023, 12, 31}).Compare(Date{2024, 1, 1}) != -1 || (Date{2024, 5, 1}).Compare(Date{2024, 4, 30}) != 1 {
		t.Error("comparison across months/years is wrong")
	}
	if got := d.AddDays(1); got != e {
		t.Errorf("AddDays(1) = %v", got)
	}
	if got := e.AddDays(-1); got != d {
		t.Errorf("AddDays(-1) = %v", got)
	}
	if got := (Date{2023, 12, 31}).AddDays(1); got != (Date{2024, 1, 1}) {
		t.Errorf("AddDays across year = %v", got)
	}
	if got := d.AddYears(1); got != (Date{2025, time.February, 28}) {
		t.Errorf("AddYears(1) from 29 Feb = %v", got)
	}
	if got := d.AddYears(4); got != (Date{2028, time.February, 29}) {
		t.Errorf("AddYears(4) from 29 Feb = %v", got)
	}
	if got := e.DaysSince(d); got != 1 {
		t.Errorf("DaysSince = %d", got)
	}
	if got := (Date{2300, 1, 1}).DaysSince(Date{1900, 1, 1}); got != 146097 {
		t.Errorf("400 years = %d days, want 146097", got)
	}
	if got := (Date{1900, 1, 1}).DaysSince(Date{1970, 1, 2}); got != -25568 {
		t.Errorf("DaysSince before epoch = %d", got)
	}
	if got := DateOf(time.Date(2025, 7, 1, 23, 30, 0, 0, time.FixedZone("ICT", 7*3600))); got != (Date{2025, 7, 1}) {
		t.Errorf("DateOf uses the time's own zone: %v", got)
	}
}

func TestAgeOn(t *testing.T) {
	birth := Date{2010, time.March, 15}
	tests := []struct {
		today Date
		want  int
	}{
		{Date{2024, 3, 14}, 13},
		{Date{2024, 3, 15}, 14},
		{Date{2024, 12, 31}, 14},
		{Date{2010, 3, 15}, 0},
		{Date{2010, 3, 14}, -1},
	}
	for _, tt := range tests {
		if got := birth.AgeOn(tt.today); got != tt.want {
			t.Errorf("AgeOn(%v) = %d, want %d", tt.today, got, tt.want)
		}
	}
	leap := Date{2008, time.February, 29}
	if got := leap.AgeOn(Date{2022, 2, 28}); got != 13 {
		t.Errorf("29 Feb birthday on 28 Feb: %d", got)
	}
	if got := leap.AgeOn(Date{2022, 3, 1}); got != 14 {
		t.Errorf("29 Feb birthday on 1 Mar: %d", got)
	}
}

// TestYearsSpanAgreesWithAge checks, over every day of several years, that
// "born on or before today minus n years" is the same as "AgeOn >= n", so
// Bounds and CheckAge can never disagree about an age.
func TestYearsSpanAgreesWithAge(t *testing.T) {
	for today := (Date{2023, 1, 1}); today.Before(Date{2025, 1, 1}); today = today.AddDays(1) {
		cutoff := today.AddYears(-14)
		for _, birth := range []Date{cutoff.AddDays(-1), cutoff, cutoff.AddDays(1), {2008, 2, 29}, {2009, 3, 1}, {2010, 2, 28}} {
			if inRange, old := !birth.After(cutoff), birth.AgeOn(today) >= 14; inRange != old {
				t.Fatalf("today %v birth %v: cutoff says %v, AgeOn %d", today, birth, inRange, birth.AgeOn(today))
			}
		}
	}
}

func TestCheckDateBounds(t *testing.T) {
	today := Date{2025, time.July, 1}
	tests := []struct {
		name     string
		d        Date
		b        Bounds
		wantCode string
	}{
		{"no bounds, far past", Date{1900, 1, 1}, Bounds{}, ""},
		{"no bounds, far future", Date{2999, 1, 1}, Bounds{}, ""},
		{"not future: today", today, Bounds{NotFuture: true}, ""},
		{"not future: yesterday", Date{2025, 6, 30}, Bounds{NotFuture: true}, ""},
		{"not future: tomorrow", Date{2025, 7, 2}, Bounds{NotFuture: true}, CodeDateFuture},
		{"not past: today", today, Bounds{NotPast: true}, ""},
		{"not past: yesterday", Date{2025, 6, 30}, Bounds{NotPast: true}, CodeDatePast},
		{"60 days ago is allowed", Date{2025, 5, 2}, Bounds{NotFuture: true, MaxAgo: Span{Days: 60}}, ""},
		{"61 days ago is not", Date{2025, 5, 1}, Bounds{NotFuture: true, MaxAgo: Span{Days: 60}}, CodeDateTooLongAgo},
		{"future beats max-ago", Date{2026, 1, 1}, Bounds{NotFuture: true, MaxAgo: Span{Days: 60}}, CodeDateFuture},
		{"1 year ago exactly", Date{2024, 7, 1}, Bounds{MaxAgo: Span{Years: 1}}, ""},
		{"1 year and a day ago", Date{2024, 6, 30}, Bounds{MaxAgo: Span{Years: 1}}, CodeDateTooLongAgo},
		{"years and days", Date{2024, 6, 30}, Bounds{MaxAgo: Span{Years: 1, Days: 1}}, ""},
		{"30 days ahead", Date{2025, 7, 31}, Bounds{NotPast: true, MaxAhead: Span{Days: 30}}, ""},
		{"31 days ahead", Date{2025, 8, 1}, Bounds{NotPast: true, MaxAhead: Span{Days: 30}}, CodeDateTooFarAhead},
		{"invalid date", Date{2025, 2, 29}, Bounds{}, CodeDateDayRange},
		{"zero date", Date{}, Bounds{}, CodeDateYearFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDateBounds(tt.d, today, tt.b)
			var want []string
			if tt.wantCode != "" {
				want = []string{tt.wantCode}
			}
			if got := Codes(err); !slices.Equal(got, want) || (err == nil) != (want == nil) {
				t.Fatalf("err = %v, want %v", err, want)
			}
		})
	}
	if err := CheckDateBounds(today, Date{2025, 2, 30}, Bounds{}); err == nil || Codes(err) != nil {
		t.Errorf("invalid today must be a plain (programming) error, got %v", err)
	}
}

func TestCheckAge(t *testing.T) {
	today := Date{2025, time.July, 1}
	tests := []struct {
		name       string
		birth      Date
		minY, maxY int
		wantCode   string
	}{
		{"14 today", Date{2011, 7, 1}, 14, 0, ""},
		{"14 tomorrow", Date{2011, 7, 2}, 14, 0, CodeDateAgeTooYoung},
		{"old", Date{1930, 1, 1}, 14, 0, ""},
		{"under 6: aged 5", Date{2019, 7, 2}, 0, 5, ""},
		{"under 6: turns 6 today", Date{2019, 7, 1}, 0, 5, CodeDateAgeTooOld},
		{"newborn, no limits", today, 0, 0, ""},
		{"born tomorrow", Date{2025, 7, 2}, 0, 0, CodeDateFuture},
		{"invalid", Date{2025, 4, 31}, 14, 0, CodeDateDayRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAge(tt.birth, today, tt.minY, tt.maxY)
			var want []string
			if tt.wantCode != "" {
				want = []string{tt.wantCode}
			}
			if got := Codes(err); !slices.Equal(got, want) || (err == nil) != (want == nil) {
				t.Fatalf("err = %v, want %v", err, want)
			}
		})
	}
	if err := CheckAge(today, Date{}, 14, 0); err == nil || Codes(err) != nil {
		t.Errorf("invalid today must be a plain error, got %v", err)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"05/09/1960", "5/9/1960", "29/02/2024", "29/02/2023", "31/02/2000", "05/13/1960", "05/09/60", "",
		" 1 / 1 / 2000 ", "00/00/0000", "99/99/9999", "1/1/1/1", "\xff/\xff/\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			codes := Codes(err)
			if len(codes) != 1 || !strings.HasPrefix(codes[0], "date.") || Message(codes[0], LangVI) == unknownMessage.vi {
				t.Fatalf("ParseDate(%q): bad error %v", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) returned %v with an error", s, d)
			}
			return
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = invalid %v", s, d)
		}
		// Round trips through both written forms.
		for _, form := range []string{d.String(), fmt.Sprintf("%d/%d/%04d", d.Day, int(d.Month), d.Year)} {
			if again, err := ParseDate(form); err != nil || again != d {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v (from %q)", form, again, err, d, s)
			}
		}
		if next := d.AddDays(1); next.DaysSince(d) != 1 || !next.After(d) || (next.Year <= 9999 && !next.Valid()) {
			t.Fatalf("AddDays(1) of %v = %v", d, next)
		}
		if iso, err := time.Parse("2006-01-02", d.ISO()); err != nil || DateOf(iso) != d {
			t.Fatalf("ISO %q does not round-trip: %v", d.ISO(), err)
		}
	})
}
