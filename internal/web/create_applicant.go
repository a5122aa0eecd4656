package web

import (
	"net/http"

	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// createApplicant registers an application (step 1 on the application date) and shows the
// applicant's timeline.
func (h *handler) createApplicant(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.set.Development.Create(r.Context(), actor(r), development.CreateInput{Name: f.Get("name"),
		IDNumber: f.Get("id_number"), OrgID: queryID(f.Get("org_id")), AppliedOn: f.Get("applied_on")})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "name", "id_number", "org_id", "applied_on")
			h.renderNewApplicant(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/applicants/"+itoa64(v.ID)+"?saved=1")
}
