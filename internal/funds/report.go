package funds

import (
	"context"
	"errors"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/pdf"
	"dangjian/internal/store"
)

// ReportView is a yearly report as the caller may see it. Officer is false for a member
// reading a published report: the items to remit (with the payers' names) are left out, and
// so are the requests waiting for a decision.
type ReportView struct {
	*domain.FundReport
	Officer bool
	// Rules in force at the year's end, for the names and order of sources and purposes.
	Rules Rules
}

func yearOK(year int) error {
	if year < 2000 || year > 2100 {
		return invalid("year", "err.funds.year")
	}
	return nil
}

// Report returns an organisation's report for a year: the balance carried forward from the
// years before, income by source, spending by purpose (both in the order of the rules in force
// at the year's end), the balance month by month, the requests waiting for a decision and the
// voluntary payments still to be remitted upward. Who: readers of the organisation; a member
// of the organisation (their branch or one above it) once the report is published.
// Errors: ENotFound (org; outside the scope; not published, to a member), EInvalid (year).
func (s *Service) Report(ctx context.Context, a *auth.Actor, orgID int64, year int) (*ReportView, error) {
	if err := yearOK(year); err != nil {
		return nil, err
	}
	q := s.DB.Read()
	o, err := loadOrg(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	officer := a.Can(auth.FundsRead, o.Path)
	pub, err := q.FundReportPublication(ctx, orgID, year)
	if err != nil && !errors.Is(err, store.ErrNoRows) {
		return nil, err
	}
	if !officer {
		mine, err := memberOf(ctx, q, a, o.Path)
		if err != nil {
			return nil, err
		}
		if !mine {
			return nil, domain.NotFound("org")
		}
		if pub == nil {
			return nil, domain.NotFound("fund_report")
		}
	}
	v, err := s.compute(ctx, q, o, year)
	if err != nil {
		return nil, err
	}
	if pub != nil {
		v.Published, v.PublishedAt, v.PublishedByName = true, pub.PublishedAt, pub.PublishedByName
	}
	v.Officer = officer
	if !officer {
		v.ToRemit, v.PendingFen, v.PendingCount = nil, 0, 0
	}
	return v, nil
}

// compute builds the report of an organisation's year from the ledger.
func (s *Service) compute(ctx context.Context, q *store.Q, o *domain.Org, year int) (*ReportView, error) {
	end := domain.NewDate(year, time.December, 31)
	rules, err := rulesAt(ctx, q, o.Path, end)
	if err != nil {
		return nil, err
	}
	opening, err := q.FundBalanceBefore(ctx, o.ID, year)
	if err != nil {
		return nil, err
	}
	sums, err := q.FundSums(ctx, o.ID, year)
	if err != nil {
		return nil, err
	}
	purposes := append(codes(rules.Purposes), domain.FundPurposeRemittance)
	r := domain.BuildFundReport(year, opening, sums, codes(rules.Sources), purposes)
	r.OrgID, r.OrgName = o.ID, o.Name
	if r.PendingFen, r.PendingCount, err = q.FundPending(ctx, o.ID, year); err != nil {
		return nil, err
	}
	if r.ToRemit, err = q.FundToRemit(ctx, o.ID, end); err != nil {
		return nil, err
	}
	for _, e := range r.ToRemit {
		r.ToRemitFen += e.AmountFen
	}
	return &ReportView{FundReport: r, Rules: rules}, nil
}

// Publish publishes an organisation's report of a year to its members, recording who and
// when with the figures as published. Publishing closes the year, and the years before it, to
// postings and decisions, so the published figures (and the balance carried into them) stay
// what the members saw; corrections go into an open year as reversing entries.
// Who: funds.approve over the organisation. Errors: ENotFound (org), EForbidden, EInvalid
// (year: not after the current year), EConflict (published already; spending requests of the
// year still wait for a decision).
func (s *Service) Publish(ctx context.Context, a *auth.Actor, orgID int64, year int) (*ReportView, error) {
	if err := yearOK(year); err != nil {
		return nil, err
	}
	if year > s.today().Time().Year() {
		return nil, invalid("year", "err.funds.year_future")
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := orgForWrite(ctx, q, a, orgID, auth.FundsApprove)
		if err != nil {
			return err
		}
		if _, err := q.LockFundAccount(ctx, o.ID); err != nil {
			return err
		}
		if _, n, err := q.FundPending(ctx, o.ID, year); err != nil {
			return err
		} else if n > 0 {
			return conflict("err.funds.pending")
		}
		v, err := s.compute(ctx, q, o, year)
		if err != nil {
			return err
		}
		p := &store.FundPublication{OrgID: o.ID, Year: year, OpeningFen: v.OpeningFen, IncomeFen: v.IncomeFen,
			SpendingFen: v.SpendingFen, ClosingFen: v.ClosingFen, PublishedBy: a.UserID(), PublishedByName: a.Name()}
		ok, err := q.InsertFundPublication(ctx, p)
		if err != nil {
			return err
		}
		if !ok {
			return conflict("err.funds.published")
		}
		return audit.Record(ctx, q, a, "funds.report.publish", "fund_report", o.ID, o.Path, nil, struct {
			Year        int   `json:"year"`
			OpeningFen  int64 `json:"opening_fen"`
			IncomeFen   int64 `json:"income_fen"`
			SpendingFen int64 `json:"spending_fen"`
			ClosingFen  int64 `json:"closing_fen"`
		}{year, p.OpeningFen, p.IncomeFen, p.SpendingFen, p.ClosingFen})
	})
	if err != nil {
		return nil, err
	}
	return s.Report(ctx, a, orgID, year)
}

// Published lists the years of an organisation's published reports that the caller may read,
// newest first. Who: readers, and members of the organisation. Errors: ENotFound.
func (s *Service) Published(ctx context.Context, a *auth.Actor, orgID int64) ([]int, error) {
	q := s.DB.Read()
	o, err := loadOrg(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.FundsRead, o.Path) {
		mine, err := memberOf(ctx, q, a, o.Path)
		if err != nil {
			return nil, err
		}
		if !mine {
			return nil, domain.NotFound("org")
		}
	}
	return q.FundPublishedYears(ctx, orgID)
}

// MemberOrgs lists the organisations a member belongs to (their branch and those above it),
// nearest first, for the member's report page. Who: the member themself. Errors: none (an
// account without a member gets none).
func (s *Service) MemberOrgs(ctx context.Context, a *auth.Actor) ([]domain.Org, error) {
	mid := a.MemberID()
	if mid == 0 {
		return nil, nil
	}
	q := s.DB.Read()
	m, err := q.Member(ctx, mid)
	if errors.Is(err, store.ErrNoRows) {
		return nil, nil
	}
	if err != nil || m.HasLeft() {
		return nil, err
	}
	ids := domain.PathIDs(m.OrgPath)
	orgs, err := q.OrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []domain.Org
	for i := len(ids) - 1; i >= 0; i-- {
		if o, ok := orgs[ids[i]]; ok && o.Type != domain.OrgGroup {
			out = append(out, *o)
		}
	}
	return out, nil
}

// CategoryName is how a source or purpose is shown: the organisation's own name for a code it
// added, else the catalogue's name of a built-in code (funds.source.CODE, funds.purpose.CODE),
// else the code itself.
func CategoryName(cat *i18n.Catalog, locale, kind, code, custom string) string {
	if custom != "" {
		return custom
	}
	key := "funds.source." + code
	if kind == domain.FundSpending {
		key = "funds.purpose." + code
	}
	if cat == nil {
		return code
	}
	if t := cat.T(locale, key); t != key {
		return t
	}
	return code
}

// PDF renders the yearly report for printing (in Chinese). Who and errors: as Report; a
// member gets the published report only.
func (s *Service) PDF(ctx context.Context, a *auth.Actor, orgID int64, year int, cat *i18n.Catalog) ([]byte, error) {
	v, err := s.Report(ctx, a, orgID, year)
	if err != nil {
		return nil, err
	}
	doc := pdf.FundReport{OrgName: v.OrgName, Year: v.Year, OpeningFen: v.OpeningFen, IncomeFen: v.IncomeFen,
		SpendingFen: v.SpendingFen, ClosingFen: v.ClosingFen, Months: v.Months, ToRemitFen: v.ToRemitFen,
		ToRemitN: len(v.ToRemit), Published: v.Published, PublishedBy: v.PublishedByName, PrintedOn: s.today()}
	if v.Published {
		doc.PublishedOn = domain.Today(v.PublishedAt)
	}
	for _, l := range v.Income {
		doc.Income = append(doc.Income, pdf.FundLine{Name: CategoryName(cat, i18n.ZH, domain.FundIncome, l.Code, l.Name), AmountFen: l.AmountFen, Count: l.Count})
	}
	for _, l := range v.Spending {
		doc.Spending = append(doc.Spending, pdf.FundLine{Name: CategoryName(cat, i18n.ZH, domain.FundSpending, l.Code, l.Name), AmountFen: l.AmountFen, Count: l.Count})
	}
	return doc.Render()
}
