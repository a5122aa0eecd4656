package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// applicantFormData is the page that registers an application received by a branch.
type applicantFormData struct {
	*Page
	Form     *Form
	Branches []Option
}

func (h *handler) newApplicant(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "applied_on": {today()}})
	h.renderNewApplicant(w, r, http.StatusOK, f)
}

func (h *handler) renderNewApplicant(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	a := actor(r)
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	branches, err := h.writableBranches(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "applicant_new", &applicantFormData{Page: h.page(r, "web.applicant.new_title"), Form: f, Branches: branches})
}

// writableBranches are the branches where the user may write members.
func (h *handler) writableBranches(r *http.Request) ([]Option, error) {
	a := actor(r)
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return orgOptions(outline, func(o *domain.Org, _ int) bool { return o.Type.IsBranch() && a.Can(auth.MemberWrite, o.Path) }), nil
}
