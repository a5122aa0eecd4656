// Package funds is the party-fund pool (党建经费蓄水池, seed 000; issue 6 part 6): a ledger per
// organisation of income by source and spending by purpose, with invoices and photos
// attached; spending requests approved by someone other than who filed them; voluntary extra
// dues at or above the threshold of RULES.md marked and remitted upward in full; and a yearly
// report with the balance carried forward, published to the members and printed as PDF.
//
// Who does what (the auth matrix: funds.read, funds.manage, funds.approve):
//   - readers of an organisation (funds.read: officers, instructors, auditors) see its ledger
//     and report; a member reads the published reports of the organisations they belong to
//     (their branch and those above it), as totals only;
//   - funds.manage (admin, org admin, secretary over the organisation) records income, files
//     spending requests, attaches files, posts reversals, records remittances and books the
//     dues collected;
//   - funds.approve (admin, org admin, secretary over the organisation, so the organisation's
//     own secretary or an officer above it) approves or returns spending requests — never
//     their own — and publishes the yearly report, which closes that year (and the years
//     before it) to postings.
//
// Every write of an organisation's ledger locks its fund account first (store.LockFundAccount)
// and is audited in the same transaction.
package funds

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Service is the fund pool capability. Now is the clock (tests move it).
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// New returns a Service with the real clock.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

// today is the calendar day in China.
func (s *Service) today() domain.Date { return domain.Today(s.Now()) }

// Rules are the fund rules in force for an organisation on a day.
type Rules struct {
	Sources  []domain.FundCategory // what income may be booked to; voluntary is always among them
	Purposes []domain.FundCategory // what spending may be requested for
	Remit    domain.FundRemitRule
}

// rulesAt reads the rules in force, each decoded into a zero value and filled with the
// shipped defaults where no row applies.
func rulesAt(ctx context.Context, q *store.Q, orgPath string, on domain.Date) (Rules, error) {
	var r Rules
	var src domain.FundSourcesRule
	if _, err := q.Rule(ctx, domain.RuleFundSources, orgPath, on, &src); err != nil {
		return r, err
	}
	r.Sources = src.Sources
	if len(r.Sources) == 0 {
		r.Sources = domain.DefaultFundSources()
	}
	if _, ok := domain.FindFundCategory(r.Sources, domain.FundSourceVoluntary); !ok {
		r.Sources = append(r.Sources, domain.FundCategory{Code: domain.FundSourceVoluntary})
	}
	var pur domain.FundPurposesRule
	if _, err := q.Rule(ctx, domain.RuleFundPurposes, orgPath, on, &pur); err != nil {
		return r, err
	}
	r.Purposes = pur.Purposes
	if len(r.Purposes) == 0 {
		r.Purposes = domain.DefaultFundPurposes()
	}
	var rem domain.FundRemitRule
	ok, err := q.Rule(ctx, domain.RuleFundRemitting, orgPath, on, &rem)
	if err != nil {
		return r, err
	}
	if !ok || rem.ThresholdFen <= 0 {
		rem.ThresholdFen = domain.DefaultRemitThreshold
	}
	r.Remit = rem
	return r, nil
}

func codes(list []domain.FundCategory) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.Code
	}
	return out
}

// loadOrg returns an organisation or ENotFound.
func loadOrg(ctx context.Context, q *store.Q, id int64) (*domain.Org, error) {
	o, err := q.Org(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, domain.NotFound("org")
	}
	return o, err
}

// orgForWrite loads an organisation the actor holds perm over: ENotFound when it does not
// exist, EForbidden when it is not the actor's (API.md: 403 on writes outside the scope).
func orgForWrite(ctx context.Context, q *store.Q, a *auth.Actor, id int64, perm auth.Permission) (*domain.Org, error) {
	o, err := loadOrg(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(perm, o.Path) {
		return nil, domain.Forbidden()
	}
	return o, nil
}

// orgForRead loads an organisation whose ledger the actor reads; one outside the scope
// answers ENotFound, as if it did not exist.
func orgForRead(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.Org, error) {
	o, err := loadOrg(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.FundsRead, o.Path) {
		return nil, domain.NotFound("org")
	}
	return o, nil
}

// entryForWrite loads an entry and its organisation for a write under perm (ENotFound,
// EForbidden).
func entryForWrite(ctx context.Context, q *store.Q, a *auth.Actor, id int64, perm auth.Permission) (*domain.FundEntry, *domain.Org, error) {
	e, err := q.FundEntry(ctx, id)
	if errors.Is(err, store.ErrNoRows) {
		return nil, nil, domain.NotFound("fund_entry")
	}
	if err != nil {
		return nil, nil, err
	}
	o, err := loadOrg(ctx, q, e.OrgID)
	if err != nil {
		return nil, nil, err
	}
	if !a.Can(perm, o.Path) {
		return nil, nil, domain.Forbidden()
	}
	return e, o, nil
}

// memberOf reports whether the actor's own member record belongs to the organisation at
// path (their branch, or an organisation above it).
func memberOf(ctx context.Context, q *store.Q, a *auth.Actor, path string) (bool, error) {
	mid := a.MemberID()
	if mid == 0 {
		return false, nil
	}
	m, err := q.Member(ctx, mid)
	if errors.Is(err, store.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return !m.HasLeft() && domain.InSubtree(m.OrgPath, path), nil
}

// closedCheck refuses a posting dated in a closed year: one whose report, or a later year's,
// is published.
func closedCheck(ctx context.Context, q *store.Q, orgID int64, d domain.Date) error {
	closed, err := q.FundYearClosed(ctx, orgID, d.Time().Year())
	if err != nil {
		return err
	}
	if closed {
		return conflict("err.funds.year_closed")
	}
	return nil
}

// parseDay reads a date (empty: today) that is not in the future and not before 2000.
func (s *Service) parseDay(v *domain.Validation, field, text string) domain.Date {
	text = strings.TrimSpace(text)
	if text == "" {
		return s.today()
	}
	d, err := domain.ParseDate(text)
	switch {
	case err != nil || d.Time().Year() < 2000:
		v.Add(field, "err.date")
	case d.After(s.today()):
		v.Add(field, "err.date_future")
	}
	return d
}

func textOK(v *domain.Validation, field, s string, max int, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		v.Add(field, "err.required")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "err.too_long")
	case strings.ContainsRune(s, 0):
		v.Add(field, "err.invalid")
	}
	return s
}

func invalid(field, key string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{field: key}}
}

func conflict(key string, args ...any) error {
	return &domain.Error{Code: domain.EConflict, Message: key, Args: args}
}

func insufficient() error {
	return &domain.Error{Code: domain.EInsufficientBalance, Message: "err.funds.insufficient"}
}

func record(ctx context.Context, q *store.Q, a *auth.Actor, action string, o *domain.Org, id int64, before, after any) error {
	return audit.Record(ctx, q, a, action, "fund_entry", id, o.Path, before, after)
}

// entryAudit is what the audit log keeps of an entry.
type entryAudit struct {
	Kind          string `json:"kind"`
	Category      string `json:"category"`
	AmountFen     int64  `json:"amount_fen"`
	Date          string `json:"date"`
	Description   string `json:"description,omitempty"`
	Status        string `json:"status"`
	RemitRequired bool   `json:"remit_required,omitempty"`
	ReversesID    int64  `json:"reverses_id,omitempty,string"`
	RemitsID      int64  `json:"remits_id,omitempty,string"`
	Reason        string `json:"reason,omitempty"`
}

func auditOf(e *domain.FundEntry) entryAudit {
	return entryAudit{Kind: e.Kind, Category: e.Category, AmountFen: e.AmountFen, Date: e.Date.String(),
		Description: e.Description, Status: e.Status, RemitRequired: e.RemitRequired, ReversesID: e.ReversesID,
		RemitsID: e.RemitsID, Reason: e.ReturnReason}
}
