package web

import (
	"net/url"

	"dangjian/internal/domain"
)

// historyRows are the ledger lines of a points page with their indicator names and, for an
// officer who may reverse them, the reversal form's state (a message a rejected reversal
// left in the query).
func historyRows(p *Page, q url.Values, entries []domain.PointEntry, names map[int64]string, canReverse bool) []entryRow {
	out := make([]entryRow, 0, len(entries))
	for i := range entries {
		e := entries[i]
		row := entryRow{PointEntry: e, IndicatorName: names[e.IndicatorID]}
		if canReverse && reversible(&e) {
			row.Reversible, row.ReverseError = true, p.reverseProblem(q, e.ID)
		}
		out = append(out, row)
	}
	return out
}
