package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// createReward adds a reward to the merchant.
func (h *handler) createReward(w http.ResponseWriter, r *http.Request) {
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
		h.renderMerchant(w, r, status, &merchantData{RewardForm: f})
	}
	in, bad := rewardInput(f)
	if len(bad) > 0 {
		rerender(http.StatusUnprocessableEntity, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: bad})
		return
	}
	in.MerchantID = &id
	if _, err := h.set.Redemption.CreateReward(r.Context(), actor(r), in); err != nil {
		h.failForm(w, r, err, rerender)
		return
	}
	h.redirect(w, r, "/merchants/"+itoa64(id)+"?saved=1")
}
