package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/org"
)

var orgFields = []string{"name", "type", "parent_id", "code", "unit_name", "unit_credit_code", "established_on",
	"term_started_on", "term_ends_on", "demonstration_level"}

// createOrg adds an organisation: below a parent from the organisation page, or at the top
// of the tree from the tree page (admins).
func (h *handler) createOrg(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := org.Input{Name: f.strAlways("name"), Type: f.str("type"), ParentID: f.id("parent_id"), Code: f.str("code"),
		UnitName: f.str("unit_name"), UnitCreditCode: f.str("unit_credit_code"), EstablishedOn: f.str("established_on"),
		TermStartedOn: f.str("term_started_on"), TermEndsOn: f.str("term_ends_on"),
		DemonstrationLevel: f.str("demonstration_level")}
	o, err := h.set.Orgs.Create(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, orgFields...)
			if in.ParentID != nil && *in.ParentID != 0 {
				h.renderOrg(w, r, *in.ParentID, status, orgForms{Child: f})
				return
			}
			h.renderOrgTree(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/orgs/"+itoa64(o.ID)+"?saved=1")
}
