package api

import (
	"net/http"

	"dangjian/internal/audit"
)

// listAudit lists audit entries in the caller's audit scope, newest first:
// ?action=&entity_type=&entity_id=&user_id=&limit=&cursor=. action matches a prefix
// ("member." finds every member action).
func (h *handler) listAudit(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	f := audit.Filter{Action: p.text("action"), EntityType: p.text("entity_type"), EntityID: p.id("entity_id"),
		UserID: p.id("user_id"), BeforeID: p.cursor(), Limit: fetchSize(limit)}
	if err := p.err(); err != nil {
		return err
	}
	entries, err := h.set.Audit.List(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	entries, more := trimPage(entries, limit)
	items := make([]auditJSON, len(entries))
	for i := range entries {
		items[i] = auditView(&entries[i])
	}
	next := ""
	if more {
		next = encodeCursor(entries[len(entries)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}
