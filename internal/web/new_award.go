package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/points"
)

// awardFormData is the direct award (直接奖励) of an indicator to a member of an organisation,
// or to the organisation itself. The form carries an Idempotency-Key made when it is shown,
// so a double submission posts once.
type awardFormData struct {
	*Page
	Form       *Form
	Org        *domain.Org
	Subjects   []Option
	Indicators []domain.Indicator
	Result     *points.AwardResult // the award just made (after the redirect)
}

// awardFields are the fields of the award form.
var awardFields = []string{"subject", "indicator_id", "quantity", "occurred_on", "note"}

// awardSubjectsShown bounds the member picker (a branch has tens of members, ≤ 50 normally).
const awardSubjectsShown = 500

func (h *handler) newAward(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := url.Values{"org_id": {q.Get("org_id")}, "occurred_on": {today()}, "quantity": {"1"}, "subject": {q.Get("subject")}}
	d := &awardFormData{}
	if q.Get("entry") != "" {
		pr, _ := domain.ParsePoints(q.Get("requested"))
		pa, _ := domain.ParsePoints(q.Get("awarded"))
		d.Result = &points.AwardResult{EntryID: queryID(q.Get("entry")), PointsRequested: pr, PointsAwarded: pa, Capped: q.Get("capped") != ""}
	}
	h.renderAward(w, r, http.StatusOK, newForm(v), d)
}

func (h *handler) renderAward(w http.ResponseWriter, r *http.Request, status int, f *Form, d *awardFormData) {
	ctx, a := r.Context(), actor(r)
	orgID := queryID(f.Get("org_id"))
	if orgID == 0 {
		var err error
		if orgID, err = h.firstScope(r, auth.PointsAward); err != nil {
			h.fail(w, r, err)
			return
		}
		f.Values.Set("org_id", itoa64(orgID))
	}
	o, err := h.set.Orgs.Get(ctx, a, orgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !a.Can(auth.PointsAward, o.Path) && !a.Can(auth.PointsAward, parentPath(o.Path)) {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	if f.Get("idempotency_key") == "" {
		f.Values.Set("idempotency_key", newIdempotencyKey())
	}
	d.Page, d.Form, d.Org = h.page(r, "web.award.title"), f, &o.Org
	if a.Can(auth.PointsAward, parentPath(o.Path)) {
		d.Subjects = append(d.Subjects, Option{Value: "org:" + itoa64(o.ID), Label: d.T("web.award.the_org", o.Name)})
	}
	if a.Can(auth.PointsAward, o.Path) {
		members, err := h.set.Members.List(ctx, a, member.Filter{OrgID: o.ID, Subtree: true, Limit: awardSubjectsShown}, false)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, m := range members.Items {
			d.Subjects = append(d.Subjects, Option{Value: "member:" + itoa64(m.ID), Label: m.Name + " · " + m.OrgName})
		}
	}
	if d.Indicators, err = h.set.Points.Catalogue(ctx, a, points.CatalogueFilter{OrgID: o.ID, Year: thisYear()}); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "award_new", d)
}
