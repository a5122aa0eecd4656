package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// rewardsData is the member's reward catalogue (积分兑换): what the alliances of their
// branch offer today, with cost and stock, beside their reward balance. Each reward's
// redeem form carries its own Idempotency-Key.
type rewardsData struct {
	*Page
	Balance domain.Points
	Rewards []rewardOffer
	NextURL string
}

// rewardOffer is a reward with its redeem form (and why a redemption was refused).
type rewardOffer struct {
	domain.Reward
	Form       *Form
	Affordable bool
}

const rewardsPage = 50

func (h *handler) listRewards(w http.ResponseWriter, r *http.Request) {
	h.renderRewards(w, r, http.StatusOK, nil)
}

// renderRewards shows the catalogue; refused, when given, is the form of a redemption that
// was refused, shown on its reward with the message.
func (h *handler) renderRewards(w http.ResponseWriter, r *http.Request, status int, refused *Form) {
	ctx, a := r.Context(), actor(r)
	if a.MemberID() == 0 {
		h.errorPage(w, r, http.StatusNotFound, "web.points.no_member")
		return
	}
	acc, err := h.set.Points.Account(ctx, a, domain.SubjectMember, a.MemberID(), 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	list, err := h.set.Redemption.Rewards(ctx, a, redemption.RewardFilter{Available: true, AfterID: queryID(q.Get("cursor")), Limit: rewardsPage + 1})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &rewardsData{Page: h.page(r, "web.reward.list_title"), Balance: acc.RewardBalance}
	if len(list) > rewardsPage {
		list = list[:rewardsPage]
		d.NextURL = listURL("/rewards", q, list[len(list)-1].ID)
	}
	for _, rw := range list {
		f := newForm(url.Values{"reward_id": {itoa64(rw.ID)}, "idempotency_key": {newIdempotencyKey()}})
		if refused != nil && refused.Get("reward_id") == itoa64(rw.ID) {
			f = refused
		}
		d.Rewards = append(d.Rewards, rewardOffer{Reward: rw, Form: f, Affordable: rw.Cost <= acc.RewardBalance && rw.Stock > 0})
	}
	h.html(w, r, status, "rewards", d)
}
