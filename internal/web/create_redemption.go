package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// createRedemption redeems a reward for the signed-in member with the form's
// Idempotency-Key (a double tap redeems once) and shows the held redemption with its code.
// A refusal (balance, stock, limit) comes back on the reward with the message.
func (h *handler) createRedemption(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res, err := h.set.Redemption.Redeem(r.Context(), actor(r), redemption.RedeemInput{RewardID: queryID(f.Get("reward_id")),
		IdempotencyKey: f.Get("idempotency_key")})
	if err != nil {
		h.failOnForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e)
			if f.Get("back") == "reward" {
				r.SetPathValue("id", f.Get("reward_id"))
				h.renderReward(w, r, status, &rewardData{Redeem: f})
				return
			}
			h.renderRewards(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, "/redemptions/"+itoa64(res.Redemption.ID))
}
