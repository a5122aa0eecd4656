package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// listFloating lists register entries in the caller's scope, id order:
// ?org_id=&member_id=&direction=out|in&active=1&overdue=1&limit=&cursor=. active=1 leaves out ended
// entries; overdue=1 keeps only entries whose yearly report is overdue.
func (h *handler) listFloating(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	f := transfer.FloatingFilter{OrgID: p.id("org_id"), MemberID: p.id("member_id"), Direction: p.choice("direction", []string{domain.FloatingOut, domain.FloatingIn}),
		ActiveOnly: p.flag("active"), OverdueOnly: p.flag("overdue"), AfterID: p.cursor(), Limit: p.limit()}
	if err := p.err(); err != nil {
		return err
	}
	list, next, err := h.set.Transfers.ListFloating(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	items := make([]floatingJSON, len(list))
	for i := range list {
		items[i] = floatingView(&list[i])
	}
	writeJSON(w, http.StatusOK, newList(items, encodeCursor(next)))
	return nil
}
