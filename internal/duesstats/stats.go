package duesstats

import (
	"context"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Tally is what a group of bills adds up to. Exempt bills are not due: they count in Bills
// and Exempt but neither in the rate's denominator nor in DueFen (their amount is 0).
type Tally struct {
	Bills   int   `json:"bills"`
	Paid    int   `json:"paid"`
	Exempt  int   `json:"exempt"`
	Unpaid  int   `json:"unpaid"`
	DueFen  int64 `json:"due_fen"`
	PaidFen int64 `json:"paid_fen"`
	// RateBP is the collection rate in basis points (1/100 %), rounded down: bills paid ÷
	// bills due (bills − exempt). nil when nothing is due.
	RateBP *int64 `json:"rate_bp"`
	// AmountRateBP is the same for the money: PaidFen ÷ DueFen; nil when DueFen is 0.
	AmountRateBP *int64 `json:"amount_rate_bp"`
}

// add adds a store tally.
func (t *Tally) add(x store.DuesTally) {
	t.Bills += x.Bills
	t.Paid += x.Paid
	t.Exempt += x.Exempt
	t.DueFen += x.DueFen
	t.PaidFen += x.PaidFen
}

// finish derives Unpaid and the rates from the counts.
func (t *Tally) finish() {
	t.Unpaid = t.Bills - t.Paid - t.Exempt
	t.RateBP, t.AmountRateBP = nil, nil
	if due := int64(t.Bills - t.Exempt); due > 0 {
		r := int64(t.Paid) * 10000 / due
		t.RateBP = &r
	}
	if t.DueFen > 0 {
		r := t.PaidFen * 10000 / t.DueFen
		t.AmountRateBP = &r
	}
}

// Due is the number of bills due (not exempt).
func (t Tally) Due() int { return t.Bills - t.Exempt }

// OrgTally is the tally of one organisation's subtree. Own marks the bills made at the
// organisation asked about itself (its own members), beside its children's subtrees.
type OrgTally struct {
	OrgID   int64  `json:"org_id,string"`
	OrgName string `json:"org_name"`
	Own     bool   `json:"own"`
	Tally
}

// MonthTally is the tally of one month.
type MonthTally struct {
	Month string `json:"month"`
	Tally
}

// Stats is the collection of a month in a subtree: the total, one line per child
// organisation (groups left out: members belong to branches) and the organisation's own
// bills, and the trend of the twelve months up to the month.
type Stats struct {
	OrgID    int64        `json:"org_id,string"`
	OrgName  string       `json:"org_name"`
	OrgPath  string       `json:"-"`
	ParentID int64        `json:"-"`
	Month    string       `json:"month"`
	Total    Tally        `json:"total"`
	Orgs     []OrgTally   `json:"orgs"`
	Trend    []MonthTally `json:"trend"`
}

// TrendMonths is how many months the trend covers, the month asked about last.
const TrendMonths = 12

// Stats counts the bills of month ("" for the current month) made in the subtree at orgID:
// bills, paid, exempt, unpaid, amounts due and paid, and the collection rate, in total, per
// child organisation and for the organisation's own members, with a twelve-month trend. A
// bill counts where it was made (the member's organisation that month). Who: dues readers
// of the organisation. Errors: ENotFound (no such organisation or outside the scope),
// EInvalid (month).
func (s *Service) Stats(ctx context.Context, a *auth.Actor, orgID int64, month string) (*Stats, error) {
	q := s.DB.Read()
	o, err := s.readable(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	if month, err = checkMonth("month", month, s.thisMonth()); err != nil {
		return nil, err
	}
	tallies, err := q.DuesTallyByOrg(ctx, o.Path, month)
	if err != nil {
		return nil, err
	}
	children, err := q.Orgs(ctx, store.OrgFilter{Scopes: []string{o.Path}, ParentID: o.ID, NoCounts: true})
	if err != nil {
		return nil, err
	}
	out := &Stats{OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path, ParentID: o.ParentID, Month: month, Orgs: []OrgTally{}, Trend: []MonthTally{}}
	own := OrgTally{OrgID: o.ID, OrgName: o.Name, Own: true}
	lines := make([]OrgTally, 0, len(children))
	paths := make([]string, 0, len(children))
	for _, c := range children {
		if c.Type == domain.OrgGroup {
			continue
		}
		lines = append(lines, OrgTally{OrgID: c.ID, OrgName: c.Name})
		paths = append(paths, c.Path)
	}
	for _, t := range tallies {
		out.Total.add(t)
		placed := false
		for i, p := range paths {
			if strings.HasPrefix(t.Key, p) {
				lines[i].add(t)
				placed = true
				break
			}
		}
		if !placed { // the organisation's own, or a group's (none: members are in branches)
			own.add(t)
		}
	}
	out.Total.finish()
	if own.Bills > 0 || len(lines) == 0 {
		own.finish()
		out.Orgs = append(out.Orgs, own)
	}
	for i := range lines {
		lines[i].finish()
		out.Orgs = append(out.Orgs, lines[i])
	}
	from := domain.DuesMonthAdd(month, 1-TrendMonths)
	byMonth, err := q.DuesTallyByMonth(ctx, o.Path, from, month)
	if err != nil {
		return nil, err
	}
	k := 0
	for m := from; m <= month; m = domain.DuesMonthAdd(m, 1) {
		mt := MonthTally{Month: m}
		if k < len(byMonth) && byMonth[k].Key == m {
			mt.add(byMonth[k])
			k++
		}
		mt.finish()
		out.Trend = append(out.Trend, mt)
	}
	return out, nil
}
