package api

import (
	"io"
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
)

// Payments of party dues (API.md "Dues and funds"): POST /dues/payments, the lists, the
// receipt, refunds, the member's bills and the provider's notify endpoint.

// duesPayRequest is the body of POST /dues/payments.
type duesPayRequest struct {
	BillIDs        []ID   `json:"bill_ids"`
	Method         string `json:"method"`
	PayerMemberID  ID     `json:"payer_member_id"`
	PayeeName      string `json:"payee_name"`
	OverrideReason string `json:"override_reason"`
	Note           string `json:"note"`
	Provider       string `json:"provider"`
	ReturnURL      string `json:"return_url"`
}

// ids reads a list of required ids into the field's problems.
func ids(list []ID, field string, v *domain.Validation) []int64 {
	out := make([]int64, 0, len(list))
	for _, id := range list {
		if n := idValue(id.required(field, v)); n != 0 {
			out = append(out, n)
		}
	}
	return out
}

// requestBase is scheme://host of the request, for the notify and return URLs of online
// orders when the instance has no configured public URL.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// createDuesPayment pays bills: cash or transfer recorded by the branch (paid at once), or
// online by a member (pending, with pay_url where the payer pays; paid when the provider's
// signed notification arrives). 201 with the payment and its Location. The Idempotency-Key
// header is required: the same key with the same body answers the same payment again
// (Idempotent-Replayed: true); another body 409 conflict. A bill paid already, or paid by a
// concurrent request, is 409 conflict.
func (h *handler) createDuesPayment(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var req duesPayRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := duespay.PayInput{BillIDs: ids(req.BillIDs, "bill_ids", v), Method: req.Method,
		PayerMemberID: idValue(req.PayerMemberID.optional("payer_member_id", v)), PayeeName: req.PayeeName,
		OverrideReason: req.OverrideReason, Note: req.Note, Provider: req.Provider, ReturnURL: req.ReturnURL,
		BaseURL: requestBase(r), IdempotencyKey: key}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := h.set.DuesPay.Pay(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	markReplay(w, res.Replayed)
	w.Header().Set("Location", base+"/dues/payments/"+formatID(res.Payment.ID))
	writeJSON(w, http.StatusCreated, viewDuesPayment(res.Payment))
	return nil
}

// listDuesPayments lists the payments with a bill in the caller's dues scope, newest first;
// ?org_id= (subtree), member_id= (payer or the bills' member), method=, status=, month=,
// limit=, cursor=.
func (h *handler) listDuesPayments(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	f := duespay.PaymentFilter{OrgID: p.id("org_id"), MemberID: p.id("member_id"),
		Method: p.choice("method", domain.PayMethods), Status: p.choice("status", domain.PaymentStatuses),
		Month: optionalMonth(p, "month"), BeforeID: p.cursor(), Limit: fetchSize(limit)}
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.DuesPay.Payments(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	writePayments(w, list, limit)
	return nil
}

// optionalMonth is a YYYY-MM parameter that may be absent ("").
func optionalMonth(p *params, name string) string {
	s := p.text(name)
	if s != "" && domain.CheckMonth(s) != "" {
		p.problem(name, "err.month_yyyy_mm")
		return ""
	}
	return s
}

func writePayments(w http.ResponseWriter, list []domain.DuesPayment, limit int) {
	list, more := trimPage(list, limit)
	next := ""
	if more && len(list) > 0 {
		next = encodeCursor(list[len(list)-1].ID)
	}
	views := make([]duesPaymentView, len(list))
	for i := range list {
		views[i] = viewDuesPayment(&list[i])
	}
	writeJSON(w, http.StatusOK, newList(views, next))
}

// listMyDuesPayments lists the payments the caller made or that paid the caller's bills.
func (h *handler) listMyDuesPayments(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	before := p.cursor()
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.DuesPay.MyPayments(r.Context(), actor(r), before, fetchSize(limit))
	if err != nil {
		return err
	}
	writePayments(w, list, limit)
	return nil
}

// getDuesPayment answers one payment (the receipt) to the payer, the bills' members and the
// dues readers of their organisations; 404 to anyone else.
func (h *handler) getDuesPayment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "dues_payment")
	if err != nil {
		return err
	}
	p, err := h.set.DuesPay.Payment(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewDuesPayment(p))
	return nil
}

// listMyDuesBills lists the caller's own bills, latest month first, with whether each can
// be paid online (payable) or needs the branch's override (needs_override); ?status=.
func (h *handler) listMyDuesBills(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	status := p.choice("status", domain.DuesBillStatuses)
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.DuesPay.MyBills(r.Context(), actor(r), status)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(viewPayBills(list), ""))
	return nil
}

// listPayableDuesBills lists another member's unpaid bills for paying them (代缴):
// ?member_id=&name= must both match the member.
func (h *handler) listPayableDuesBills(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	memberID := p.requiredID("member_id")
	name := p.text("name")
	if err := p.err(); err != nil {
		return err
	}
	list, err := h.set.DuesPay.Payable(r.Context(), actor(r), memberID, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(viewPayBills(list), ""))
	return nil
}

// duesRefundRequest is the body of POST /dues/refunds.
type duesRefundRequest struct {
	PaymentID ID     `json:"payment_id"`
	BillIDs   []ID   `json:"bill_ids"`
	Reason    string `json:"reason"`
}

// createDuesRefund refunds overpaid bills of a payment (all of them when bill_ids is empty),
// through the provider for online payments; 201 with the payment and its refunds. The
// Idempotency-Key header is required, as on payments.
func (h *handler) createDuesRefund(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var req duesRefundRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := duespay.RefundInput{PaymentID: requiredID(req.PaymentID, "payment_id", v), BillIDs: ids(req.BillIDs, "bill_ids", v),
		Reason: req.Reason, IdempotencyKey: key}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := h.set.DuesPay.Refund(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	markReplay(w, res.Replayed)
	w.Header().Set("Location", base+"/dues/payments/"+formatID(res.Payment.ID))
	writeJSON(w, http.StatusCreated, viewDuesPayment(res.Payment))
	return nil
}

// notifyDues receives a payment provider's notification. It is public: the provider's
// signature over the body, timestamp and nonce is the authentication. 200 {result:
// processed|already_processed} (a replay changes nothing and says already_processed); 401 for
// a bad signature or a stale timestamp, 422 when the amount is not the order's, 404 for an
// unknown provider or order.
func (h *handler) notifyDues(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10+1))
	if err != nil || len(body) > 64<<10 {
		return badRequest("api.bad_request.too_large")
	}
	res, err := h.set.DuesPay.Notify(r.Context(), r.PathValue("provider"), r.Header, body, clientIP(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, notifyView{Result: res.Outcome, PaymentID: nullID(res.PaymentID)})
	return nil
}
