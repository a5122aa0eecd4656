package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// returnFundEntry returns a spending request with a reason.
func (h *handler) returnFundEntry(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Funds.Return(r.Context(), actor(r), id, f.Get("reason")); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "reason")
			h.renderFundEntry(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, decidedNext(f.Get("next"), id))
}
