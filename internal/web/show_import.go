package web

import (
	"net/http"

	"dangjian/internal/roster"
	"dangjian/internal/store"
)

// importData is an import's page: its progress while it runs, then what it did or why
// nothing was imported.
type importData struct {
	*Page
	Job        *roster.ImportStatus
	Finished   bool
	Failed     bool // row errors or a problem with the whole file: nothing was written
	FileError  string
	Errors     []importErrorRow
	ErrorsMore int // row errors not listed on the page (the .xlsx has them all)
}

// importErrorRow is one row error in the user's language.
type importErrorRow struct {
	Row             int
	Column, Message string
}

// importErrorsShown keeps the page readable; the errors .xlsx marks every row.
const importErrorsShown = 200

// importStatusTarget is the element the page polls with htmx until the job ends.
const importStatusTarget = "import-status"

func (h *handler) showImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.set.Roster.Import(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	titleKey := "web.import.job_title"
	if st.DryRun {
		titleKey = "web.import.dry_run_title"
	}
	d := &importData{Page: h.page(r, titleKey), Job: st,
		Finished: st.Status == store.JobDone || st.Status == store.JobFailed}
	d.Failed = st.Status == store.JobFailed || st.ErrorCount > 0 || st.Error != ""
	if st.Error != "" {
		d.FileError = d.T(st.Error, st.ErrorArgs...)
	}
	for i, e := range st.Errors {
		if i == importErrorsShown {
			break
		}
		d.Errors = append(d.Errors, importErrorRow{Row: e.Row, Column: columnName(e, d.Locale), Message: d.T(e.Message, e.Args...)})
	}
	d.ErrorsMore = max(st.ErrorCount, len(st.Errors)) - len(d.Errors)
	if wantsFragment(r, importStatusTarget) {
		h.fragment(w, r, http.StatusOK, "import", "import_status", d)
		return
	}
	h.html(w, r, http.StatusOK, "import", d)
}

// columnName is the column of a row error as the file wrote it, or the roster column's
// header in the user's language.
func columnName(e roster.RowError, locale string) string {
	if e.Column != "" {
		return e.Column
	}
	for i := range roster.Columns {
		c := &roster.Columns[i]
		if c.Field == e.Field || c.ErrField == e.Field {
			return c.Header(locale)
		}
	}
	return e.Field
}
