package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

var transferStatuses = []string{domain.TransferPending, domain.TransferAccepted, domain.TransferRejected, domain.TransferCompleted}

// listTransfers lists transfers from or to the caller's scope, id order:
// ?org_id=&member_id=&status=&flag=1&limit=&cursor=. flag=1 keeps only overdue letters and
// missing receipts.
func (h *handler) listTransfers(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := transfer.Filter{OrgID: p.id("org_id"), MemberID: p.id("member_id"), Statuses: p.choices("status", transferStatuses),
		FlaggedOnly: p.flag("flag"), AfterID: p.cursor(), Limit: p.limit()}
	if err := p.err(); err != nil {
		return err
	}
	list, next, err := h.set.Transfers.List(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	items := make([]transferJSON, len(list))
	for i := range list {
		items[i] = transferView(&list[i])
	}
	writeJSON(w, http.StatusOK, newList(items, encodeCursor(next)))
	return nil
}
