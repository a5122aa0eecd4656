package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
)

// duesHardshipData is one application with the decision the caller may take.
type duesHardshipData struct {
	duesPage
	H          *domain.DuesHardship
	CanAgree   bool
	CanApprove bool
	Form       *Form
}

// showDuesHardship shows one application.
func (h *handler) showDuesHardship(w http.ResponseWriter, r *http.Request) {
	h.renderDuesHardship(w, r, http.StatusOK, newForm(nil))
}

func (h *handler) renderDuesHardship(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := actor(r)
	x, err := h.set.Dues.Hardship(r.Context(), a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &duesHardshipData{duesPage: duesPage{h.page(r, "web.dues.hardship.title", x.MemberName)}, H: x, Form: f}
	d.CanAgree = x.Status == domain.HardshipApplied && a.Can(auth.DuesManage, x.OrgPath)
	d.CanApprove = x.Status == domain.HardshipBranchAgreed && dues.CanApproveFor(a, x.OrgPath)
	h.html(w, r, status, "dues_hardship", d)
}
