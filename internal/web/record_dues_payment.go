package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
)

// recordDuesPayment records a cash or transfer payment of the ticked bills (form fields
// bill_id, method, payer_member_id, override_reason, note, key), then goes back to return_to
// (a bills page that includes the action bar) or to the record page.
func (h *handler) recordDuesPayment(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var payer int64
	if v := strings.TrimSpace(f.Get("payer_member_id")); v != "" {
		if payer, err = strconv.ParseInt(v, 10, 64); err != nil || payer <= 0 {
			p := h.page(r, "")
			e := &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"payer_member_id": "err.not_found.member"}}
			f.setError(p, e)
			h.renderDuesRecord(w, r, http.StatusUnprocessableEntity, f.Get("org_id"), f.Get("month"), f, duesErrorText(p, e), 0)
			return
		}
	}
	res, err := h.set.DuesPay.Pay(r.Context(), actor(r), duespay.PayInput{BillIDs: formIDs(f.Values["bill_id"]),
		Method: f.Get("method"), PayerMemberID: payer, OverrideReason: f.Get("override_reason"), Note: f.Get("note"),
		IdempotencyKey: f.Get("key")})
	if err != nil {
		if !shownOnPage(err) {
			h.fail(w, r, err)
			return
		}
		e, _ := domain.AsError(err)
		p := h.page(r, "")
		f.setError(p, e)
		h.renderDuesRecord(w, r, statusOf(e.Code), f.Get("org_id"), f.Get("month"), f, duesErrorText(p, err), 0)
		return
	}
	id := strconv.FormatInt(res.Payment.ID, 10)
	if back := f.Get("return_to"); back != "" && safeNext(back) == back {
		sep := "?"
		if strings.Contains(back, "?") {
			sep = "&"
		}
		h.redirect(w, r, back+sep+"recorded="+id)
		return
	}
	h.redirect(w, r, "/dues/payments/"+id)
}
