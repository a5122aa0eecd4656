package web

import (
	"net/http"

	"dangjian/internal/roster"
	"dangjian/internal/store"
)

// exportData is a large export's page: progress, then the download link.
type exportData struct {
	*Page
	Job      *roster.ExportStatus
	Percent  int
	Finished bool
	Done     bool
}

const exportStatusTarget = "export-status"

func (h *handler) showExport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.set.Roster.Export(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &exportData{Page: h.page(r, "web.export.title"), Job: st, Done: st.Status == store.JobDone,
		Finished: st.Status == store.JobDone || st.Status == store.JobFailed}
	switch {
	case d.Finished:
		d.Percent = 100
	case st.TotalRows > 0:
		d.Percent = min(100, st.ProcessedRows*100/st.TotalRows)
	}
	if wantsFragment(r, exportStatusTarget) {
		h.fragment(w, r, http.StatusOK, "export", "export_status", d)
		return
	}
	h.html(w, r, http.StatusOK, "export", d)
}
