package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// updateReward changes a reward (stock, cost, limits, window, status).
func (h *handler) updateReward(w http.ResponseWriter, r *http.Request) {
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
		f.setError(h.page(r, ""), e, rewardFields...)
		h.renderReward(w, r, status, &rewardData{Form: f})
	}
	in, bad := rewardInput(f)
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	if _, err := h.set.Redemption.UpdateReward(r.Context(), actor(r), id, in); err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/rewards/"+itoa64(id)+"?saved=1")
}
