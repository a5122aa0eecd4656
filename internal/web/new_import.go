package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// importFormData is the roster upload page: the template, the organisation the rows go
// to, the file, and dry run or import.
type importFormData struct {
	*Page
	Form *Form
	Orgs []Option // organisations whose subtree the user may write members in
}

func (h *handler) newImport(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "mode": {"dry_run"}})
	h.renderImportForm(w, r, http.StatusOK, f)
}

func (h *handler) renderImportForm(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	a := actor(r)
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
		return
	}
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &importFormData{Page: h.page(r, "web.import.title"), Form: f,
		Orgs: orgOptions(outline, func(o *domain.Org, _ int) bool {
			return o.Type != domain.OrgGroup && a.Can(auth.MemberWrite, o.Path)
		})}
	h.html(w, r, status, "import_new", d)
}
