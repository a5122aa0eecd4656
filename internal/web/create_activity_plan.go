package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// createActivityPlan adds a plan of the year for the organisation's branches to claim. The
// complexity level gives the base points unless the form names its own; a rejected form
// comes back on the page with each message beside its field.
func (h *handler) createActivityPlan(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	query := newForm(url.Values{"org_id": {f.Get("org_id")}, "year": {f.Get("year")}})
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, planFields...)
		h.renderActivities(w, r, status, &activitiesData{Query: query, PlanForm: f})
	}
	bad := map[string]string{}
	base := parsePointsField(f, "base_points", bad)
	complexity := formInt(f, "complexity", bad)
	maxClaims := formInt(f, "max_claims", bad)
	year, err := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if err != nil {
		bad["year"] = "err.points.year"
	}
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	in := points.PlanInput{OrgID: queryID(f.Get("org_id")), Year: year, Name: f.Get("name"), Description: f.Get("description"),
		Complexity: complexity, BasePoints: base, Expected: f.Get("expected"), ClaimDeadline: f.Get("claim_deadline"),
		MaxClaims: maxClaims}
	if base != nil && complexity == 0 {
		in.Complexity = 1 // own base points: the level only files the plan
	}
	if _, err := h.set.Points.CreatePlan(r.Context(), actor(r), in); err != nil {
		h.failOnForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/activities?"+url.Values{"org_id": {f.Get("org_id")}, "year": {f.Get("year")}, "created": {"1"}}.Encode())
}

// formInt reads a whole number of a form; empty is 0, junk is reported under the field.
func formInt(f *Form, name string, bad map[string]string) int {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		bad[name] = "web.activities.err_number"
	}
	return n
}
