package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/ratings"
)

// publishRating publishes the run: the final stars become the year's, and the year closes
// for the subtree. Past the deadline the late reason is required (beside its field).
func (h *handler) publishRating(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID, year := queryID(f.Get("org_id")), yearParam(f.Get("year"), 0)
	_, err = h.set.Ratings.Publish(r.Context(), actor(r), year, orgID, ratings.PublishInput{LateReason: f.Get("late_reason")})
	if err != nil {
		h.failOnForm(w, r, err, func(status int, e *domain.Error) {
			if e.Message == "err.ratings.deadline_passed" {
				// The service refuses the whole publication; the reason is what is missing.
				f.Errors["late_reason"] = h.page(r, "").T("web.rating.late_reason_required")
			}
			f.setError(h.page(r, ""), e, "late_reason")
			h.renderRating(w, r, status, orgID, year, &ratingData{Form: f})
		})
		return
	}
	h.redirect(w, r, ratingURL(orgID, year, "published"))
}
