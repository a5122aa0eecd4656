package domain

import (
	"regexp"
	"sort"
	"time"
)

// The party-fund pool (党建经费蓄水池, seed 000; issue 6 part 6): each organisation keeps a
// ledger of income by source (dues retained, union fees, league fees, appraisal leftovers,
// a share of the staff-education funds, voluntary extra dues, other) and spending by purpose,
// publishes a yearly report to its members, and remits single voluntary payments at or above
// the threshold of RULES.md ("Party dues") upward in full.
//
// The ledger is append-only in effect: an entry's amount, date, category and description
// never change and entries are never deleted (database triggers refuse it); a spending entry
// only moves from submitted to approved or returned once; a mistake is corrected by a
// reversing entry (the same kind and category, the negated amount) that points at it.

// Entry kinds.
const (
	FundIncome   = "income"
	FundSpending = "spending"
)

// FundKinds lists the kinds.
var FundKinds = []string{FundIncome, FundSpending}

// Entry statuses. Income is posted when recorded; spending is submitted and counts once
// approved; a returned request stays in the ledger as returned and never counts.
const (
	FundPosted    = "posted"
	FundSubmitted = "submitted"
	FundApproved  = "approved"
	FundReturned  = "returned"
)

// FundStatuses lists the statuses.
var FundStatuses = []string{FundPosted, FundSubmitted, FundApproved, FundReturned}

// Built-in categories: voluntary extra dues (always a source: the remittance rule depends on
// it), dues retained (what "post the dues collected" books), and remittance upward (a
// spending posted only by recording a remittance).
const (
	FundSourceVoluntary   = "voluntary"
	FundSourceDues        = "dues_retained"
	FundPurposeRemittance = "remittance"
)

// Rule keys of the fund pool (rules table, with validity dates; a row for an organisation on
// the path wins over the global one).
const (
	RuleFundSources   = "funds.sources"
	RuleFundPurposes  = "funds.purposes"
	RuleFundRemitting = "funds.voluntary_remit"
)

// MaxFundAttachmentSize and MaxFundAttachments bound the files (invoices, photos) of an entry.
const (
	MaxFundAttachmentSize = 10 << 20
	MaxFundAttachments    = 20
)

// MaxFundAmount bounds one entry (100 million yuan): far above any branch's pool, far below
// what int64 sums could overflow.
const MaxFundAmount = 10_000_000_000

// FundCategory is one source or purpose of the rule in force. Built-in codes are named by the
// catalogues (funds.source.CODE, funds.purpose.CODE); a code an organisation adds carries its
// Name. SharePercent > 0 marks a share of a base (the staff-education funds: 8 %): an income
// entry of it may give the base, and the amount is the share of it.
type FundCategory struct {
	Code         string `json:"code"`
	Name         string `json:"name,omitempty"`
	SharePercent int    `json:"share_percent,omitempty"`
}

// FundSourcesRule is the value of rule "funds.sources".
type FundSourcesRule struct {
	Sources []FundCategory `json:"sources"`
}

// FundPurposesRule is the value of rule "funds.purposes".
type FundPurposesRule struct {
	Purposes []FundCategory `json:"purposes"`
}

// FundRemitRule is the value of rule "funds.voluntary_remit": a single voluntary payment of
// at least ThresholdFen is remitted upward in full.
type FundRemitRule struct {
	ThresholdFen int64 `json:"threshold_fen"`
}

// DefaultFundSources are the shipped sources (seed 000), a fresh slice on every call.
func DefaultFundSources() []FundCategory {
	return []FundCategory{{Code: FundSourceDues}, {Code: "union_fees"}, {Code: "league_fees"},
		{Code: "appraisal_leftover"}, {Code: "education_share", SharePercent: 8}, {Code: "other"}}
}

// DefaultFundPurposes are the shipped purposes, a fresh slice on every call.
func DefaultFundPurposes() []FundCategory {
	return []FundCategory{{Code: "education"}, {Code: "activities"}, {Code: "hardship"}, {Code: "materials"}, {Code: "other"}}
}

// DefaultRemitThreshold is RULES.md's 1,000 yuan.
const DefaultRemitThreshold int64 = 100000

// MustRemit reports whether a single voluntary payment of amount is remitted upward.
func (r FundRemitRule) MustRemit(amount int64) bool {
	return r.ThresholdFen > 0 && amount >= r.ThresholdFen
}

var fundCodePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// CheckFundCategories validates a list of sources or purposes: codes unique and of the form
// [a-z][a-z0-9_]*, names at most 50 characters, shares 1 to 100 %. It returns a message key
// or "". reserved codes may not be listed (voluntary among purposes, remittance anywhere).
func CheckFundCategories(list []FundCategory, reserved ...string) string {
	if len(list) == 0 || len(list) > 30 {
		return "err.funds.categories"
	}
	seen := map[string]bool{}
	for _, c := range list {
		switch {
		case !fundCodePattern.MatchString(c.Code), seen[c.Code], Contains(reserved, c.Code):
			return "err.funds.category_code"
		case len([]rune(c.Name)) > 50:
			return "err.funds.category_name"
		case c.SharePercent < 0 || c.SharePercent > 100:
			return "err.funds.share_percent"
		}
		seen[c.Code] = true
	}
	return ""
}

// FindFundCategory returns the category with code, if listed.
func FindFundCategory(list []FundCategory, code string) (FundCategory, bool) {
	for _, c := range list {
		if c.Code == code {
			return c, true
		}
	}
	return FundCategory{}, false
}

// ShareOf is percent % of base in fen, rounded half up (8 % of 12345 fen → 988 fen).
func ShareOf(base int64, percent int) int64 {
	return (base*int64(percent) + 50) / 100
}

// FundEntry is one line of an organisation's fund ledger. AmountFen is positive, except on a
// reversing entry (ReversesID set), where it is the negated amount of the entry it reverses,
// and on a dues adjustment (DuesMonth set) after refunds. A spending entry with RemitsID is
// the remittance upward of that voluntary payment.
type FundEntry struct {
	ID           int64
	OrgID        int64
	OrgName      string
	Kind         string // income | spending
	Category     string // the source (income) or purpose (spending) code
	CategoryName string // the organisation's own name for a code it added; "" for built-in codes
	AmountFen    int64
	BaseFen      int64 // the base of a share source (0: none given)
	Date         Date
	Year         int
	Month        string // YYYY-MM of Date
	Description  string
	// The member who paid (voluntary dues): MemberID 0 when the payer is not on the roster.
	MemberID  int64
	PayerName string
	Status    string
	// RemitRequired marks a voluntary payment at or above the threshold in force on its date.
	RemitRequired bool
	ReversesID    int64
	RemitsID      int64
	DuesMonth     string // the month of dues this entry books ("post the dues collected")
	ReturnReason  string

	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
	DecidedBy     int64
	DecidedByName string
	DecidedAt     time.Time

	// Derived on reads.
	ReversedByID int64 // the entry that reverses this one
	RemittedByID int64 // the remittance of this voluntary payment (not itself reversed)
	RemittedOn   Date
	Attachments  []FundAttachment
}

// Counts reports whether the entry is in the balance: posted income, approved spending.
func (e *FundEntry) Counts() bool {
	return e.Kind == FundIncome && e.Status == FundPosted || e.Kind == FundSpending && e.Status == FundApproved
}

// Signed is the entry's effect on the balance (0 when it does not count).
func (e *FundEntry) Signed() int64 {
	switch {
	case !e.Counts():
		return 0
	case e.Kind == FundIncome:
		return e.AmountFen
	}
	return -e.AmountFen
}

// ToRemit reports whether the entry is a voluntary payment still to be remitted upward.
func (e *FundEntry) ToRemit() bool {
	return e.RemitRequired && e.Counts() && e.ReversedByID == 0 && e.RemittedByID == 0 && e.ReversesID == 0
}

// FundAttachment is an invoice, receipt or photo of an entry (content read separately).
type FundAttachment struct {
	ID          int64
	EntryID     int64
	FileName    string
	ContentType string
	Size        int
	CreatedBy   string
	CreatedAt   time.Time
}

// FundSum is one aggregate of the counted entries of a year: kind, category and month.
type FundSum struct {
	Kind, Category, CategoryName, Month string
	AmountFen                           int64
	Count                               int
}

// FundLine is one source or purpose of the yearly report.
type FundLine struct {
	Code      string `json:"code"`
	Name      string `json:"name"` // the organisation's own name; "" for built-in codes
	AmountFen int64  `json:"amount_fen"`
	Count     int    `json:"count"`
}

// FundMonth is one month of the yearly report: what came in and went out, and the balance at
// its end.
type FundMonth struct {
	Month       string `json:"month"`
	IncomeFen   int64  `json:"income_fen"`
	SpendingFen int64  `json:"spending_fen"`
	BalanceFen  int64  `json:"balance_fen"`
}

// FundReport is an organisation's yearly fund report (党建经费收支情况): the balance carried
// forward from the years before, income by source, spending by purpose, the month-by-month
// balance, what waits for approval and what is still to be remitted upward.
type FundReport struct {
	OrgID           int64
	OrgName         string
	Year            int
	OpeningFen      int64 // carried forward: the balance at the end of the previous year
	IncomeFen       int64
	SpendingFen     int64
	ClosingFen      int64
	Income          []FundLine
	Spending        []FundLine
	Months          []FundMonth
	PendingFen      int64 // submitted spending of the year, not yet decided
	PendingCount    int
	ToRemit         []FundEntry // voluntary payments to remit (dated up to the year's end)
	ToRemitFen      int64
	Published       bool
	PublishedAt     time.Time
	PublishedByName string
}

// BuildFundReport assembles the report of a year from the counted sums of its entries and the
// balance carried forward. Lines keep the order of the rule's lists (then any other code met,
// in code order) and hold only codes with entries; the months are all twelve.
func BuildFundReport(year int, opening int64, sums []FundSum, sourceOrder, purposeOrder []string) *FundReport {
	r := &FundReport{Year: year, OpeningFen: opening}
	monthIn, monthOut := map[string]int64{}, map[string]int64{}
	lines := map[string]*FundLine{}
	var inCodes, outCodes []string
	for _, s := range sums {
		key := s.Kind + "/" + s.Category
		l := lines[key]
		if l == nil {
			l = &FundLine{Code: s.Category}
			lines[key] = l
			if s.Kind == FundIncome {
				inCodes = append(inCodes, s.Category)
			} else {
				outCodes = append(outCodes, s.Category)
			}
		}
		if s.CategoryName != "" {
			l.Name = s.CategoryName
		}
		l.AmountFen += s.AmountFen
		l.Count += s.Count
		if s.Kind == FundIncome {
			r.IncomeFen += s.AmountFen
			monthIn[s.Month] += s.AmountFen
		} else {
			r.SpendingFen += s.AmountFen
			monthOut[s.Month] += s.AmountFen
		}
	}
	r.ClosingFen = opening + r.IncomeFen - r.SpendingFen
	r.Income = orderedLines(lines, FundIncome, inCodes, sourceOrder)
	r.Spending = orderedLines(lines, FundSpending, outCodes, purposeOrder)
	bal := opening
	for m := 1; m <= 12; m++ {
		key := time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
		bal += monthIn[key] - monthOut[key]
		r.Months = append(r.Months, FundMonth{Month: key, IncomeFen: monthIn[key], SpendingFen: monthOut[key], BalanceFen: bal})
	}
	return r
}

func orderedLines(lines map[string]*FundLine, kind string, present, order []string) []FundLine {
	out := []FundLine{}
	done := map[string]bool{}
	for _, code := range order {
		if l := lines[kind+"/"+code]; l != nil && !done[code] {
			out = append(out, *l)
			done[code] = true
		}
	}
	rest := []string{}
	for _, code := range present {
		if !done[code] {
			rest = append(rest, code)
			done[code] = true
		}
	}
	sort.Strings(rest)
	for _, code := range rest {
		out = append(out, *lines[kind+"/"+code])
	}
	return out
}
