package web

import (
	"net/http"
)

// publishFundReport publishes the year's report to the members (which closes the year) and
// shows it.
func (h *handler) publishFundReport(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID, year := queryID(f.Get("org_id")), yearParam(f.Get("year"), 0)
	if _, err := h.set.Funds.Publish(r.Context(), actor(r), orgID, year); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, fundsURL("/funds/report", orgID, year))
}
