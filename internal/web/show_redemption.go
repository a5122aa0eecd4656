package web

import (
	"net/http"

	"dangjian/internal/domain"
)

// redemptionData is one redemption: for the member, while it is held, the QR code and the
// code in large letters to show at the counter, when it expires, and the cancel button.
type redemptionData struct {
	*Page
	R          *domain.Redemption
	Own        bool
	IsOperator bool // the viewer serves the merchant: the confirm button
	Form       *Form
}

func (h *handler) showRedemption(w http.ResponseWriter, r *http.Request) {
	h.renderRedemption(w, r, http.StatusOK, newForm(nil))
}

func (h *handler) renderRedemption(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	red, err := h.set.Redemption.Get(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &redemptionData{Page: h.page(r, "web.redeem.title"), R: red, Own: red.MemberID == a.MemberID(), Form: f}
	if d.IsOperator, err = h.servesMerchant(r, red.MerchantID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, status, "redemption", d)
}

// servesMerchant reports whether the signed-in user is an operator of the merchant (only
// to decide what to show: the service checks again when they act).
func (h *handler) servesMerchant(r *http.Request, merchantID int64) (bool, error) {
	mine, err := h.set.Redemption.MyMerchants(r.Context(), actor(r))
	if err != nil {
		return false, err
	}
	for _, m := range mine {
		if m.ID == merchantID {
			return true, nil
		}
	}
	return false, nil
}
