package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// rewardData is one reward: to a member, what it is and the redeem button; to the
// alliance's managers and the merchant's operators, its edit form.
type rewardData struct {
	*Page
	Reward  *domain.Reward
	Form    *Form
	CanEdit bool
	Balance *domain.Points // the member's reward balance
	Redeem  *Form          // the redeem form (its Idempotency-Key), and why it was refused
	Saved   bool
}

func (h *handler) showReward(w http.ResponseWriter, r *http.Request) {
	h.renderReward(w, r, http.StatusOK, &rewardData{})
}

func (h *handler) renderReward(w http.ResponseWriter, r *http.Request, status int, d *rewardData) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	rw, err := h.set.Redemption.Reward(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Page, d.Reward = h.page(r, "web.reward.title", rw.Name), rw
	d.Saved = r.URL.Query().Get("saved") != ""
	m, err := h.set.Redemption.Merchant(ctx, a, rw.MerchantID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanEdit = a.Can(auth.RedemptionManage, m.OrgPath)
	if !d.CanEdit {
		mine, err := h.set.Redemption.MyMerchants(ctx, a)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, x := range mine {
			d.CanEdit = d.CanEdit || x.ID == m.ID
		}
	}
	if d.Form == nil {
		d.Form = newForm(rewardValues(rw))
	}
	if a.MemberID() != 0 {
		acc, err := h.set.Points.Account(ctx, a, domain.SubjectMember, a.MemberID(), 0)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Balance = &acc.RewardBalance
		if d.Redeem == nil {
			d.Redeem = newForm(url.Values{"reward_id": {itoa64(rw.ID)}, "idempotency_key": {newIdempotencyKey()}})
		}
	}
	h.html(w, r, status, "reward", d)
}
