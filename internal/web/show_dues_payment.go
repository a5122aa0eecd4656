package web

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// duesPaymentData is one payment: the receipt, with the refund form for the branch when
// bills were overpaid.
type duesPaymentData struct {
	duesView
	P         *domain.DuesPayment
	CanRefund bool
	Key       string
	Error     string
	Form      *Form
}

// Payer is who paid: the payer named, or the bills' members themselves.
func (d *duesPaymentData) Payer() string {
	if d.P.PayerName != "" {
		return d.P.PayerName
	}
	return d.T("web.duespay.receipt.members_themselves")
}

// ForAnother reports whether the payer paid for someone else (代缴).
func (d *duesPaymentData) ForAnother() bool {
	if d.P.PayerMemberID == 0 {
		return false
	}
	for _, it := range d.P.Items {
		if it.MemberID != d.P.PayerMemberID {
			return true
		}
	}
	return false
}

// showDuesPayment is the receipt of a payment, for the payer, the bills' members and the
// dues readers of their organisations.
func (h *handler) showDuesPayment(w http.ResponseWriter, r *http.Request) {
	h.renderDuesPayment(w, r, http.StatusOK, newForm(nil), "")
}

func (h *handler) renderDuesPayment(w http.ResponseWriter, r *http.Request, status int, f *Form, errMsg string) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := actor(r)
	p, err := h.set.DuesPay.Payment(r.Context(), a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &duesPaymentData{duesView: duesView{h.page(r, "web.duespay.receipt.title")}, P: p, Key: duesFormKey(),
		Error: errMsg, Form: f}
	if p.OverpaidFen() > 0 {
		d.CanRefund = true
		for _, it := range p.Items {
			if !a.Can(auth.DuesManage, it.OrgPath) {
				d.CanRefund = false
			}
		}
	}
	h.html(w, r, status, "dues_payment", d)
}
