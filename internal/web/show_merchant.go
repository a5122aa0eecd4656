package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// merchantData is one merchant: its details (editable by the alliance's managers), its
// rewards with the form that adds one (managers and the merchant's operators), its
// operators, and its recent redemptions.
type merchantData struct {
	*Page
	Merchant    *domain.Merchant
	Form        *Form // the merchant's details
	RewardForm  *Form
	Rewards     []domain.Reward
	Operators   []domain.MerchantOperator
	OpForm      *Form
	Redemptions []domain.Redemption
	CanManage   bool
	CanRewards  bool
	Saved       bool
}

func (h *handler) showMerchant(w http.ResponseWriter, r *http.Request) {
	h.renderMerchant(w, r, http.StatusOK, &merchantData{})
}

func (h *handler) renderMerchant(w http.ResponseWriter, r *http.Request, status int, d *merchantData) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	m, err := h.set.Redemption.Merchant(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Page, d.Merchant = h.page(r, "web.merchant.title", m.Name), m
	d.Saved = r.URL.Query().Get("saved") != ""
	d.CanManage = a.Can(auth.RedemptionManage, m.OrgPath)
	d.CanRewards = d.CanManage
	if !d.CanRewards {
		mine, err := h.set.Redemption.MyMerchants(ctx, a)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, x := range mine {
			d.CanRewards = d.CanRewards || x.ID == m.ID
		}
	}
	if d.Form == nil {
		d.Form = newForm(merchantValues(m))
	}
	if d.RewardForm == nil {
		d.RewardForm = newForm(url.Values{"limit_period": {domain.LimitEver}, "stock": {"0"}, "per_member_limit": {"0"}})
	}
	if d.OpForm == nil {
		d.OpForm = newForm(nil)
	}
	if d.Rewards, err = h.set.Redemption.Rewards(ctx, a, redemption.RewardFilter{MerchantID: m.ID, Limit: 500}); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.CanRewards {
		if d.Operators, err = h.set.Redemption.Operators(ctx, a, m.ID); err != nil {
			h.fail(w, r, err)
			return
		}
		if d.Redemptions, err = h.set.Redemption.MerchantRedemptions(ctx, a, m.ID, redemption.ListFilter{Limit: 20}); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, status, "merchant", d)
}
