package duesstats

import "dangjian/internal/domain"

// Months are text YYYY-MM throughout; the helpers are domain.DuesMonthStart, DuesMonthAdd,
// DuesMonthOf and CheckMonth.

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
		want = domain.DuesMonthAdd(want, -1)
	}
	return n
}
