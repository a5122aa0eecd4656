package web

import (
	"net/http"

	"dangjian/internal/dues"
	"dangjian/internal/store"
)

// duesImportData is an import's page: progress, then the counts or the row errors.
type duesImportData struct {
	duesPage
	Job       *dues.ImportStatus
	Finished  bool
	Failed    bool
	FileError string
	Errors    []importErrorRow
}

// showDuesImport shows a payroll import; the status card polls itself while it runs.
func (h *handler) showDuesImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.set.Dues.Import(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &duesImportData{duesPage: duesPage{h.page(r, "web.dues.import.job_title")}, Job: st,
		Finished: st.Status == store.JobDone || st.Status == store.JobFailed}
	if st.Status == store.JobFailed {
		d.Failed, d.FileError = true, d.T(duesOr(st.Error, "err.internal"))
	}
	if res := st.Import; res != nil {
		if res.Error != "" {
			d.Failed, d.FileError = true, d.T(res.Error)
		}
		if res.ErrorCount > 0 {
			d.Failed = true
		}
		for i, e := range res.Errors {
			if i == importErrorsShown {
				break
			}
			d.Errors = append(d.Errors, importErrorRow{Row: e.Row, Column: duesOr(e.Column, e.Field), Message: d.T(e.Message, e.Args...)})
		}
	}
	if isHTMX(r) {
		h.fragment(w, r, http.StatusOK, "dues_import", "dues_import_status", d)
		return
	}
	h.html(w, r, http.StatusOK, "dues_import", d)
}

func duesOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
