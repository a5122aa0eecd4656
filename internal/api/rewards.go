package api

import (
	"net/http"

	"dangjian/internal/redemption"
)

// createReward adds a reward to a merchant: {merchant_id, name, cost, stock,
// per_member_limit, limit_period, …} → 201 with it.
func (h *handler) createReward(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeRewardRequest(r.Body, true)
	if err != nil {
		return err
	}
	rw, err := h.set.Redemption.CreateReward(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/rewards/"+formatID(rw.ID))
	writeJSON(w, http.StatusCreated, rewardView(rw))
	return nil
}

// listRewards is the catalogue the caller sees, in id order: a member the rewards of their
// alliances redeemable today; managers, readers and operators every reward of the merchants
// they see. ?merchant_id=&available=1 (only those redeemable today) &limit=&cursor=.
func (h *handler) listRewards(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	f := redemption.RewardFilter{MerchantID: p.id("merchant_id"), Available: p.flag("available"), AfterID: p.cursor(),
		Limit: fetchSize(limit)}
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.Redemption.Rewards(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	list, more := trimPage(list, limit)
	next := ""
	if more && len(list) > 0 {
		next = encodeCursor(list[len(list)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(rewardViews(list), next))
	return nil
}

// getReward answers one reward to whoever sees it in the catalogue.
func (h *handler) getReward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "reward")
	if err != nil {
		return err
	}
	rw, err := h.set.Redemption.Reward(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rewardView(rw))
	return nil
}

// updateReward changes the given fields of a reward (stock, cost, limits, window, status);
// holds already made keep their cost. 200 with it.
func (h *handler) updateReward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "reward")
	if err != nil {
		return err
	}
	in, err := decodeRewardRequest(r.Body, false)
	if err != nil {
		return err
	}
	rw, err := h.set.Redemption.UpdateReward(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rewardView(rw))
	return nil
}
