package api

import (
	"io"
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Branch activities (seed 001): plans a committee makes for the year, claims by its
// branches, and completions that credit the branch base points × the coverage factor.

// listActivityPlans answers the plans of a year that concern an organisation (made by it or
// its ancestors): ?org_id= (required) &year= (default this year in China). One page: a
// year's plans are a bounded list.
func (h *handler) listActivityPlans(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID, year := p.requiredID("org_id"), p.year("year")
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Points.Plans(r.Context(), actor(r), orgID, year)
	if err != nil {
		return err
	}
	items := make([]activityPlanJSON, len(list))
	for i := range list {
		items[i] = activityPlanView(&list[i])
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

// createActivityPlan adds a planned activity: 201 with the plan and its Location.
func (h *handler) createActivityPlan(w http.ResponseWriter, r *http.Request) error {
	in, err := decodePlanRequest(r.Body)
	if err != nil {
		return err
	}
	plan, err := h.set.Points.CreatePlan(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/activity-plans/"+formatID(plan.ID))
	writeJSON(w, http.StatusCreated, activityPlanView(plan))
	return nil
}

// getActivityPlan answers one plan with the claims the caller may see.
func (h *handler) getActivityPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "activity_plan")
	if err != nil {
		return err
	}
	plan, err := h.set.Points.Plan(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, activityPlanView(plan))
	return nil
}

// claimActivity records a branch's claim {org_id}: 201 with the claim. No points yet.
func (h *handler) claimActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "activity_plan")
	if err != nil {
		return err
	}
	var req struct {
		OrgID ID `json:"org_id"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	orgID := requiredID(req.OrgID, "org_id", v)
	if err := v.Err(); err != nil {
		return err
	}
	c, err := h.set.Points.ClaimActivity(r.Context(), actor(r), id, orgID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/activity-plans/"+formatID(id))
	writeJSON(w, http.StatusCreated, activityClaimView(c))
	return nil
}

// completeActivity records a claimed activity's completion {participants, members, on} and
// credits the branch: 200 with the claim, which names the entry.
func (h *handler) completeActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "activity_plan")
	if err != nil {
		return err
	}
	orgID, bad := parseID(r.PathValue("org_id"))
	if bad {
		return domain.NotFound("activity_claim")
	}
	var req struct {
		Participants *int   `json:"participants"`
		Members      int    `json:"members"`
		On           string `json:"on"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	if req.Participants == nil {
		return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"participants": "err.required"}}
	}
	c, err := h.set.Points.CompleteActivity(r.Context(), actor(r), id, orgID,
		points.CompleteInput{Participants: *req.Participants, Members: req.Members, On: req.On})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, activityClaimView(c))
	return nil
}

// planRequest is the body of POST /activity-plans.
type planRequest struct {
	OrgID         ID           `json:"org_id"`
	Year          int          `json:"year"`
	Name          string       `json:"name"`
	Description   string       `json:"description"`
	Complexity    int          `json:"complexity"`
	BasePoints    pointsIn     `json:"base_points"`
	Expected      string       `json:"expected"`
	ClaimDeadline string       `json:"claim_deadline"`
	MaxClaims     int          `json:"max_claims"`
	Coverage      []coverageIn `json:"coverage"`
}

type coverageIn struct {
	MinPercent int      `json:"min_percent"`
	Factor     pointsIn `json:"factor"`
}

func decodePlanRequest(body io.Reader) (points.PlanInput, error) {
	var req planRequest
	if err := decodeJSON(body, &req); err != nil {
		return points.PlanInput{}, err
	}
	v := &domain.Validation{}
	in := points.PlanInput{OrgID: requiredID(req.OrgID, "org_id", v), Year: req.Year, Name: req.Name,
		Description: req.Description, Complexity: req.Complexity, BasePoints: req.BasePoints.ptr("base_points", v),
		Expected: req.Expected, ClaimDeadline: req.ClaimDeadline, MaxClaims: req.MaxClaims}
	if req.Coverage != nil {
		in.Coverage = make([]store.CoverageBand, len(req.Coverage))
		for i, b := range req.Coverage {
			in.Coverage[i] = store.CoverageBand{MinPercent: b.MinPercent, Factor: b.Factor.get("coverage", v)}
			if !b.Factor.given {
				v.Add("coverage", "err.required")
			}
		}
	}
	return in, v.Err()
}

type coverageJSON struct {
	MinPercent int           `json:"min_percent"`
	Factor     domain.Points `json:"factor"`
}

type activityPlanJSON struct {
	ID            jsonID              `json:"id"`
	OrgID         jsonID              `json:"org_id"`
	OrgName       string              `json:"org_name"`
	Year          int                 `json:"year"`
	Name          string              `json:"name"`
	Description   string              `json:"description"`
	Complexity    int                 `json:"complexity"`
	BasePoints    domain.Points       `json:"base_points"`
	Expected      string              `json:"expected"`
	ClaimDeadline domain.Date         `json:"claim_deadline"`
	MaxClaims     *int                `json:"max_claims"`
	Coverage      []coverageJSON      `json:"coverage"`
	ClaimCount    int                 `json:"claim_count"`
	Claims        []activityClaimJSON `json:"claims"`
	CreatedByName string              `json:"created_by_name"`
	CreatedAt     stamp               `json:"created_at"`
}

func activityPlanView(p *store.ActivityPlan) activityPlanJSON {
	out := activityPlanJSON{ID: jsonID(p.ID), OrgID: jsonID(p.OrgID), OrgName: p.OrgName, Year: p.Year, Name: p.Name,
		Description: p.Description, Complexity: p.Complexity, BasePoints: p.BasePoints, Expected: p.Expected,
		ClaimDeadline: p.ClaimDeadline, ClaimCount: p.ClaimCount, CreatedByName: p.CreatedByName, CreatedAt: stamp(p.CreatedAt),
		Coverage: make([]coverageJSON, len(p.Coverage)), Claims: make([]activityClaimJSON, len(p.Claims))}
	if p.MaxClaims > 0 {
		n := p.MaxClaims
		out.MaxClaims = &n
	}
	for i, b := range p.Coverage {
		out.Coverage[i] = coverageJSON{MinPercent: b.MinPercent, Factor: b.Factor}
	}
	for i := range p.Claims {
		out.Claims[i] = activityClaimView(&p.Claims[i])
	}
	return out
}

// activityClaimJSON is a claim; the completion's figures are null until it is recorded.
type activityClaimJSON struct {
	ID              jsonID         `json:"id"`
	PlanID          jsonID         `json:"plan_id"`
	OrgID           jsonID         `json:"org_id"`
	OrgName         string         `json:"org_name"`
	Status          string         `json:"status"`
	ClaimedByName   string         `json:"claimed_by_name"`
	ClaimedAt       stamp          `json:"claimed_at"`
	Participants    *int           `json:"participants"`
	Members         *int           `json:"members"`
	Factor          *domain.Points `json:"factor"`
	Points          *domain.Points `json:"points"`
	EntryID         nullID         `json:"entry_id"`
	CompletedOn     domain.Date    `json:"completed_on"`
	CompletedByName string         `json:"completed_by_name"`
	CompletedAt     *stamp         `json:"completed_at"`
}

func activityClaimView(c *store.ActivityClaim) activityClaimJSON {
	out := activityClaimJSON{ID: jsonID(c.ID), PlanID: jsonID(c.PlanID), OrgID: jsonID(c.OrgID), OrgName: c.OrgName,
		Status: c.Status, ClaimedByName: c.ClaimedByName, ClaimedAt: stamp(c.ClaimedAt), EntryID: nullID(c.EntryID),
		CompletedOn: c.CompletedOn, CompletedByName: c.CompletedByName}
	if c.Status == store.ActivityCompleted {
		participants, members, factor, pts := c.Participants, c.Members, c.Factor, c.Points
		out.Participants, out.Members, out.Factor, out.Points = &participants, &members, &factor, &pts
	}
	if c.CompletedAt != nil {
		s := stamp(*c.CompletedAt)
		out.CompletedAt = &s
	}
	return out
}
