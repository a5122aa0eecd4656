package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// completeActivity records that a branch held a claimed activity, with its attendance; the
// service credits the branch base points × the coverage factor, which the page then shows
// on the claim. A rejected form comes back on its claim with the messages beside the fields.
func (h *handler) completeActivity(w http.ResponseWriter, r *http.Request) {
	planID, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID, err := pathID(r, "org")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	back := url.Values{"org_id": {f.Get("back_org_id")}, "year": {f.Get("year")}}
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, completeFields...)
		h.renderActivities(w, r, status, &activitiesData{Query: newForm(back), CompletePlan: planID, CompleteOrg: orgID, CompleteForm: f})
	}
	bad := map[string]string{}
	participants := formInt(f, "participants", bad)
	members := formInt(f, "members", bad)
	if f.Get("participants") == "" {
		bad["participants"] = "err.required"
	}
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	if _, err := h.set.Points.CompleteActivity(r.Context(), actor(r), planID, orgID,
		points.CompleteInput{Participants: participants, Members: members, On: f.Get("on")}); err != nil {
		h.failOnForm(w, r, err, rerender)
		return
	}
	back.Set("completed", itoa64(planID))
	h.redirect(w, r, "/activities?"+back.Encode())
}
