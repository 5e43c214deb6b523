package practice

import (
	"time"

	"tramhocso/app/vnformat"
)

// AddWorkingDays returns the n-th working day after from: Monday to Friday,
// skipping the days in holidays. With n <= 0 it returns from. It is pure:
// the caller passes the day in (the engine never reads the clock).
//
// The appointment of a submitted application ("ngày hẹn trả kết quả") is
// counted this way; a submission on a Saturday with n = 1 gives the Monday.
func AddWorkingDays(from vnformat.Date, n int, holidays []vnformat.Date) vnformat.Date {
	d := from
	for n > 0 {
		d = d.AddDays(1)
		if isWorkingDay(d, holidays) {
			n--
		}
	}
	return d
}

func isWorkingDay(d vnformat.Date, holidays []vnformat.Date) bool {
	switch time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	for _, h := range holidays {
		if h == d {
			return false
		}
	}
	return true
}
