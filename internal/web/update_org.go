package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/org"
)

// updateOrg saves the edit form: the fields the user changed (an emptied one clears).
func (h *handler) updateOrg(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	o, err := h.set.Orgs.Get(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	was := orgEditForm(o)
	in := org.Input{Name: f.changed(was, "name"), Type: f.changed(was, "type"), Code: f.changed(was, "code"),
		UnitName: f.changed(was, "unit_name"), UnitCreditCode: f.changed(was, "unit_credit_code"),
		EstablishedOn: f.changed(was, "established_on"), TermStartedOn: f.changed(was, "term_started_on"),
		TermEndsOn: f.changed(was, "term_ends_on"), DemonstrationLevel: f.changed(was, "demonstration_level")}
	if _, err := h.set.Orgs.Update(ctx, a, id, in); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, orgFields...)
			h.renderOrg(w, r, id, status, orgForms{Edit: f})
		})
		return
	}
	h.redirect(w, r, "/orgs/"+itoa64(id)+"?saved=1")
}
