package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/ratings"
)

// calibrateRating sets one result's final stars (or composite) with a reason; the computed
// values stay beside it. A problem reopens that row's form with the message.
func (h *handler) calibrateRating(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID, year := queryID(f.Get("org_id")), yearParam(f.Get("year"), 0)
	typ, id, _ := strings.Cut(f.Get("subject"), ":")
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, "stars", "composite", "reason")
		h.renderRating(w, r, status, orgID, year, &ratingData{CalForm: f, CalSubject: f.Get("subject")})
	}
	in := ratings.CalibrateInput{SubjectType: typ, SubjectID: queryID(id), Reason: f.Get("reason")}
	if s := strings.TrimSpace(f.Get("stars")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"stars": "err.ratings.stars"}})
			return
		}
		in.Stars = &n
	}
	bad := map[string]string{}
	in.Composite = parsePointsField(f, "composite", bad)
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	if _, err := h.set.Ratings.Calibrate(r.Context(), actor(r), year, orgID, in); err != nil {
		h.failOnForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, ratingURL(orgID, year, "calibrated"))
}
