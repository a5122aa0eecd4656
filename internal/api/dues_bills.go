package api

import (
	"encoding/json"
	"net/http"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/i18n"
)

// duesGenerateRequest is the body of POST /dues/bills/generate.
type duesGenerateRequest struct {
	OrgID ID     `json:"org_id"`
	Month string `json:"month"`
}

// generateDuesBills makes the month's bills for an organisation's subtree, idempotently per
// member and month: 200 with the counts when done in the request, 202 with job_id when the
// scope is large and runs as a job (poll GET /dues/jobs/{id}).
func (h *handler) generateDuesBills(w http.ResponseWriter, r *http.Request) error {
	var req duesGenerateRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	var v domain.Validation
	in := dues.GenerateInput{OrgID: requiredID(req.OrgID, "org_id", &v), Month: req.Month}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := h.set.Dues.Generate(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.JobID != 0 {
		status = http.StatusAccepted
		w.Header().Set("Location", base+"/dues/jobs/"+formatID(res.JobID))
	}
	writeJSON(w, status, duesGenerateView(res))
	return nil
}

// listDuesBills lists bills in id order: ?org_id= (its subtree)&month=&status=&member_id=
// &limit=&cursor=. A member without a grant sees their own.
func (h *handler) listDuesBills(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	month := strings.TrimSpace(r.URL.Query().Get("month"))
	if month != "" && domain.CheckMonth(month) != "" {
		p.problem("month", "err.month_yyyy_mm")
	}
	f := dues.BillFilter{OrgID: p.id("org_id"), Month: month, Status: p.choice("status", domain.DuesBillStatuses),
		MemberID: p.id("member_id"), AfterID: p.cursor(), Limit: p.limit()}
	if err := p.err(); err != nil {
		return err
	}
	items, next, err := h.set.Dues.Bills(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	out := make([]duesBillJSON, len(items))
	for i := range items {
		out[i] = duesBillView(&items[i])
	}
	writeJSON(w, http.StatusOK, newList(out, encodeCursor(next)))
	return nil
}

// getDuesBill answers one bill.
func (h *handler) getDuesBill(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "dues_bill")
	if err != nil {
		return err
	}
	b, err := h.set.Dues.Bill(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, duesBillView(b))
	return nil
}

// getDuesJob answers a dues job (a bill generation or a payroll import) for polling. Only
// whoever started it (and admins) see it.
func (h *handler) getDuesJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "dues_job")
	if err != nil {
		return err
	}
	st, err := h.set.Dues.Job(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	locale := i18n.FromRequest(r)
	out := duesJobJSON{ID: jsonID(st.ID), Kind: st.Kind, Status: st.Status, Phase: st.Phase, Percent: st.Percent,
		TotalRows: st.Total, ProcessedRows: st.Processed, Error: h.message(locale, st.Error, nil),
		CreatedAt: stamp(st.CreatedAt), FinishedAt: optionalStamp(st.FinishedAt)}
	if st.Kind == dues.KindGenerate && len(st.Result) > 0 {
		var res dues.GenerateResult
		if json.Unmarshal(st.Result, &res) == nil {
			g := duesGenerateView(&res)
			out.Generation = &g
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
