package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/study"
)

// questionImportData is the question import page: the template, the organisation whose bank
// the questions go to, the file, dry run or import, and the outcome of the last upload.
type questionImportData struct {
	*Page
	Form   *Form
	Orgs   []Option
	Result *study.ImportResult // nil before an upload
	Errors []importRowError    // the result's row errors in the user's language
}

// importRowError is one row error as the page shows it.
type importRowError struct {
	Row             int
	Column, Message string
}

// newQuestionImport is the question import page.
func (h *handler) newQuestionImport(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "mode": {"dry_run"}})
	h.renderQuestionImport(w, r, http.StatusOK, f, nil)
}

func (h *handler) renderQuestionImport(w http.ResponseWriter, r *http.Request, status int, f *Form, res *study.ImportResult) {
	if !h.requireStudyManager(w, r) {
		return
	}
	orgs, _, err := h.managedOrgOptions(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.page(r, "web.study.manage.import.title")
	d := &questionImportData{Page: p, Form: f, Orgs: orgs, Result: res}
	if res != nil {
		for _, e := range res.Errors {
			d.Errors = append(d.Errors, importRowError{Row: e.Row, Column: e.Column, Message: p.T(e.Message, e.Args...)})
		}
	}
	h.html(w, r, status, "study_manage_import", d)
}
