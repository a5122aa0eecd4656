package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// generateDuesBills makes the month's bills of the chosen organisation's subtree: done at once
// for a small scope (back to the bills page with the counts), as a job for a large one (its
// progress page).
func (h *handler) generateDuesBills(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID, month := queryID(f.Get("org_id")), f.Get("month")
	res, err := h.set.Dues.Generate(r.Context(), actor(r), dues.GenerateInput{OrgID: orgID, Month: month})
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
			p := h.page(r, "")
			msg := p.T(e.Message, e.Args...)
			for _, k := range e.Fields {
				msg += " " + p.T(k)
			}
			r.URL.RawQuery = url.Values{"org_id": {itoa64(orgID)}, "month": {month}}.Encode()
			h.renderDuesBills(w, r, statusOf(e.Code), msg)
			return
		}
		h.fail(w, r, err)
		return
	}
	if res.JobID != 0 {
		h.redirect(w, r, "/dues/jobs/"+itoa64(res.JobID))
		return
	}
	v := url.Values{"org_id": {itoa64(orgID)}, "month": {month}, "generated": {"1"},
		"members": {strconv.Itoa(res.Members)}, "billed": {strconv.Itoa(res.Billed)}, "existed": {strconv.Itoa(res.Existed)},
		"no_profile": {strconv.Itoa(res.NoProfile)}, "not_due": {strconv.Itoa(res.NotDue)}}
	h.redirect(w, r, "/dues/bills?"+v.Encode())
}
