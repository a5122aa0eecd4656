// Package duesstats is what party dues add up to (issue 6 parts 4 and 5): arrears per member
// with the consecutive unpaid months that flag the self-withdrawal procedure (the system
// flags, people decide and record it), the daily dues reminders, "dues paid through" for the
// transfer letter, the collection rate per organisation and month with a subtree roll-up,
// and the monthly dues sheet (党费收缴表) as .xlsx and PDF. It reads the bills the dues
// capability makes and payments mark paid; it never changes a bill.
package duesstats

import (
	"context"
	"errors"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// RuleArrears is the rule key of the consecutive unpaid months that flag a member for the
// self-withdrawal procedure (RULES.md "Party dues": 6), per organisation and from a date.
const RuleArrears = "dues.arrears"

// ArrearsRule is the value of rule dues.arrears.
type ArrearsRule struct {
	Months int `json:"months"`
}

// DefaultArrearsMonths is the shipped threshold (also seeded by migration 00020).
const DefaultArrearsMonths = 6

// Service is the dues statistics capability.
type Service struct {
	DB *store.DB
	// TempDir is where excelize spills a large sheet ("" for the system's).
	TempDir string
	now     func() time.Time
}

// New returns the service over db.
func New(db *store.DB) *Service { return &Service{DB: db, now: time.Now} }

// SetClock replaces the service's clock (tests pin "today" with it).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) today() domain.Date { return domain.Today(s.now()) }

// thisMonth is the current month in China.
func (s *Service) thisMonth() string { return domain.DuesMonthOf(s.today()) }

// ThisMonth is the current month in China by the service's clock (the default month).
func (s *Service) ThisMonth() string { return s.thisMonth() }

// readable returns the organisation when the actor reads dues there; otherwise ENotFound
// (API.md: outside the scope is 404 on read).
func (s *Service) readable(ctx context.Context, q *store.Q, a *auth.Actor, orgID int64) (*domain.Org, error) {
	o, err := q.Org(ctx, orgID)
	if errors.Is(err, store.ErrNoRows) || (err == nil && !a.Can(auth.DuesRead, o.Path)) {
		return nil, domain.NotFound("org")
	}
	return o, err
}

// threshold is the rule dues.arrears in force for the organisation at path on day: decoded
// into a zero value, the shipped default when no row applies or the row is unusable.
func threshold(ctx context.Context, q *store.Q, path string, on domain.Date) (int, error) {
	var r ArrearsRule
	if _, err := q.Rule(ctx, RuleArrears, path, on, &r); err != nil {
		return 0, err
	}
	if r.Months <= 0 {
		r.Months = DefaultArrearsMonths
	}
	return r.Months, nil
}

// checkMonth validates a month parameter; "" gives def.
func checkMonth(field, m, def string) (string, error) {
	if m == "" {
		return def, nil
	}
	if domain.CheckMonth(m) != "" {
		return "", &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: "err.month_yyyy_mm"}}
	}
	return m, nil
}

// DefaultOrg is the organisation a dues page opens on when none is asked for: the top of the
// caller's first dues scope (for an administrator, the first organisation created, which is
// the top of the tree). Who: anyone. Errors: ENotFound when the caller reads no dues.
func (s *Service) DefaultOrg(ctx context.Context, a *auth.Actor) (int64, error) {
	scopes := a.Scopes(auth.DuesRead)
	if len(scopes) == 0 {
		return 0, domain.NotFound("org")
	}
	if ids := domain.PathIDs(scopes[0]); len(ids) > 0 {
		return ids[len(ids)-1], nil
	}
	orgs, err := s.DB.Read().Orgs(ctx, store.OrgFilter{Scopes: scopes, Limit: 1, NoCounts: true})
	if err != nil {
		return 0, err
	}
	if len(orgs) == 0 {
		return 0, domain.NotFound("org")
	}
	return orgs[0].ID, nil
}
