package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/ratings"
	"dangjian/internal/store"
)

// ratingData is a year's rating of an organisation's subtree (星级评定): start (or restart)
// the run, watch it compute, review the results with the computed values beside the final
// ones, calibrate a result with a reason, and publish (with a reason when late).
type ratingData struct {
	*Page
	Query      *Form
	Orgs       []Option
	Years      []int
	OrgID      int64
	Year       int
	Run        *ratings.Run // nil before the first run
	Running    bool
	Results    []ratings.Result
	NextURL    string
	Late       bool // today is past the deadline: publishing needs a reason
	CanRun     bool
	CanPublish bool
	Form       *Form  // the start and publish forms' problems
	CalForm    *Form  // the calibration being corrected
	CalSubject string // "member:12": whose calibration the CalForm is
	StarValues []int
	Done       string
}

// ratingStatusTarget is the element the page polls while the run computes.
const ratingStatusTarget = "rating-status"

// ratingResultsPage is one page of results.
const ratingResultsPage = 50

func (h *handler) showRating(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &ratingData{}
	if done := q.Get("done"); done == "calibrated" || done == "published" {
		d.Done = done
	}
	h.renderRating(w, r, http.StatusOK, queryID(q.Get("org_id")), yearParam(q.Get("year"), thisYear()-1), d)
}

func (h *handler) renderRating(w http.ResponseWriter, r *http.Request, status int, orgID int64, year int, d *ratingData) {
	ctx, a := r.Context(), actor(r)
	if orgID == 0 {
		var err error
		if orgID, err = h.firstScope(r, auth.RatingsRun); err != nil {
			h.fail(w, r, err)
			return
		}
		if orgID == 0 {
			if orgID, err = h.firstScope(r, auth.PointsRead); err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	if orgID == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	o, err := h.set.Orgs.Get(ctx, a, orgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Page = h.page(r, "web.rating.title")
	d.OrgID, d.Year, d.Years = orgID, year, recentYears(year)
	d.Query = newForm(url.Values{"org_id": {itoa64(orgID)}, "year": {strconv.Itoa(year)}})
	d.CanRun, d.CanPublish = a.Can(auth.RatingsRun, o.Path), a.Can(auth.RatingsPublish, o.Path)
	if d.Form == nil {
		d.Form = newForm(nil)
	}
	if d.CalForm == nil {
		d.CalForm = newForm(nil)
	}
	for i := 0; i <= maxStars; i++ {
		d.StarValues = append(d.StarValues, i)
	}
	page, err := h.set.Ratings.Results(ctx, a, year, orgID, ratings.ResultFilter{Limit: ratingResultsPage, Cursor: r.URL.Query().Get("cursor")})
	switch {
	case err == nil:
		d.Run, d.Results = page.Run, page.Items
		if page.NextCursor != "" {
			v := url.Values{"org_id": {itoa64(orgID)}, "year": {strconv.Itoa(year)}, "cursor": {page.NextCursor}}
			d.NextURL = "/ratings?" + v.Encode()
		}
	case domain.ErrorCode(err) == domain.ENotFound && isRunMissing(err):
		// No run yet: the page offers to start one.
	default:
		h.fail(w, r, err)
		return
	}
	if d.Run != nil {
		d.Running = d.Run.Status == store.RatingQueued || d.Run.Status == store.RatingRunning
		d.Late = !domain.DateOf(time.Now().In(shanghai)).Before(d.Run.PublishBy)
	}
	if wantsFragment(r, ratingStatusTarget) {
		if !d.Running {
			// Finished while the page polled: reload the whole page, which now has results.
			w.Header().Set("HX-Refresh", "true")
		}
		h.fragment(w, r, http.StatusOK, "rating", "rating_status", d)
		return
	}
	if d.Orgs, err = h.scopeOrgOptions(r, auth.PointsRead, orgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "rating", d)
}

// isRunMissing tells "no run for this year yet" from an organisation out of scope.
func isRunMissing(err error) bool {
	e, ok := domain.AsError(err)
	return ok && e.Message == "err.not_found.rating_run"
}
