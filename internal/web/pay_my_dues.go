package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
)

// payMyDues pays the chosen bills online — the member's own, or another member's when the
// form names them (payee_name, 代缴) — and sends the payer to the provider's cashier.
func (h *handler) payMyDues(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	payee := f.Get("payee_name")
	res, err := h.set.DuesPay.Pay(r.Context(), actor(r), duespay.PayInput{BillIDs: formIDs(f.Values["bill_id"]),
		Method: domain.PayOnline, PayeeName: payee, ReturnURL: "/my/dues", BaseURL: duesBase(r),
		IdempotencyKey: f.Get("key")})
	if err != nil {
		if !shownOnPage(err) {
			h.fail(w, r, err)
			return
		}
		e, _ := domain.AsError(err)
		msg := duesErrorText(h.page(r, ""), err)
		if payee != "" {
			h.renderMyDues(w, r, statusOf(e.Code), f.Get("for_id"), payee, "", msg)
		} else {
			h.renderMyDues(w, r, statusOf(e.Code), "", "", msg, "")
		}
		return
	}
	p := res.Payment
	if p.Status == domain.PaymentPending && p.PayURL != "" {
		h.redirect(w, r, p.PayURL)
		return
	}
	h.redirect(w, r, "/dues/payments/"+strconv.FormatInt(p.ID, 10))
}
