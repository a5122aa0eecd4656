package web

import (
	"fmt"
	"net/http"
)

// downloadFundReport is the printable report as PDF, to the readers of the report (a member:
// a published one).
func (h *handler) downloadFundReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	orgID, year := queryID(q.Get("org_id")), yearParam(q.Get("year"), thisYear())
	pdf, err := h.set.Funds.PDF(r.Context(), actor(r), orgID, year, h.set.I18n)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendFile(w, "application/pdf", fmt.Sprintf("党建经费收支情况-%d-%d.pdf", orgID, year), pdf)
}
