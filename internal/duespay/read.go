package duespay

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Payment returns one payment with its bills and refunds (the receipt).
// Who: readers of dues over the payment's or one of its bills' organisations, the payer, and
// the members whose bills it paid. Errors: ENotFound (missing or not theirs).
func (s *Service) Payment(ctx context.Context, a *auth.Actor, id int64) (*domain.DuesPayment, error) {
	p, err := loadPayment(ctx, s.DB.Read(), id)
	if err != nil {
		return nil, err
	}
	if !canRead(a, p) {
		return nil, domain.NotFound("dues_payment")
	}
	return p, nil
}

// PaymentFilter selects payments for a list.
type PaymentFilter struct {
	OrgID    int64 // payments with a bill in the organisation's subtree
	MemberID int64 // as payer or as a bill's member
	Method   string
	Status   string
	Month    string // payments with a bill of the month
	BeforeID int64
	Limit    int
}

// Payments lists payments with a bill in the caller's dues scope, newest first.
// Who: dues.read. Errors: EForbidden (no scope), ENotFound (org outside the scope), EInvalid
// (month).
func (s *Service) Payments(ctx context.Context, a *auth.Actor, f PaymentFilter) ([]domain.DuesPayment, error) {
	scopes := a.Scopes(auth.DuesRead)
	if len(scopes) == 0 {
		return nil, domain.Forbidden()
	}
	if f.Month != "" && domain.CheckMonth(f.Month) != "" {
		return nil, invalid("month", "err.month_yyyy_mm")
	}
	q := s.DB.Read()
	sf := store.DuesPaymentFilter{Scopes: scopes, MemberID: f.MemberID, Method: f.Method, Status: f.Status,
		Month: f.Month, BeforeID: f.BeforeID, Limit: limit(f.Limit)}
	if f.OrgID != 0 {
		o, err := q.Org(ctx, f.OrgID)
		if errors.Is(err, store.ErrNoRows) || (err == nil && !a.Can(auth.DuesRead, o.Path)) {
			return nil, domain.NotFound("org")
		}
		if err != nil {
			return nil, err
		}
		sf.Under = o.Path
	}
	return q.DuesPayments(ctx, sf)
}

// MyPayments lists the payments the caller's member made or that paid their bills, newest
// first. Who: anyone; without a member record the list is empty.
func (s *Service) MyPayments(ctx context.Context, a *auth.Actor, beforeID int64, lim int) ([]domain.DuesPayment, error) {
	mid := a.MemberID()
	if mid == 0 {
		return nil, nil
	}
	return s.DB.Read().DuesPayments(ctx, store.DuesPaymentFilter{MemberID: mid, BeforeID: beforeID, Limit: limit(lim)})
}

func limit(n int) int {
	if n <= 0 || n > 500 {
		return 50
	}
	return n
}

// Bill is a bill as its member (or a payer for them) sees it: Payable when it is unpaid and
// within the back-payment limit, so it can be paid online; NeedsOverride when it is unpaid but
// beyond the limit (only the branch can record it, with a reason).
type Bill struct {
	domain.DuesBill
	Payable       bool `json:"payable"`
	NeedsOverride bool `json:"needs_override"`
}

// MyBills lists the caller's own bills, latest month first; status "" for all.
// Who: anyone; without a member record the list is empty. Errors: EInvalid (status).
func (s *Service) MyBills(ctx context.Context, a *auth.Actor, status string) ([]Bill, error) {
	if status != "" && !slices.Contains(domain.DuesBillStatuses, status) {
		return nil, invalid("status", "err.choice")
	}
	mid := a.MemberID()
	if mid == 0 {
		return nil, nil
	}
	return s.bills(ctx, mid, status)
}

// Payable lists another member's unpaid bills for paying them online (代缴). The payer names the
// member by id and name; both must match, so that bills (which reveal income) are shown only
// to someone who knows whom they pay for.
// Who: a member (anyone with a member record). Errors: EForbidden (no member record),
// ENotFound (no member with that id and name), EInvalid (name).
func (s *Service) Payable(ctx context.Context, a *auth.Actor, memberID int64, name string) ([]Bill, error) {
	if a.MemberID() == 0 {
		return nil, &domain.Error{Code: domain.EForbidden, Message: "err.duespay.no_member"}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, invalid("name", "err.required")
	}
	q := s.DB.Read()
	got, err := q.DuesMemberName(ctx, memberID)
	if errors.Is(err, store.ErrNoRows) || (err == nil && got != name) {
		return nil, domain.NotFound("member")
	}
	if err != nil {
		return nil, err
	}
	return s.bills(ctx, memberID, domain.DuesUnpaid)
}

func (s *Service) bills(ctx context.Context, memberID int64, status string) ([]Bill, error) {
	q := s.DB.Read()
	list, err := q.DuesBills(ctx, store.DuesBillFilter{Scopes: []string{"/"}, MemberID: memberID, Status: status})
	if err != nil {
		return nil, err
	}
	judge := s.backpayJudge(ctx, q)
	out := make([]Bill, len(list))
	for i, b := range list {
		if b.Status != domain.DuesUnpaid || b.AmountFen <= 0 {
			out[i] = Bill{DuesBill: b}
			continue
		}
		if out[i], err = judge(b); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(out, func(x, y Bill) int { return cmp.Compare(y.Month, x.Month) })
	return out, nil
}

// backpayJudge returns a function that marks an unpaid bill Payable, or NeedsOverride when
// it lies beyond today's back-payment limit of its organisation.
func (s *Service) backpayJudge(ctx context.Context, q *store.Q) func(domain.DuesBill) (Bill, error) {
	today := s.today()
	backpay := s.backpayRules(ctx, q, today)
	return func(b domain.DuesBill) (Bill, error) {
		rule, err := backpay(b.OrgPath)
		if err != nil {
			return Bill{}, err
		}
		over := domain.DuesMonthsBack(b.Month, today) > rule.MaxMonths
		return Bill{DuesBill: b, Payable: !over, NeedsOverride: over}, nil
	}
}

// MaxUnpaidList bounds the bills UnpaidBills returns (a large committee's month).
const MaxUnpaidList = 2000

// UnpaidBills lists the unpaid bills under an organisation that the caller may record cash or
// transfer payments for (one month, or every month when month is ""), by month then member,
// with whether each lies beyond the back-payment limit (NeedsOverride).
// Who: dues.manage over the organisation. Errors: EForbidden (no dues.manage), ENotFound
// (organisation missing or outside the scope), EInvalid (month).
func (s *Service) UnpaidBills(ctx context.Context, a *auth.Actor, orgID int64, month string) ([]Bill, error) {
	scopes := a.Scopes(auth.DuesManage)
	if len(scopes) == 0 {
		return nil, domain.Forbidden()
	}
	if month != "" && domain.CheckMonth(month) != "" {
		return nil, invalid("month", "err.month_yyyy_mm")
	}
	q := s.DB.Read()
	o, err := q.Org(ctx, orgID)
	if errors.Is(err, store.ErrNoRows) || (err == nil && !a.Can(auth.DuesManage, o.Path)) {
		return nil, domain.NotFound("org")
	}
	if err != nil {
		return nil, err
	}
	list, err := q.DuesBills(ctx, store.DuesBillFilter{Scopes: scopes, Under: o.Path, Month: month, Status: domain.DuesUnpaid,
		Limit: MaxUnpaidList})
	if err != nil {
		return nil, err
	}
	judge := s.backpayJudge(ctx, q)
	out := make([]Bill, 0, len(list))
	for _, b := range list {
		if b.AmountFen <= 0 {
			continue
		}
		bill, err := judge(b)
		if err != nil {
			return nil, err
		}
		out = append(out, bill)
	}
	slices.SortStableFunc(out, func(x, y Bill) int {
		if c := cmp.Compare(x.Month, y.Month); c != 0 {
			return c
		}
		return cmp.Compare(x.MemberName, y.MemberName)
	})
	return out, nil
}
