package duesstats

import (
	"time"

	"dangjian/internal/domain"
)

// Months are text YYYY-MM throughout; these helpers work on that form.

// parseMonth reads YYYY-MM; ok is false for anything else (2025-13, 2025-1, "").
func parseMonth(s string) (time.Time, bool) {
	if domain.CheckMonth(s) != "" {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01", s)
	return t, err == nil
}

// shiftMonth returns the month n months after m (n may be negative); m must be valid.
func shiftMonth(m string, n int) string {
	t, ok := parseMonth(m)
	if !ok {
		return ""
	}
	return t.AddDate(0, n, 0).Format("2006-01")
}

// monthOf is the month (in China) of an instant.
func monthOf(t time.Time) string { return t.In(domain.Shanghai).Format("2006-01") }

// monthStart is the first day of a valid month.
func monthStart(m string) domain.Date {
	t, _ := parseMonth(m)
	return domain.NewDate(t.Year(), t.Month(), 1)
}

// Consecutive counts the unpaid months that run back without a break from last, the
// member's latest billed month: unpaidDesc are the months of their unpaid bills, latest
// first. A month that was paid or exempt, or that has no bill (before the member was
// admitted, or a month not billed), ends the run; a run that does not reach last is 0.
func Consecutive(last string, unpaidDesc []string) int {
	n, want := 0, last
	for _, m := range unpaidDesc {
		if m > want {
			continue // after the last billed month asked about: not counted
		}
		if m != want {
			break
		}
		n++
		want = shiftMonth(want, -1)
	}
	return n
}
