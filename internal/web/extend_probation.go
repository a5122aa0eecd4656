package web

import (
	"net/http"

	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// extendProbation extends a probationary member's probation once (6–12 months).
func (h *handler) extendProbation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rerender := func(status int, e *domain.Error) {
		f.setError(h.page(r, ""), e, "months", "decided_on", "reason")
		h.renderApplicant(w, r, id, status, applicantForms{Extend: f})
	}
	if bad := badNumbers(f, "months"); len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	_, err = h.set.Development.ExtendProbation(r.Context(), actor(r), id, development.ExtendInput{
		Months: number(f, "months"), DecidedOn: f.Get("decided_on"), Reason: f.Get("reason")})
	if err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/applicants/"+itoa64(id)+"?saved=1")
}
