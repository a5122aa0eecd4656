package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// cancelRedemption cancels a held redemption: the points come back.
func (h *handler) cancelRedemption(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Redemption.Cancel(r.Context(), actor(r), id, f.Get("reason")); err != nil {
		h.failOnForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "reason")
			h.renderRedemption(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/redemptions/"+itoa64(id))
}
