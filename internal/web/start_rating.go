package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/domain"
)

// startRating starts (or restarts) the rating run of a year for an organisation's subtree
// and shows its progress.
func (h *handler) startRating(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgID, year := queryID(f.Get("org_id")), yearParam(f.Get("year"), 0)
	if _, err := h.set.Ratings.StartRun(r.Context(), actor(r), year, orgID); err != nil {
		h.failOnForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e)
			h.renderRating(w, r, status, orgID, year, &ratingData{Form: f})
		})
		return
	}
	h.redirect(w, r, ratingURL(orgID, year, ""))
}

// ratingURL is the rating page of an organisation and year, with what was just done.
func ratingURL(orgID int64, year int, done string) string {
	v := url.Values{"org_id": {itoa64(orgID)}, "year": {strconv.Itoa(year)}}
	if done != "" {
		v.Set("done", done)
	}
	return "/ratings?" + v.Encode()
}
