package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
)

// claimActivity records the branch's claim of a plan (no points yet: they come with the
// completion). A refusal the secretary can act on (deadline passed, already claimed, the
// plan full) comes back on the plan; a branch outside the caller's scope is forbidden.
func (h *handler) claimActivity(w http.ResponseWriter, r *http.Request) {
	planID, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	back := url.Values{"org_id": {f.Get("org_id")}, "year": {f.Get("year")}}
	if _, err := h.set.Points.ClaimActivity(r.Context(), actor(r), planID, queryID(f.Get("org_id"))); err != nil {
		h.failOnForm(w, r, err, func(status int, e *domain.Error) {
			p := h.page(r, "")
			msg := p.T(e.Message, e.Args...)
			for _, key := range e.Fields {
				msg = p.T(key)
			}
			h.renderActivities(w, r, status, &activitiesData{Query: newForm(back), ClaimPlan: planID, ClaimMessage: msg})
		})
		return
	}
	back.Set("claimed", itoa64(planID))
	h.redirect(w, r, "/activities?"+back.Encode())
}
