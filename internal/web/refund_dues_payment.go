package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
)

// refundDuesPayment refunds the overpaid bills of a payment (form: reason, key), through the
// provider for online payments, and shows the receipt again.
func (h *handler) refundDuesPayment(w http.ResponseWriter, r *http.Request) {
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
	_, err = h.set.DuesPay.Refund(r.Context(), actor(r), duespay.RefundInput{PaymentID: id, Reason: f.Get("reason"),
		IdempotencyKey: f.Get("key")})
	if err != nil {
		if !shownOnPage(err) {
			h.fail(w, r, err)
			return
		}
		e, _ := domain.AsError(err)
		p := h.page(r, "")
		f.setError(p, e)
		h.renderDuesPayment(w, r, statusOf(e.Code), f, duesErrorText(p, err))
		return
	}
	h.redirect(w, r, "/dues/payments/"+strconv.FormatInt(id, 10))
}
