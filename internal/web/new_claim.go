package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// claimFormData is a member's claim for points: an indicator of their catalogue, how much,
// when, a note and evidence photos or files.
type claimFormData struct {
	*Page
	Form       *Form
	Indicators []domain.Indicator
}

// claimFields are the fields of the claim form.
var claimFields = []string{"indicator_id", "quantity", "occurred_on", "note", "evidence"}

func (h *handler) newClaim(w http.ResponseWriter, r *http.Request) {
	v := url.Values{"occurred_on": {today()}, "quantity": {"1"}}
	if id := r.URL.Query().Get("indicator_id"); id != "" {
		v.Set("indicator_id", id)
	}
	h.renderClaimForm(w, r, http.StatusOK, newForm(v))
}

func (h *handler) renderClaimForm(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	ctx, a := r.Context(), actor(r)
	if a.MemberID() == 0 {
		h.errorPage(w, r, http.StatusNotFound, "web.points.no_member")
		return
	}
	m, err := h.set.Members.Get(ctx, a, a.MemberID(), false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.set.Points.Catalogue(ctx, a, points.CatalogueFilter{OrgID: m.OrgID, Year: thisYear(), Subject: domain.SubjectMember})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &claimFormData{Page: h.page(r, "web.claims.new_title"), Form: f}
	for _, ind := range list {
		// Deductions and vetoes are recorded by the branch, never claimed by the member.
		if !ind.Deduction && !ind.Veto {
			d.Indicators = append(d.Indicators, ind)
		}
	}
	h.html(w, r, status, "claim_new", d)
}
