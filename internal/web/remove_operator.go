package web

import (
	"net/http"
)

// removeOperator unlinks an operator from the merchant.
func (h *handler) removeOperator(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	userID, err := pathID(r, "user")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.set.Redemption.RemoveOperator(r.Context(), actor(r), id, userID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/merchants/"+itoa64(id)+"?saved=1")
}
