package domain

import "time"

// Cap periods.
const (
	PeriodDay     = "day"
	PeriodWeek    = "week"
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodYear    = "year"
)

// Periods lists the cap periods, shortest first.
var Periods = []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodQuarter, PeriodYear}

// PeriodBounds returns the calendar period of kind containing d as [start, end). d is a civil
// date already taken in China's calendar (the day the thing happened there), so no time zone
// arithmetic is needed here; weeks start on Monday.
func PeriodBounds(kind string, d Date) (Date, Date) {
	t := d.Time()
	y, m, _ := t.Date()
	switch kind {
	case PeriodDay:
		return d, d.AddDate(0, 0, 1)
	case PeriodWeek:
		back := (int(t.Weekday()) + 6) % 7 // Monday → 0 … Sunday → 6
		start := d.AddDate(0, 0, -back)
		return start, start.AddDate(0, 0, 7)
	case PeriodMonth:
		start := NewDate(y, m, 1)
		return start, start.AddDate(0, 1, 0)
	case PeriodQuarter:
		start := NewDate(y, time.Month((int(m)-1)/3*3+1), 1)
		return start, start.AddDate(0, 3, 0)
	}
	start := NewDate(y, time.January, 1)
	return start, start.AddDate(1, 0, 0)
}

// Get returns the cap of a period kind (nil: none).
func (c Caps) Get(kind string) *Points {
	switch kind {
	case PeriodDay:
		return c.Day
	case PeriodWeek:
		return c.Week
	case PeriodMonth:
		return c.Month
	case PeriodQuarter:
		return c.Quarter
	case PeriodYear:
		return c.Year
	}
	return nil
}

// Any reports whether at least one cap is set.
func (c Caps) Any() bool {
	for _, k := range Periods {
		if c.Get(k) != nil {
			return true
		}
	}
	return false
}

// ApplyCaps returns how much of requested may be given, given what the subject already has
// under the item in each capped period (used[kind], signed like the entries). Amounts are
// compared by magnitude, so a deduction's caps bound the total deducted. It never gives more
// than requested nor a sign opposite to it, and reports whether anything was cut.
func ApplyCaps(c Caps, requested Points, used map[string]Points) (given Points, capped bool) {
	sign := Points(1)
	if requested < 0 {
		sign = -1
	}
	want := requested * sign
	allowed := want
	for _, k := range Periods {
		cp := c.Get(k)
		if cp == nil {
			continue
		}
		room := *cp - used[k]*sign
		allowed = min(allowed, max(0, room))
	}
	return allowed * sign, allowed < want
}
