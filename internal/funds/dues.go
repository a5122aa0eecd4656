package funds

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// DuesMonth is what booking the dues collected did for one month.
type DuesMonth struct {
	Month        string `json:"month"`
	CollectedFen int64  `json:"collected_fen"` // paid on the month's bills in the organisation's subtree
	RetainedFen  int64  `json:"retained_fen"`  // the share the pool keeps (the source's share, else all)
	BookedFen    int64  `json:"booked_fen"`    // in the ledger before this run
	PostedFen    int64  `json:"posted_fen"`    // posted now (the difference; negative after refunds)
	EntryID      int64  `json:"entry_id,string,omitempty"`
	Skipped      string `json:"skipped,omitempty"` // "closed": the month's year is published
}

// PostDues books the dues collected in an organisation's subtree during a year as income of
// source dues_retained, one entry per month for the difference between what the month's bills
// collected (times the source's share, when the rule gives one) and what the ledger holds for
// that month already. Running it again posts nothing new; a month paid late gets its
// difference. Each entry is dated the month's last day (today for the current month).
// Who: funds.manage over the organisation. Errors: ENotFound (org), EForbidden, EInvalid
// (year: after the current one), EInsufficientBalance (a negative difference the pool cannot
// cover).
func (s *Service) PostDues(ctx context.Context, a *auth.Actor, orgID int64, year int) ([]DuesMonth, error) {
	if err := yearOK(year); err != nil {
		return nil, err
	}
	today := s.today()
	if year > today.Time().Year() {
		return nil, invalid("year", "err.funds.year_future")
	}
	var out []DuesMonth
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		out = nil
		o, err := orgForWrite(ctx, q, a, orgID, auth.FundsManage)
		if err != nil {
			return err
		}
		bal, err := q.LockFundAccount(ctx, o.ID)
		if err != nil {
			return err
		}
		collected, err := q.DuesCollected(ctx, o.Path, year)
		if err != nil {
			return err
		}
		booked, err := q.FundDuesBooked(ctx, o.ID, year)
		if err != nil {
			return err
		}
		for m := time.January; m <= time.December; m++ {
			first := domain.NewDate(year, m, 1)
			if first.After(today) {
				break
			}
			key := first.Time().Format("2006-01")
			day := first.AddDate(0, 1, -1)
			if day.After(today) {
				day = today
			}
			rules, err := rulesAt(ctx, q, o.Path, day)
			if err != nil {
				return err
			}
			retained := collected[key]
			c, _ := domain.FindFundCategory(rules.Sources, domain.FundSourceDues)
			if c.SharePercent > 0 {
				retained = domain.ShareOf(retained, c.SharePercent)
			}
			dm := DuesMonth{Month: key, CollectedFen: collected[key], RetainedFen: retained, BookedFen: booked[key]}
			diff := retained - booked[key]
			if diff == 0 {
				if dm.CollectedFen != 0 || dm.BookedFen != 0 {
					out = append(out, dm)
				}
				continue
			}
			closed, err := q.FundYearClosed(ctx, o.ID, year)
			if err != nil {
				return err
			}
			if closed {
				dm.Skipped = "closed"
				out = append(out, dm)
				continue
			}
			if bal+diff < 0 {
				return insufficient()
			}
			e := &domain.FundEntry{OrgID: o.ID, OrgName: o.Name, Kind: domain.FundIncome, Category: domain.FundSourceDues,
				CategoryName: c.Name, AmountFen: diff, Date: day, Status: domain.FundPosted, DuesMonth: key,
				Description: fmt.Sprintf("%d年%d月党费收缴留存", year, int(m)), CreatedBy: a.UserID(), CreatedByName: a.Name()}
			if booked[key] != 0 {
				e.Description += "（补记）"
			}
			if err := q.InsertFundEntry(ctx, e); err != nil {
				return err
			}
			if err := q.MoveFundAccount(ctx, o.ID, domain.FundIncome, diff); err != nil {
				return err
			}
			bal += diff
			if err := record(ctx, q, a, "funds.dues.book", o, e.ID, nil, auditOf(e)); err != nil {
				return err
			}
			dm.PostedFen, dm.EntryID = diff, e.ID
			out = append(out, dm)
		}
		return nil
	})
	return out, err
}

// RulesInput records new fund rules from a day for one organisation (OrgID) or, for admins,
// for everyone (OrgID 0). Nil lists are left as they are.
type RulesInput struct {
	OrgID        int64
	ValidFrom    string
	Sources      *[]domain.FundCategory
	Purposes     *[]domain.FundCategory
	ThresholdFen *int64
}

// SetRules records new values of the fund rules from ValidFrom on: the sources and purposes
// an organisation books to (what was booked before keeps its category), and the remittance
// threshold of voluntary payments (a payment keeps the mark it got when it was recorded).
// Who: an admin, or a fund manager over the organisation (funds.manage: org admin,
// secretary) for its sources and purposes; the threshold, and rules for everyone, only an
// admin. The console page /funds/rules calls this too. Errors: ENotFound (org), EForbidden, EInvalid (valid_from,
// sources, purposes, threshold_fen).
func (s *Service) SetRules(ctx context.Context, a *auth.Actor, in RulesInput) (Rules, error) {
	v := &domain.Validation{}
	from, err := domain.ParseDate(in.ValidFrom)
	if err != nil || from.IsZero() || from.Time().Year() < 2000 || from.Time().Year() > 2100 {
		v.Add("valid_from", "err.date")
	}
	if in.Sources != nil {
		if k := domain.CheckFundCategories(*in.Sources, domain.FundSourceVoluntary, domain.FundPurposeRemittance); k != "" {
			v.Add("sources", k)
		}
	}
	if in.Purposes != nil {
		if k := domain.CheckFundCategories(*in.Purposes, domain.FundSourceVoluntary, domain.FundPurposeRemittance); k != "" {
			v.Add("purposes", k)
		}
		for _, c := range *in.Purposes {
			if c.SharePercent != 0 {
				v.Add("purposes", "err.funds.share_percent")
			}
		}
	}
	if in.ThresholdFen != nil && (*in.ThresholdFen <= 0 || *in.ThresholdFen > domain.MaxFundAmount) {
		v.Add("voluntary_threshold_fen", "err.funds.amount")
	}
	if in.Sources == nil && in.Purposes == nil && in.ThresholdFen == nil {
		v.Add("sources", "err.required")
	}
	if err := v.Err(); err != nil {
		return Rules{}, err
	}
	path := "/"
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		if in.OrgID != 0 {
			o, err := loadOrg(ctx, q, in.OrgID)
			if err != nil {
				return err
			}
			path = o.Path
		}
		if !a.Can(auth.FundsManage, path) || path == "/" && !a.IsAdmin() || in.ThresholdFen != nil && !a.IsAdmin() {
			return domain.Forbidden()
		}
		put := func(key string, value any) error {
			if err := q.InsertRule(ctx, key, in.OrgID, value, from, "fund pool", a.Name()); err != nil {
				return err
			}
			return audit.Record(ctx, q, a, "funds.rules.set", "rule", in.OrgID, path, nil, struct {
				Key       string `json:"key"`
				ValidFrom string `json:"valid_from"`
				Value     any    `json:"value"`
			}{key, from.String(), value})
		}
		if in.Sources != nil {
			if err := put(domain.RuleFundSources, domain.FundSourcesRule{Sources: *in.Sources}); err != nil {
				return err
			}
		}
		if in.Purposes != nil {
			if err := put(domain.RuleFundPurposes, domain.FundPurposesRule{Purposes: *in.Purposes}); err != nil {
				return err
			}
		}
		if in.ThresholdFen != nil {
			if err := put(domain.RuleFundRemitting, domain.FundRemitRule{ThresholdFen: *in.ThresholdFen}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Rules{}, err
	}
	return rulesAt(ctx, s.DB.Read(), path, from)
}
