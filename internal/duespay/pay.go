package duespay

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// MaxBills bounds the bills of one payment (ten years of one member, or a large branch's month).
const MaxBills = 500

// Idempotency scopes of this package.
const (
	scopePay    = "dues.pay"
	scopeRefund = "dues.refund"
)

// PayInput is a payment of one or several bills (API.md: {bill_ids[], method,
// payer_member_id}).
type PayInput struct {
	BillIDs []int64 `json:"bill_ids"`
	Method  string  `json:"method"` // cash, transfer, online
	// PayerMemberID is who paid: for cash and transfer any member (optional: the bills'
	// members themselves); online always the caller's own member (optional).
	PayerMemberID int64 `json:"payer_member_id"`
	// PayeeName is the name of the member whose bills are paid online for another (代缴): the
	// payer must know whom they pay for.
	PayeeName string `json:"payee_name"`
	// OverrideReason is required when a bill lies beyond the back-payment limit (rule
	// dues.backpay); only cash and transfer by a secretary can carry it.
	OverrideReason string `json:"override_reason"`
	Note           string `json:"note"`
	// Provider names the online provider; empty: the default.
	Provider string `json:"provider"`
	// ReturnURL is where the provider sends the payer back: a path on this site ("/my/dues").
	ReturnURL string `json:"return_url"`
	// BaseURL is the request's scheme://host, used for the notify and return URLs when the
	// service has no PublicURL.
	BaseURL        string `json:"-"`
	IdempotencyKey string `json:"-"`
}

// PayResult is a payment with whether an Idempotency-Key replayed it.
type PayResult struct {
	Payment  *domain.DuesPayment
	Replayed bool
}

// Pay pays bills. Cash and transfer are recorded by a secretary and pay the bills at once;
// online creates a pending payment and an order at the provider (Payment.PayURL is where the
// payer pays) and the bills are paid when the provider's signed notification arrives. A bill is
// paid exactly once: concurrent payments of the same bill get EConflict, except that the same
// Idempotency-Key with the same input returns the first payment (Replayed). Bills paid on time
// score points (rule dues.on_time) in the same transaction.
//
// Who: cash and transfer — dues.manage over every bill's organisation; online — a member for
// their own bills, or for another member's bills naming that member (PayeeName, 代缴).
// Errors: EForbidden, ENotFound (a bill), EInvalid (bill_ids, method, payer_member_id,
// override_reason — bills beyond the back-payment limit need one —, note, return_url;
// online bills beyond the limit), EConflict (a bill paid already or exempt; the key reused
// with another input).
func (s *Service) Pay(ctx context.Context, a *auth.Actor, in PayInput) (*PayResult, error) {
	v := &domain.Validation{}
	if !slices.Contains(domain.PayMethods, in.Method) {
		v.Add("method", "err.choice")
	}
	ids := slices.Clone(in.BillIDs)
	slices.Sort(ids)
	switch {
	case len(ids) == 0:
		v.Add("bill_ids", "err.required")
	case len(ids) > MaxBills:
		v.Add("bill_ids", "err.duespay.too_many")
	case len(slices.Compact(slices.Clone(ids))) != len(ids):
		v.Add("bill_ids", "err.duespay.duplicate_bill")
	case ids[0] <= 0:
		v.Add("bill_ids", "err.required")
	}
	reason, ok := text(in.OverrideReason, 500)
	if !ok {
		v.Add("override_reason", "err.too_long")
	}
	note, ok := text(in.Note, 500)
	if !ok {
		v.Add("note", "err.too_long")
	}
	if len(in.IdempotencyKey) > 200 {
		v.Add("idempotency_key", "err.too_long")
	}
	in.OverrideReason, in.Note = reason, note
	var prov Provider
	if in.Method == domain.PayOnline {
		if a.MemberID() == 0 {
			return nil, &domain.Error{Code: domain.EForbidden, Message: "err.duespay.no_member"}
		}
		if in.PayerMemberID != 0 && in.PayerMemberID != a.MemberID() {
			v.Add("payer_member_id", "err.duespay.payer_self")
		}
		var found bool
		if prov, found = s.defaultProvider(in.Provider); !found {
			v.Add("method", "err.duespay.online_unavailable")
		}
		if in.ReturnURL != "" && (!strings.HasPrefix(in.ReturnURL, "/") || strings.HasPrefix(in.ReturnURL, "//") ||
			strings.ContainsAny(in.ReturnURL, "\\\r\n") || len(in.ReturnURL) > 500) {
			v.Add("return_url", "err.duespay.return_url")
		}
	} else if slices.Contains(domain.PayMethods, in.Method) && len(a.Scopes(auth.DuesManage)) == 0 {
		return nil, domain.Forbidden()
	}
	if err := v.Err(); err != nil {
		return nil, err
	}

	id, replayed, err := s.once(ctx, a, scopePay, in.IdempotencyKey, in, func(q *store.Q) (int64, error) {
		return s.pay(ctx, q, a, in, ids, prov)
	})
	if err != nil {
		return nil, err
	}
	p, err := loadPayment(ctx, s.DB.Read(), id)
	if err != nil {
		return nil, err
	}
	if p.Method == domain.PayOnline && p.Status == domain.PaymentPending && p.PayURL == "" {
		if err := s.createOrder(ctx, p, in.BaseURL); err != nil {
			return nil, err
		}
	}
	return &PayResult{Payment: p, Replayed: replayed}, nil
}

// once runs fn (which returns a payment's id) in a write transaction, at most once per
// Idempotency-Key: with a key, the same key and input answer the first payment's id again
// (replayed) and another input is EConflict (store.Idempotent); without one fn just runs.
func (s *Service) once(ctx context.Context, a *auth.Actor, scope, key string, in any,
	fn func(q *store.Q) (int64, error)) (id int64, replayed bool, err error) {
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		if key == "" {
			var err error
			id, err = fn(q)
			return err
		}
		resp, replay, err := q.Idempotent(ctx, store.IdempotencyRequest{UserID: a.UserID(), Scope: scope,
			Key: key, Hash: store.RequestHash(in)}, func() (store.IdempotentResponse, error) {
			pid, err := fn(q)
			if err != nil {
				return store.IdempotentResponse{}, err
			}
			return idResponse(pid)
		})
		if err != nil {
			return err
		}
		replayed = replay
		id, err = idOf(resp)
		return err
	})
	return id, replayed, err
}

// idResponse is what an Idempotency-Key stores for a payment: its id. A replay answers the
// payment as it is now (a pending online payment may have been paid since).
func idResponse(id int64) (store.IdempotentResponse, error) {
	body, err := json.Marshal(map[string]string{"id": strconv.FormatInt(id, 10)})
	return store.IdempotentResponse{Status: 201, Body: body}, err
}

func idOf(resp store.IdempotentResponse) (int64, error) {
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(resp.Body, &v); err != nil {
		return 0, err
	}
	return strconv.ParseInt(v.ID, 10, 64)
}

// pay does the work of Pay inside the write transaction and returns the new payment's id.
func (s *Service) pay(ctx context.Context, q *store.Q, a *auth.Actor, in PayInput, ids []int64, prov Provider) (int64, error) {
	online := in.Method == domain.PayOnline
	// Lock the bills one by one in id order, so two payments of overlapping bills on
	// PostgreSQL queue instead of deadlocking.
	bills := make([]*domain.DuesBill, 0, len(ids))
	for _, bid := range ids {
		b, err := q.DuesBill(ctx, bid)
		if errors.Is(err, store.ErrNoRows) {
			return 0, &domain.Error{Code: domain.ENotFound, Message: "err.duespay.bill_not_found"}
		}
		if err != nil {
			return 0, err
		}
		bills = append(bills, b)
	}
	payee := strings.TrimSpace(in.PayeeName)
	for _, b := range bills {
		if online {
			if b.MemberID != a.MemberID() && (payee == "" || payee != b.MemberName) {
				return 0, &domain.Error{Code: domain.EForbidden, Message: "err.duespay.not_your_bill"}
			}
		} else if !a.Can(auth.DuesManage, b.OrgPath) {
			return 0, domain.Forbidden()
		}
	}
	for _, b := range bills {
		switch {
		case b.Status == domain.DuesPaid:
			return 0, conflict("err.duespay.already_paid", b.MemberName, b.Month)
		case b.Status == domain.DuesExempt || b.AmountFen <= 0:
			return 0, conflict("err.duespay.exempt", b.MemberName, b.Month)
		}
	}
	today := s.today()
	var beyond []string // months beyond the back-payment limit
	maxMonths := 0
	backpay := s.backpayRules(ctx, q, today)
	for _, b := range bills {
		rule, err := backpay(b.OrgPath)
		if err != nil {
			return 0, err
		}
		if domain.DuesMonthsBack(b.Month, today) > rule.MaxMonths {
			beyond = append(beyond, b.Month)
			maxMonths = rule.MaxMonths
		}
	}
	if len(beyond) > 0 {
		if online {
			return 0, &domain.Error{Code: domain.EInvalid, Message: "err.duespay.backpay_limit",
				Fields: map[string]string{"bill_ids": "err.duespay.backpay_limit"}, Args: []any{maxMonths}}
		}
		if in.OverrideReason == "" {
			return 0, &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
				Fields: map[string]string{"override_reason": "err.duespay.override_required"}}
		}
	}

	now := s.Now().UTC().Truncate(time.Microsecond)
	p := &domain.DuesPayment{OrgID: bills[0].OrgID, OrgPath: bills[0].OrgPath, Method: in.Method,
		RecordedBy: a.UserID(), RecordedByName: a.Name(), OverrideReason: in.OverrideReason, Note: in.Note}
	if len(beyond) == 0 {
		p.OverrideReason = "" // recorded only when it overrode something
	}
	for _, b := range bills {
		p.AmountFen += b.AmountFen
	}
	payer := in.PayerMemberID
	if online {
		payer = a.MemberID()
	}
	if payer != 0 {
		name, err := q.DuesMemberName(ctx, payer)
		if errors.Is(err, store.ErrNoRows) {
			return 0, invalid("payer_member_id", "err.not_found.member")
		}
		if err != nil {
			return 0, err
		}
		p.PayerMemberID, p.PayerName = payer, name
	}
	if online {
		p.Status, p.Provider, p.OrderNo = domain.PaymentPending, prov.Name(), newNumber("DJ", now)
		p.ExpiresAt = now.Add(s.OrderTTL)
		p.ReturnURL = in.ReturnURL
	} else {
		p.Status, p.PaidAt = domain.PaymentPaid, now
	}
	if err := q.InsertDuesPayment(ctx, p); err != nil {
		return 0, err
	}
	paidOn := domain.Today(now)
	onTime := s.onTimeRules(ctx, q, paidOn)
	for _, b := range bills {
		it := domain.DuesPaymentItem{PaymentID: p.ID, BillID: b.ID, MemberID: b.MemberID, MemberName: b.MemberName,
			OrgPath: b.OrgPath, Month: b.Month, AmountFen: b.AmountFen, Status: domain.ItemPending}
		if !online {
			done, err := q.MarkDuesBillPaid(ctx, b.ID, p.ID, now)
			if err != nil {
				return 0, err
			}
			if !done { // cannot happen under the lock above; the database has the last word
				return 0, conflict("err.duespay.already_paid", b.MemberName, b.Month)
			}
			it.Status = domain.ItemApplied
			if it.OnTime, err = isOnTime(onTime, &it, paidOn); err != nil {
				return 0, err
			}
		}
		if err := q.InsertDuesPaymentItem(ctx, &it); err != nil {
			return 0, err
		}
		p.Items = append(p.Items, it)
	}
	if err := s.awardOnTime(ctx, q, a, p, paidOn, onTime); err != nil {
		return 0, err
	}
	action := "dues.payment.record"
	if online {
		action = "dues.payment.create"
	}
	if err := record(ctx, q, a, action, p, nil, auditView(p)); err != nil {
		return 0, err
	}
	if len(beyond) > 0 {
		err := record(ctx, q, a, "dues.payment.backpay_override", p, nil, map[string]any{
			"override_reason": p.OverrideReason, "months": beyond, "max_months": maxMonths})
		if err != nil {
			return 0, err
		}
	}
	return p.ID, nil
}

// createOrder registers a pending online payment's order at its provider and stores the pay
// URL. It runs outside the payment's transaction: a provider call must not hold the writer.
func (s *Service) createOrder(ctx context.Context, p *domain.DuesPayment, requestBase string) error {
	prov, ok := s.Provider(p.Provider)
	if !ok {
		return invalid("method", "err.duespay.online_unavailable")
	}
	base := strings.TrimRight(s.PublicURL, "/")
	if base == "" {
		base = strings.TrimRight(requestBase, "/")
	}
	ret := p.ReturnURL
	if ret == "" {
		ret = "/my/dues"
	}
	subject := "党费"
	if len(p.Items) > 0 {
		subject = "党费 " + p.Items[0].Month
		if n := len(p.Items); n > 1 {
			subject += " 等" + strconv.Itoa(n) + "笔"
		}
	}
	url, err := prov.CreateOrder(ctx, Order{OrderNo: p.OrderNo, AmountFen: p.AmountFen, Subject: subject,
		NotifyURL: base + "/api/v1/dues/notify/" + prov.Name(), ReturnURL: base + ret, ExpiresAt: p.ExpiresAt})
	if err != nil {
		return err
	}
	if err := s.DB.WriteTx(ctx, func(q *store.Q) error { return q.SetDuesPaymentURL(ctx, p.ID, url) }); err != nil {
		return err
	}
	p.PayURL = url
	return nil
}

// isOnTime judges an applied item by the rule dues.on_time of its organisation (onTime:
// s.onTimeRules on paidOn).
func isOnTime(onTime func(string) (OnTimeRule, error), it *domain.DuesPaymentItem, paidOn domain.Date) (bool, error) {
	rule, err := onTime(it.OrgPath)
	if err != nil {
		return false, err
	}
	return domain.DuesPaidOnTime(it.Month, paidOn, rule.GraceDays), nil
}

// awardOnTime posts the on-time points of a payment's applied items, once per bill (dedup
// key dues:<bill id>), inside the payment's transaction, members in id order (the points
// engine locks their accounts). Points never stop a payment: an organisation whose catalogue
// has no such item, a member who left the roster, or a year whose ratings are published (the
// engine refuses with a conflict before writing anything) records the payment only.
func (s *Service) awardOnTime(ctx context.Context, q *store.Q, a *auth.Actor, p *domain.DuesPayment, paidOn domain.Date,
	onTime func(string) (OnTimeRule, error)) error {
	if s.Points == nil {
		return nil
	}
	var evs []points.EventAward
	for _, it := range p.Items {
		if it.Status != domain.ItemApplied || !it.OnTime {
			continue
		}
		rule, err := onTime(it.OrgPath)
		if err != nil {
			return err
		}
		evs = append(evs, points.EventAward{SubjectType: domain.SubjectMember, SubjectID: it.MemberID,
			IndicatorCode: rule.IndicatorCode, OccurredOn: paidOn, DedupKey: "dues:" + strconv.FormatInt(it.BillID, 10),
			Source: "dues", Ref: strconv.FormatInt(p.ID, 10), Actor: a, Note: it.Month})
	}
	slices.SortStableFunc(evs, func(x, y points.EventAward) int { return cmp.Compare(x.SubjectID, y.SubjectID) })
	for _, ev := range evs {
		on, err := q.MemberOnRoster(ctx, ev.SubjectID)
		if err != nil {
			return err
		}
		if !on {
			continue
		}
		_, err = s.Points.AwardForEvent(ctx, q, ev)
		if errors.Is(err, points.ErrNoIndicator) || domain.ErrorCode(err) == domain.EConflict {
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// newNumber is an order or refund number: prefix, the UTC time to the second, 8 random hex.
func newNumber(prefix string, t time.Time) string {
	b := make([]byte, 4)
	rand.Read(b)
	return prefix + t.UTC().Format("20060102150405") + strings.ToUpper(hex.EncodeToString(b))
}

// auditView is what the audit log keeps of a payment.
func auditView(p *domain.DuesPayment) map[string]any {
	bills := make([]map[string]any, len(p.Items))
	for i, it := range p.Items {
		bills[i] = map[string]any{"bill_id": it.BillID, "member_id": it.MemberID, "month": it.Month,
			"amount_fen": it.AmountFen, "status": it.Status, "on_time": it.OnTime}
	}
	return map[string]any{"method": p.Method, "status": p.Status, "amount_fen": p.AmountFen,
		"payer_member_id": p.PayerMemberID, "provider": p.Provider, "order_no": p.OrderNo,
		"override_reason": p.OverrideReason, "note": p.Note, "bills": bills}
}
