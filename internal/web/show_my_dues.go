package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
)

// myDuesData is 我的党费: the member's unpaid bills (pay online), paying for another member
// (代缴), and the payment history with receipts.
type myDuesData struct {
	duesView
	Unpaid   []duespay.Bill
	Settled  []duespay.Bill // paid or exempt, latest month first
	Payments []domain.DuesPayment
	Open     []domain.DuesPayment // the member's own pending online orders: continue or cancel
	Online   bool
	Key      string
	Flash    string
	Error    string

	// 代缴: the member looked up by id and name, and their payable bills.
	ForID, ForName string
	ForBills       []duespay.Bill
	ForSearched    bool
	ForError       string
	ForKey         string
}

// UnpaidFen is the sum of the unpaid bills that can be paid online.
func (d *myDuesData) UnpaidFen() int64 {
	var n int64
	for _, b := range d.Unpaid {
		if b.Payable {
			n += b.AmountFen
		}
	}
	return n
}

// showMyDues is 我的党费; ?testpay=paid|cancelled after the cashier, ?for_id=&for_name= to
// look up another member's bills for 代缴.
func (h *handler) showMyDues(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	h.renderMyDues(w, r, http.StatusOK, q.Get("for_id"), q.Get("for_name"), "", "")
}

// renderMyDues renders the page with an error for the own bills (errMsg) or for the 代缴
// section (forErr).
func (h *handler) renderMyDues(w http.ResponseWriter, r *http.Request, status int, forID, forName, errMsg, forErr string) {
	ctx, a := r.Context(), actor(r)
	d := &myDuesData{duesView: duesView{h.page(r, "web.duespay.my.title")}, Online: h.set.DuesPay.OnlineEnabled(),
		Key: duesFormKey(), ForKey: duesFormKey(), Error: errMsg, ForError: forErr,
		ForID: strings.TrimSpace(forID), ForName: strings.TrimSpace(forName)}
	bills, err := h.set.DuesPay.MyBills(ctx, a, "")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, b := range bills {
		if b.Status == domain.DuesUnpaid {
			d.Unpaid = append(d.Unpaid, b)
		} else {
			d.Settled = append(d.Settled, b)
		}
	}
	if d.Payments, err = h.set.DuesPay.MyPayments(ctx, a, 0, 50); err != nil {
		h.fail(w, r, err)
		return
	}
	switch r.URL.Query().Get("testpay") {
	case "paid":
		d.Flash = d.T("web.duespay.my.paid")
	case "cancelled":
		d.Flash = d.T("web.duespay.my.cancelled")
	}
	if r.URL.Query().Get("order") == "cancelled" {
		d.Flash = d.T("web.duespay.my.order_cancelled")
	}
	for _, p := range d.Payments {
		if p.Method == domain.PayOnline && p.Status == domain.PaymentPending && p.PayerMemberID == a.MemberID() {
			d.Open = append(d.Open, p)
		}
	}
	if d.ForID != "" || d.ForName != "" {
		d.ForSearched = true
		id, _ := strconv.ParseInt(d.ForID, 10, 64)
		list, err := h.set.DuesPay.Payable(ctx, a, id, d.ForName)
		switch {
		case err == nil:
			d.ForBills = list
		case shownOnPage(err):
			if d.ForError == "" {
				d.ForError = duesErrorText(d.Page, err)
			}
		default:
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, status, "my_dues", d)
}
