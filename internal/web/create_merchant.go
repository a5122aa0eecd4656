package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// createMerchant adds a merchant to an alliance and opens it, to add its rewards.
func (h *handler) createMerchant(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.set.Redemption.CreateMerchant(r.Context(), actor(r), merchantInput(f))
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, merchantFields...)
			h.renderMerchants(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/merchants/"+itoa64(m.ID)+"?saved=1")
}
