package web

import (
	"net/http"

	"dangjian/internal/domain"
)

type fundApprovalsData struct {
	FundsPage
	Items []domain.FundEntry
}

// listFundApprovals is the queue of spending requests waiting for the caller's decision,
// with approve and return beside each. Who: funds.approve.
func (h *handler) listFundApprovals(w http.ResponseWriter, r *http.Request) {
	items, err := h.set.Funds.Approvals(r.Context(), actor(r), 500)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, http.StatusOK, "funds_approvals", &fundApprovalsData{FundsPage: FundsPage{h.page(r, "web.funds.approvals_title")}, Items: items})
}
