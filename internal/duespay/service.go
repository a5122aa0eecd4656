// Package duespay is the payment of party dues (issue 6 parts 3 and 4): the branch records
// cash or transfer payments in bulk, members pay their own bills online or pay for another
// member (代缴), each bill is paid exactly once, back-payment beyond the rule's limit needs a
// secretary's override, paying on time scores points, and overpayments are refunded.
//
// Online payments go through a Provider (provider.go): the service creates an order there,
// the payer pays at the provider's pay URL, and the provider's signed notification marks the
// payment paid. The built-in test provider (provider_testpay.go, package testpay) runs over
// real HTTP inside the binary; a real provider (WeChat Pay, Alipay, UnionPay) is another
// adapter file implementing Provider.
package duespay

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Service runs dues payments. Now is the clock (tests move it).
type Service struct {
	DB     *store.DB
	Points *points.Service
	Now    func() time.Time
	// PublicURL is the instance's public base URL (e.g. https://dj.example.org), used in the
	// notify and return URLs of online orders; empty: the caller passes the request's.
	PublicURL string
	// NotifyMaxAge is how far a notification's timestamp may lie from our clock (either way)
	// before it is rejected as stale.
	NotifyMaxAge time.Duration
	// OrderTTL is how long an online order may be paid.
	OrderTTL time.Duration

	mu        sync.RWMutex
	providers map[string]Provider
	names     []string // in registration order; the first is the default
}

// New builds the service; pts may be nil (payments then score no points).
func New(db *store.DB, pts *points.Service) *Service {
	return &Service{DB: db, Points: pts, Now: time.Now, NotifyMaxAge: 5 * time.Minute, OrderTTL: 2 * time.Hour,
		providers: map[string]Provider{}}
}

// BackpayRule is the rule "dues.backpay": bills more than MaxMonths months before the current
// month can be paid only by a secretary with an override reason.
type BackpayRule struct {
	MaxMonths int `json:"max_months"`
}

// DefaultBackpay applies when no rule row does (RULES.md: at most 6 months back).
func DefaultBackpay() BackpayRule { return BackpayRule{MaxMonths: 6} }

// OnTimeRule is the rule "dues.on_time": a bill paid (China time) by the last day of its month
// plus GraceDays is paid on time, and scores IndicatorCode in the member's points catalogue
// when the catalogue has that item.
type OnTimeRule struct {
	GraceDays     int    `json:"grace_days"`
	IndicatorCode string `json:"indicator_code"`
}

// DefaultOnTime applies when no rule row does.
func DefaultOnTime() OnTimeRule { return OnTimeRule{GraceDays: 0, IndicatorCode: "DUES-ON-TIME"} }

// backpay reads the back-payment rule in force today for an organisation.
func (s *Service) backpay(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (BackpayRule, error) {
	var r BackpayRule // a zero value, never the shared default: a rule row decodes into it
	ok, err := q.Rule(ctx, "dues.backpay", orgPath, on, &r)
	if err != nil {
		return r, err
	}
	if !ok || r.MaxMonths <= 0 {
		r.MaxMonths = DefaultBackpay().MaxMonths
	}
	return r, nil
}

// onTime reads the on-time rule in force on a day for an organisation.
func (s *Service) onTime(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (OnTimeRule, error) {
	var r OnTimeRule
	ok, err := q.Rule(ctx, "dues.on_time", orgPath, on, &r)
	if err != nil {
		return r, err
	}
	d := DefaultOnTime()
	if !ok {
		return d, nil
	}
	if r.GraceDays < 0 {
		r.GraceDays = 0
	}
	if r.IndicatorCode == "" {
		r.IndicatorCode = d.IndicatorCode
	}
	return r, nil
}

// backpayRules reads the back-payment rule in force on a day once per organisation (the
// bills of a payment or a list share a few organisations).
func (s *Service) backpayRules(ctx context.Context, q *store.Q, on domain.Date) func(orgPath string) (BackpayRule, error) {
	return memo(func(path string) (BackpayRule, error) { return s.backpay(ctx, q, path, on) })
}

// onTimeRules reads the on-time rule in force on a day once per organisation.
func (s *Service) onTimeRules(ctx context.Context, q *store.Q, on domain.Date) func(orgPath string) (OnTimeRule, error) {
	return memo(func(path string) (OnTimeRule, error) { return s.onTime(ctx, q, path, on) })
}

// memo caches read by organisation path.
func memo[R any](read func(string) (R, error)) func(string) (R, error) {
	cache := map[string]R{}
	return func(path string) (R, error) {
		if r, ok := cache[path]; ok {
			return r, nil
		}
		r, err := read(path)
		if err == nil {
			cache[path] = r
		}
		return r, err
	}
}

func (s *Service) today() domain.Date { return domain.Today(s.Now()) }

func invalid(field, key string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: key}}
}

func conflict(key string, args ...any) error { return domain.Errorf(domain.EConflict, key, args...) }

// text trims s and checks its length in characters.
func text(s string, maxLen int) (string, bool) {
	s = strings.TrimSpace(s)
	return s, len([]rune(s)) <= maxLen
}

func record(ctx context.Context, q *store.Q, a *auth.Actor, action string, p *domain.DuesPayment, before, after any) error {
	return audit.Record(ctx, q, a, action, "dues_payment", p.ID, p.OrgPath, before, after)
}

// loadPayment reads a payment, ENotFound when there is none.
func loadPayment(ctx context.Context, q *store.Q, id int64) (*domain.DuesPayment, error) {
	p, err := q.DuesPayment(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, domain.NotFound("dues_payment")
	}
	return p, err
}

// canRead reports whether the actor may see a payment: readers of dues over the payment's or
// one of its bills' organisations, the payer, and the members whose bills it paid.
func canRead(a *auth.Actor, p *domain.DuesPayment) bool {
	if a.Can(auth.DuesRead, p.OrgPath) {
		return true
	}
	mid := a.MemberID()
	if mid != 0 && p.PayerMemberID == mid {
		return true
	}
	for _, it := range p.Items {
		if a.Can(auth.DuesRead, it.OrgPath) || (mid != 0 && it.MemberID == mid) {
			return true
		}
	}
	return false
}

// canManage reports whether the actor manages dues over every bill of a payment.
func canManage(a *auth.Actor, p *domain.DuesPayment) bool {
	if len(p.Items) == 0 {
		return a.Can(auth.DuesManage, p.OrgPath)
	}
	for _, it := range p.Items {
		if !a.Can(auth.DuesManage, it.OrgPath) {
			return false
		}
	}
	return true
}
