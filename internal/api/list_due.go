package api

import (
	"net/http"
)

// listDue answers "what is due this month" for an organisation's subtree: ?org_id=&month=
// (YYYY-MM, default this month in China). It lists the steps due in the month, the steps
// that become allowed in it, and everything overdue as of today, earliest first, in one
// list without pages.
func (h *handler) listDue(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID, month := p.requiredID("org_id"), p.month("month")
	if err := p.err(); err != nil {
		return err
	}
	due, err := h.set.Development.Due(r.Context(), actor(r), orgID, month)
	if err != nil {
		return err
	}
	items := make([]dueJSON, len(due))
	for i := range due {
		items[i] = dueView(&due[i])
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}
