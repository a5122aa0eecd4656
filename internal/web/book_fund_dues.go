package web

import (
	"net/http"
	"net/url"
)

// bookFundDues books the dues collected in the organisation's subtree during the year as
// income (one entry per month for what is not booked yet) and shows the ledger with what it
// did. Who: funds.manage over the organisation.
func (h *handler) bookFundDues(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID, year := queryID(f.Get("org_id")), yearParam(f.Get("year"), thisYear())
	months, err := h.set.Funds.PostDues(r.Context(), actor(r), orgID, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r.URL.RawQuery = url.Values{"org_id": {f.Get("org_id")}, "year": {f.Get("year")}}.Encode()
	h.renderFundLedger(w, r, months)
}
