package duesstats

import (
	"context"

	"dangjian/internal/store"
)

// PaidThrough is "dues paid through" (党费交到): the latest month M such that every bill of
// the member up to M is paid or exempt, among the months billed — the last paid or exempt
// bill before the member's first unpaid one, or their last bill when none is unpaid. It is ""
// when the member has no such bill (never billed, or the first bill is unpaid): the system
// then claims nothing. The transfer letter takes it when a transfer states none. q may be a
// read or a write transaction's; no actor: the caller has decided who may ask.
func PaidThrough(ctx context.Context, q *store.Q, memberID int64) (string, error) {
	return q.DuesPaidThrough(ctx, memberID)
}
