package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/points"
)

// decideClaims approves or rejects the ticked claims of the queue, each on its own (one that
// fails does not hold up the others). All decided: back to the queue with the count; some
// not: the queue again, listing those and why.
func (h *handler) decideClaims(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ids := idList(f.Values["ids"])
	d := &approvalsData{Form: f}
	p := h.page(r, "")
	if len(ids) == 0 {
		f.Message = p.T("web.approvals.none_ticked")
		h.renderApprovals(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	var outcomes []points.BulkOutcome
	switch f.Get("action") {
	case "approve":
		outcomes = h.set.Points.ApproveClaims(r.Context(), actor(r), ids)
	case "reject":
		if f.Get("reason") == "" {
			f.setError(p, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"reason": "err.required"}}, "reason")
			h.renderApprovals(w, r, http.StatusUnprocessableEntity, d)
			return
		}
		outcomes = h.set.Points.RejectClaims(r.Context(), actor(r), ids, f.Get("reason"))
	default:
		h.fail(w, r, domain.Errorf(domain.EBadRequest, "err.bad_request"))
		return
	}
	for _, o := range outcomes {
		if o.Err == nil {
			d.Decided++
			continue
		}
		e, ok := domain.AsError(o.Err)
		if !ok {
			h.fail(w, r, o.Err)
			return
		}
		d.Failures = append(d.Failures, bulkFailure{ID: o.ID, Message: p.T(e.Message, e.Args...)})
	}
	if len(d.Failures) == 0 {
		h.redirect(w, r, approvalsURL(f, d.Decided))
		return
	}
	h.renderApprovals(w, r, http.StatusOK, d)
}
