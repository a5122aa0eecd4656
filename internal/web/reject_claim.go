package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// rejectClaim rejects one claim with a reason; a missing reason comes back beside the field.
func (h *handler) rejectClaim(w http.ResponseWriter, r *http.Request) {
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
	if _, err := h.set.Points.RejectClaim(r.Context(), actor(r), id, f.Get("reason")); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "reason")
			h.renderClaim(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/claims/"+itoa64(id)+"?saved=1")
}
