package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// duesImportNewData is the payroll upload form.
type duesImportNewData struct {
	duesPage
	Orgs []Option
	Form *Form
}

// newDuesImport shows the payroll import form.
func (h *handler) newDuesImport(w http.ResponseWriter, r *http.Request) {
	h.renderDuesImportNew(w, r, http.StatusOK, newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "mode": {"dry"}}))
}

func (h *handler) renderDuesImportNew(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	orgs, err := h.duesOrgOptions(r, auth.DuesManage, queryID(f.Get("org_id")))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(orgs) == 0 {
		h.fail(w, r, domain.Forbidden())
		return
	}
	h.html(w, r, status, "dues_import_new", &duesImportNewData{duesPage: duesPage{h.page(r, "web.dues.import.title")}, Orgs: orgs, Form: f})
}
