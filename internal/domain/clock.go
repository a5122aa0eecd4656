package domain

import "time"

// Shanghai is China's time zone: pages show it, and every calendar rule (deadlines, weeks,
// terms, due dates) counts days in it. Without the system's zone database it falls back to
// the fixed offset China has used since 1991.
var Shanghai = func() *time.Location {
	if z, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return z
	}
	return time.FixedZone("CST", 8*3600)
}()

// Today is the calendar day in China at the instant now.
func Today(now time.Time) Date { return DateOf(now.In(Shanghai)) }
