package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// activitiesData is the branch activities page (活动认领) of an organisation and year. A
// committee, general branch or region sees the plans it made, a form to add one, and for
// each plan the claiming branches with a completion form per claim; a branch sees what its
// ancestors planned, with a claim button until the deadline, and its own claims' points.
type activitiesData struct {
	*Page
	Query    *Form
	Orgs     []Option
	Years    []int
	Org      *domain.Org
	Year     int
	Planner  bool // the organisation plans for branches below it (committee view)
	CanPlan  bool
	CanClaim bool
	Plans    []planRow
	PlanForm *Form
	Today    domain.Date
	Flash    string // what the last form did, as a catalogue key
	// A rejected claim or completion comes back on its plan (ClaimPlan) or its claim
	// (CompleteForm, for plan CompletePlan and branch CompleteOrg).
	ClaimPlan    int64
	ClaimMessage string
	CompletePlan int64
	CompleteOrg  int64
	CompleteForm *Form
}

// planRow is a plan with what the page offers on it.
type planRow struct {
	store.ActivityPlan
	Open        bool // claims are still taken (today ≤ deadline, room left)
	Full        bool
	Mine        *store.ActivityClaim // the branch's own claim (branch view)
	CanComplete bool                 // the caller records completions (committee view)
	Rows        []claimRow
}

// claimRow is a claim with its completion form (committee view).
type claimRow struct {
	store.ActivityClaim
	Form *Form
}

// planOrgTypes are the organisations that plan activities (the service's rule; the page
// uses it only to choose its view).
var planOrgTypes = []domain.OrgType{domain.OrgRegion, domain.OrgCommittee, domain.OrgGeneralBranch}

// planFields are the fields of the plan form.
var planFields = []string{"name", "description", "complexity", "base_points", "expected", "claim_deadline", "max_claims"}

// completeFields are the fields of a completion form.
var completeFields = []string{"participants", "members", "on"}

func (h *handler) listActivities(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &activitiesData{Query: newForm(url.Values{"org_id": {q.Get("org_id")}, "year": {q.Get("year")}})}
	for _, k := range []string{"created", "claimed", "completed"} {
		if q.Get(k) != "" {
			d.Flash = "web.activities.done_" + k
		}
	}
	h.renderActivities(w, r, http.StatusOK, d)
}

// renderActivities fills the page around d.Query (org_id, year) and whatever rejected form
// d already holds.
func (h *handler) renderActivities(w http.ResponseWriter, r *http.Request, status int, d *activitiesData) {
	ctx, a := r.Context(), actor(r)
	orgID := queryID(d.Query.Get("org_id"))
	if orgID == 0 {
		var err error
		if orgID, err = h.firstScope(r, auth.PointsRead); err != nil {
			h.fail(w, r, err)
			return
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
	d.Year = yearParam(d.Query.Get("year"), thisYear())
	d.Query.Values.Set("org_id", itoa64(orgID))
	d.Query.Values.Set("year", strconv.Itoa(d.Year))
	d.Page, d.Org, d.Years, d.Today = h.page(r, "web.activities.title"), &o.Org, recentYears(d.Year), domain.Today(time.Now())
	d.Planner = slices.Contains(planOrgTypes, o.Type)
	d.CanPlan = d.Planner && a.Can(auth.PointsCatalogue, o.Path)
	d.CanClaim = !d.Planner || o.Type == domain.OrgGeneralBranch
	d.CanClaim = d.CanClaim && a.Can(auth.PointsCatalogue, o.Path)
	if d.PlanForm == nil {
		d.PlanForm = newForm(url.Values{"complexity": {"1"}, "claim_deadline": {strconv.Itoa(d.Year) + "-03-31"}})
	}
	plans, err := h.set.Points.Plans(ctx, a, orgID, d.Year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range plans {
		own := p.OrgID == o.ID
		if d.Planner && !own && !d.CanClaim {
			continue // a committee's page lists its own plans; it claims none
		}
		row := planRow{ActivityPlan: p, Full: p.MaxClaims > 0 && p.ClaimCount >= p.MaxClaims}
		row.Open = !d.Today.After(p.ClaimDeadline) && !row.Full
		if own {
			row.CanComplete = a.Can(auth.PointsAward, p.OrgPath)
			for _, c := range p.Claims {
				row.Rows = append(row.Rows, claimRow{ActivityClaim: c, Form: h.completeForm(r, d, p.ID, c)})
			}
		} else {
			for i := range p.Claims {
				if p.Claims[i].OrgID == o.ID {
					row.Mine = &p.Claims[i]
				}
			}
		}
		d.Plans = append(d.Plans, row)
	}
	if d.Orgs, err = h.scopeOrgOptions(r, auth.PointsRead, orgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "activities", d)
}

// completeForm is a claim's completion form: the rejected one as it was sent, else members
// prefilled from the branch's roster count and today's date.
func (h *handler) completeForm(r *http.Request, d *activitiesData, planID int64, c store.ActivityClaim) *Form {
	if d.CompleteForm != nil && d.CompletePlan == planID && d.CompleteOrg == c.OrgID {
		return d.CompleteForm
	}
	if c.Status == store.ActivityCompleted {
		return nil
	}
	v := url.Values{"on": {today()}}
	if b, err := h.set.Orgs.Get(r.Context(), actor(r), c.OrgID); err == nil && b.MemberCount > 0 {
		v.Set("members", strconv.Itoa(b.MemberCount))
	}
	return newForm(v)
}
