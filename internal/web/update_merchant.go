package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// updateMerchant changes a merchant's details (or suspends it).
func (h *handler) updateMerchant(w http.ResponseWriter, r *http.Request) {
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
	in := merchantInput(f)
	in.OrgID = nil // the alliance does not change here
	if _, err := h.set.Redemption.UpdateMerchant(r.Context(), actor(r), id, in); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, merchantFields...)
			h.renderMerchant(w, r, status, &merchantData{Form: f})
		})
		return
	}
	h.redirect(w, r, "/merchants/"+itoa64(id)+"?saved=1")
}
