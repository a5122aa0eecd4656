package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// redemptionsData is the member's own redemptions (我的兑换), newest first.
type redemptionsData struct {
	*Page
	Redemptions []domain.Redemption
	NextURL     string
	Card        *domain.AllianceCard
}

const redemptionsPage = 30

func (h *handler) listRedemptions(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	list, err := h.set.Redemption.MyRedemptions(ctx, a, redemption.ListFilter{BeforeID: queryID(q.Get("cursor")), Limit: redemptionsPage + 1})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &redemptionsData{Page: h.page(r, "web.redeem.list_title")}
	if len(list) > redemptionsPage {
		list = list[:redemptionsPage]
		d.NextURL = listURL("/redemptions", q, list[len(list)-1].ID)
	}
	d.Redemptions = list
	if a.MemberID() != 0 {
		if d.Card, err = h.set.Redemption.Card(ctx, a, a.MemberID()); err != nil && domain.ErrorCode(err) != domain.ENotFound {
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, http.StatusOK, "redemptions", d)
}
