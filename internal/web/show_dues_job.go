package web

import (
	"encoding/json"
	"net/http"
	"net/url"

	"dangjian/internal/dues"
)

// duesJobData is a dues job's page: a generation's progress, then its counts.
type duesJobData struct {
	duesPage
	Job      *dues.JobStatus
	Finished bool
	Result   *dues.GenerateResult
	BillsURL string
}

// showDuesJob shows a bill generation running as a job; the status card polls itself.
func (h *handler) showDuesJob(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.set.Dues.Job(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if st.Kind == dues.KindImport {
		h.redirect(w, r, "/dues/imports/"+itoa64(id))
		return
	}
	d := &duesJobData{duesPage: duesPage{h.page(r, "web.dues.job.title")}, Job: st,
		Finished: st.Status == "done" || st.Status == "failed"}
	if len(st.Result) > 0 {
		var res dues.GenerateResult
		if json.Unmarshal(st.Result, &res) == nil {
			d.Result = &res
			d.BillsURL = "/dues/bills?" + url.Values{"org_id": {itoa64(res.OrgID)}, "month": {res.Month}}.Encode()
		}
	}
	if isHTMX(r) {
		h.fragment(w, r, http.StatusOK, "dues_job", "dues_job_status", d)
		return
	}
	h.html(w, r, http.StatusOK, "dues_job", d)
}
