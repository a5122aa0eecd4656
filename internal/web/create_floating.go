package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

var floatingFields = []string{"org_id", "name", "home_org_name", "place", "since", "contact", "reason", "card_no"}

// createFloating adds the entry to the register (an out-flow entry flags the member as
// floating) and shows it.
func (h *handler) createFloating(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := transfer.FloatingInput{Direction: f.Get("direction"), MemberID: queryID(f.Get("member_id")),
		OrgID: queryID(f.Get("org_id")), Name: f.Get("name"), HomeOrgName: f.Get("home_org_name"), Place: f.Get("place"),
		Since: f.Get("since"), Contact: f.Get("contact"), Reason: f.Get("reason"), CardNo: f.Get("card_no")}
	fl, err := h.set.Transfers.RegisterFloating(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, floatingFields...)
			h.renderNewFloating(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/floating/"+itoa64(fl.ID)+"?saved=1")
}
