package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
)

// duesPaymentsData is the branch's list of payments with filters.
type duesPaymentsData struct {
	duesView
	Payments []domain.DuesPayment
	OrgID    string
	Month    string
	Method   string
	Status   string
	NextURL  string
}

const duesPaymentsPage = 50

// listDuesPayments lists the payments with a bill in the caller's dues scope, newest first;
// ?org_id=&month=&method=&status=&before=.
func (h *handler) listDuesPayments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &duesPaymentsData{duesView: duesView{h.page(r, "web.duespay.payments.title")},
		OrgID: strings.TrimSpace(q.Get("org_id")), Month: strings.TrimSpace(q.Get("month")),
		Method: q.Get("method"), Status: q.Get("status")}
	f := duespay.PaymentFilter{Month: d.Month, Limit: duesPaymentsPage + 1}
	f.OrgID, _ = strconv.ParseInt(d.OrgID, 10, 64)
	if domain.Contains(domain.PayMethods, d.Method) {
		f.Method = d.Method
	}
	if domain.Contains(domain.PaymentStatuses, d.Status) {
		f.Status = d.Status
	}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	list, err := h.set.DuesPay.Payments(r.Context(), actor(r), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(list) > duesPaymentsPage {
		list = list[:duesPaymentsPage]
		next := url.Values{}
		for k, v := range map[string]string{"org_id": d.OrgID, "month": d.Month, "method": f.Method, "status": f.Status} {
			if v != "" {
				next.Set(k, v)
			}
		}
		next.Set("before", strconv.FormatInt(list[len(list)-1].ID, 10))
		d.NextURL = "/dues/payments?" + next.Encode()
	}
	d.Payments = list
	h.html(w, r, http.StatusOK, "dues_payments", d)
}
