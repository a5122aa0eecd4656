package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Party dues (党费, RULES.md "Party dues", 2008 regulation). Money is integer fen.

// DuesCategory is the dues category of a member (API.md: dues category).
type DuesCategory string

// Dues categories.
const (
	DuesInService  DuesCategory = "in_service" // 在职, salaried or annual salary
	DuesRetired    DuesCategory = "retired"    // 离退休
	DuesFarmer     DuesCategory = "farmer"     // 农民
	DuesStudent    DuesCategory = "student"    // 学生
	DuesUnemployed DuesCategory = "unemployed" // 下岗失业
	DuesRelief     DuesCategory = "relief"     // 领取救济或最低生活保障
)

// DuesCategories lists the categories in the order forms show them.
var DuesCategories = []DuesCategory{DuesInService, DuesRetired, DuesFarmer, DuesStudent, DuesUnemployed, DuesRelief}

// ValidDuesCategory reports whether c is one of DuesCategories.
func ValidDuesCategory(c string) bool {
	for _, x := range DuesCategories {
		if string(x) == c {
			return true
		}
	}
	return false
}

// DuesBracketed reports whether the category pays a rate of a base (in service, retired) rather
// than a fixed amount.
func DuesBracketed(c DuesCategory) bool { return c == DuesInService || c == DuesRetired }

// Bill statuses.
const (
	DuesUnpaid = "unpaid"
	DuesPaid   = "paid"
	DuesExempt = "exempt"
)

// DuesBillStatuses lists the statuses of a bill.
var DuesBillStatuses = []string{DuesUnpaid, DuesPaid, DuesExempt}

// MaxDuesBaseFen bounds a monthly base (10 million yuan); it keeps base × rate far from overflow.
const MaxDuesBaseFen = 1_000_000_000

// DuesBill is one member's dues for one month (table dues_bills). StandardFen is the amount by
// the rule, AmountFen what is due after a hardship reduction or exemption. OrgID and OrgPath are
// the member's organisation when the bill was made. PaidFen, PaidAt and PaymentID are set by
// payments.
type DuesBill struct {
	ID          int64        `json:"id,string"`
	MemberID    int64        `json:"member_id,string"`
	MemberName  string       `json:"member_name"`
	OrgID       int64        `json:"org_id,string"`
	OrgName     string       `json:"org_name"`
	OrgPath     string       `json:"-"`
	Month       string       `json:"month"` // YYYY-MM
	Category    DuesCategory `json:"category"`
	BaseFen     int64        `json:"base_fen"`
	StandardFen int64        `json:"standard_fen"`
	AmountFen   int64        `json:"amount_fen"`
	RuleRef     string       `json:"rule_ref"`
	HardshipID  int64        `json:"hardship_id,string,omitempty"`
	Status      string       `json:"status"`
	PaidFen     int64        `json:"paid_fen"`
	PaidAt      time.Time    `json:"paid_at,omitzero"`
	PaymentID   int64        `json:"payment_id,string,omitempty"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// DuesProfile is a member's category and monthly base from a month on; a later FromMonth takes
// over, earlier rows are history.
type DuesProfile struct {
	ID            int64        `json:"id,string"`
	MemberID      int64        `json:"member_id,string"`
	Category      DuesCategory `json:"category"`
	BaseFen       int64        `json:"base_fen"`
	FromMonth     string       `json:"from_month"`
	Note          string       `json:"note"`
	CreatedBy     int64        `json:"-"`
	CreatedByName string       `json:"created_by_name,omitempty"`
	CreatedAt     time.Time    `json:"created_at"`
	// AmountFen, Rate and Rule are the monthly dues of the profile by the rule in force for
	// FromMonth (filled by the service, not stored).
	AmountFen int64  `json:"amount_fen"`
	Rate      string `json:"rate"`
	Rule      string `json:"rule"`
}

// Hardship kinds and statuses.
const (
	HardshipReduce = "reduce"
	HardshipExempt = "exempt"

	HardshipApplied      = "applied"
	HardshipBranchAgreed = "branch_agreed"
	HardshipApproved     = "approved"
	HardshipRejected     = "rejected"
)

// HardshipKinds and HardshipStatuses list the values.
var (
	HardshipKinds    = []string{HardshipReduce, HardshipExempt}
	HardshipStatuses = []string{HardshipApplied, HardshipBranchAgreed, HardshipApproved, HardshipRejected}
)

// DuesHardship is an application for a reduction (AmountFen a month) or an exemption of dues for
// FromMonth..ToMonth: the member applies, the branch agrees, the next-level organisation approves.
type DuesHardship struct {
	ID           int64     `json:"id,string"`
	MemberID     int64     `json:"member_id,string"`
	MemberName   string    `json:"member_name"`
	OrgID        int64     `json:"org_id,string"`
	OrgName      string    `json:"org_name"`
	OrgPath      string    `json:"-"`
	Kind         string    `json:"kind"`
	AmountFen    int64     `json:"amount_fen"`
	FromMonth    string    `json:"from_month"`
	ToMonth      string    `json:"to_month"`
	Reason       string    `json:"reason"`
	Status       string    `json:"status"`
	AppliedBy    int64     `json:"-"`
	AppliedAt    time.Time `json:"applied_at"`
	BranchBy     int64     `json:"-"`
	BranchAt     time.Time `json:"branch_at,omitzero"`
	BranchNote   string    `json:"branch_note,omitempty"`
	ApprovedBy   int64     `json:"-"`
	ApprovedAt   time.Time `json:"approved_at,omitzero"`
	ApprovedNote string    `json:"approved_note,omitempty"`
	RejectedBy   int64     `json:"-"`
	RejectedAt   time.Time `json:"rejected_at,omitzero"`
	RejectedNote string    `json:"rejected_note,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Covers reports whether the hardship's month range holds month (YYYY-MM text compares in order).
func (h *DuesHardship) Covers(month string) bool { return h.FromMonth <= month && month <= h.ToMonth }

// Apply returns the amount due and the bill status for a standard amount under the hardship.
func (h *DuesHardship) Apply(standard int64) (int64, string) {
	if h.Kind == HardshipExempt {
		return 0, DuesExempt
	}
	if h.AmountFen < standard {
		return h.AmountFen, DuesUnpaid
	}
	return standard, DuesUnpaid
}

// DuesBracket is one bracket of a rate table: bases up to UpToFen (inclusive; nil for no upper
// bound) pay BP basis points (1/100 %) of the whole base.
type DuesBracket struct {
	UpToFen *int64 `json:"up_to_fen,omitempty"`
	BP      int64  `json:"bp"`
}

// DuesRates is the rule dues.rates: brackets per bracketed category, fixed amounts for the
// others, rounding and a minimum.
type DuesRates struct {
	Brackets     map[DuesCategory][]DuesBracket `json:"brackets"`
	FixedFen     map[DuesCategory]int64         `json:"fixed_fen"`
	FarmerMinFen int64                          `json:"farmer_min_fen"`
	FarmerMaxFen int64                          `json:"farmer_max_fen"`
	RoundStepFen int64                          `json:"round_step_fen"`
	Round        string                         `json:"round"` // up, nearest, down
	MinFen       int64                          `json:"min_fen"`
}

func bound(v int64) *int64 { return &v }

// DefaultDuesRates returns a fresh copy of the 2008 rates (RULES.md); callers decode a stored
// rule into a zero value and fill what it lacks from here.
func DefaultDuesRates() DuesRates {
	return DuesRates{
		Brackets: map[DuesCategory][]DuesBracket{
			DuesInService: {{UpToFen: bound(300000), BP: 50}, {UpToFen: bound(500000), BP: 100}, {UpToFen: bound(1000000), BP: 150}, {BP: 200}},
			DuesRetired:   {{UpToFen: bound(500000), BP: 50}, {BP: 100}},
		},
		FixedFen:     map[DuesCategory]int64{DuesFarmer: 20, DuesStudent: 20, DuesUnemployed: 20, DuesRelief: 20},
		FarmerMinFen: 20, FarmerMaxFen: 100, RoundStepFen: 10, Round: "up", MinFen: 10,
	}
}

// FillDefaults completes a decoded rule from the defaults: missing tables, a missing rounding.
func (r *DuesRates) FillDefaults() {
	d := DefaultDuesRates()
	if r.Brackets == nil {
		r.Brackets = map[DuesCategory][]DuesBracket{}
	}
	for c, b := range d.Brackets {
		if len(r.Brackets[c]) == 0 {
			r.Brackets[c] = b
		}
	}
	if r.FixedFen == nil {
		r.FixedFen = map[DuesCategory]int64{}
	}
	for c, v := range d.FixedFen {
		if _, ok := r.FixedFen[c]; !ok {
			r.FixedFen[c] = v
		}
	}
	if r.FarmerMinFen <= 0 {
		r.FarmerMinFen = d.FarmerMinFen
	}
	if r.FarmerMaxFen < r.FarmerMinFen {
		r.FarmerMaxFen = max(d.FarmerMaxFen, r.FarmerMinFen)
	}
	if r.RoundStepFen <= 0 {
		r.RoundStepFen = d.RoundStepFen
	}
	if r.Round == "" {
		r.Round = d.Round
	}
	if r.MinFen < 0 {
		r.MinFen = 0
	}
}

// Check returns the message key of a problem with the rule, "" when it is usable.
func (r *DuesRates) Check() string {
	for _, c := range []DuesCategory{DuesInService, DuesRetired} {
		b := r.Brackets[c]
		if len(b) == 0 || b[len(b)-1].UpToFen != nil {
			return "err.dues.rule_brackets"
		}
		var prev int64 = -1
		for i, x := range b {
			if x.BP < 0 || x.BP > 10000 {
				return "err.dues.rule_brackets"
			}
			if i < len(b)-1 {
				if x.UpToFen == nil || *x.UpToFen <= prev {
					return "err.dues.rule_brackets"
				}
				prev = *x.UpToFen
			}
		}
	}
	for c, v := range r.FixedFen {
		if v < 0 || DuesBracketed(c) {
			return "err.dues.rule_fixed"
		}
	}
	if f := r.FixedFen[DuesFarmer]; f < r.FarmerMinFen || f > r.FarmerMaxFen {
		return "err.dues.rule_farmer"
	}
	if r.RoundStepFen <= 0 || (r.Round != "up" && r.Round != "nearest" && r.Round != "down") {
		return "err.dues.rule_round"
	}
	return ""
}

// DuesAmount is the result of the calculator. Rate is "0.5%" for a bracketed category and ""
// for a fixed amount; RateBP is the rate in basis points (0 for a fixed amount). Rule describes
// what applied in plain words; RuleRef is its short stable form stored on bills
// ("in_service:150bp", "fixed:student").
type DuesAmount struct {
	AmountFen int64  `json:"amount_fen"`
	RateBP    int64  `json:"rate_bp"`
	Rate      string `json:"rate"`
	Rule      string `json:"rule"`
	RuleRef   string `json:"rule_ref"`
	// Bracket is the index of the bracket that applied (-1 for a fixed amount); FromFen and
	// ToFen bound its bases (inclusive; ToFen 0: no upper bound). StepFen, Round and MinFen are
	// the rounding applied. Pages and the API describe the rule in the reader's language from these.
	Category DuesCategory `json:"-"`
	Bracket  int          `json:"-"`
	FromFen  int64        `json:"-"`
	ToFen    int64        `json:"-"`
	StepFen  int64        `json:"-"`
	Round    string       `json:"-"`
	MinFen   int64        `json:"-"`
}

// FormatBP renders basis points as a percentage: 50 → "0.5%", 200 → "2%".
func FormatBP(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if frac := bp % 100; frac != 0 {
		f := fmt.Sprintf("%02d", frac)
		s += "." + strings.TrimRight(f, "0")
	}
	return s + "%"
}

// FormatFen renders fen as yuan with two decimals: 12345 → "123.45".
func FormatFen(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// ParseYuan parses a decimal amount of yuan ("1234", "1234.5", "1,234.56", "¥12.30") into fen
// exactly, without floating point. More than two decimals, signs and other text are errors.
func ParseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥")
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, false
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if dot && (frac == "" || len(frac) > 2) {
		return 0, false
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if len(whole) > 12 {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*100 + f, true
}

// roundTo rounds num/den to a multiple of step fen in the given direction; num, den > 0.
func roundTo(num, den, step int64, dir string) int64 {
	unit := den * step
	switch dir {
	case "down":
		return num / unit * step
	case "nearest":
		return (num + unit/2) / unit * step
	default:
		return (num + unit - 1) / unit * step
	}
}

// CalculateDues computes the monthly dues of a category and base under rates. Bracketed
// categories pay the bracket's rate of the whole base (not marginal), rounded by the rule
// (default up to the next 10 fen) with the rule's minimum (default 10 fen); a zero base pays
// the minimum. Other categories pay their fixed amount. Errors are EInvalid naming category or
// base_fen.
func CalculateDues(r DuesRates, category string, baseFen int64) (DuesAmount, error) {
	c := DuesCategory(category)
	if !ValidDuesCategory(category) {
		return DuesAmount{}, &Error{Code: EInvalid, Message: "err.invalid", Fields: map[string]string{"category": "err.dues.category"}}
	}
	if !DuesBracketed(c) {
		fixed, ok := r.FixedFen[c]
		if !ok || fixed < 0 {
			return DuesAmount{}, &Error{Code: EInvalid, Message: "err.invalid", Fields: map[string]string{"category": "err.dues.category"}}
		}
		return DuesAmount{AmountFen: fixed, Bracket: -1, RuleRef: "fixed:" + string(c), Category: c,
			Rule: fmt.Sprintf("fixed %s yuan a month (%s)", FormatFen(fixed), c)}, nil
	}
	if baseFen < 0 || baseFen > MaxDuesBaseFen {
		return DuesAmount{}, &Error{Code: EInvalid, Message: "err.invalid", Fields: map[string]string{"base_fen": "err.dues.base"}}
	}
	brackets := r.Brackets[c]
	if len(brackets) == 0 {
		return DuesAmount{}, &Error{Code: EInvalid, Message: "err.invalid", Fields: map[string]string{"category": "err.dues.category"}}
	}
	i := 0
	for i < len(brackets)-1 && brackets[i].UpToFen != nil && baseFen > *brackets[i].UpToFen {
		i++
	}
	b := brackets[i]
	step := r.RoundStepFen
	if step <= 0 {
		step = 10
	}
	var amount int64
	if num := baseFen * b.BP; num > 0 {
		amount = roundTo(num, 10000, step, r.Round)
	}
	amount = max(amount, r.MinFen)
	bracket := "above " + FormatFen(lowerBound(brackets, i))
	if b.UpToFen != nil {
		if i == 0 {
			bracket = "up to " + FormatFen(*b.UpToFen)
		} else {
			bracket = FormatFen(lowerBound(brackets, i)+1) + "–" + FormatFen(*b.UpToFen)
		}
	}
	var from, to int64
	if i > 0 {
		from = lowerBound(brackets, i) + 1
	}
	if b.UpToFen != nil {
		to = *b.UpToFen
	}
	return DuesAmount{AmountFen: amount, RateBP: b.BP, Rate: FormatBP(b.BP), Bracket: i, Category: c, FromFen: from, ToFen: to,
		StepFen: step, Round: r.Round, MinFen: r.MinFen,
		RuleRef: fmt.Sprintf("%s:%dbp", c, b.BP),
		Rule:    fmt.Sprintf("%s, base %s yuan: %s of the whole base, rounded %s to %s yuan, minimum %s yuan", c, bracket, FormatBP(b.BP), r.Round, FormatFen(step), FormatFen(r.MinFen))}, nil
}

func lowerBound(b []DuesBracket, i int) int64 {
	if i == 0 || b[i-1].UpToFen == nil {
		return 0
	}
	return *b[i-1].UpToFen
}

// DuesMonthStart returns the first day of a YYYY-MM month (zero Date when it is not one).
func DuesMonthStart(month string) Date {
	if CheckMonth(month) != "" {
		return Date{}
	}
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return Date{}
	}
	return NewDate(t.Year(), t.Month(), 1)
}

// DuesMonthAdd returns the month n months after month (n may be negative), "" for a bad month.
func DuesMonthAdd(month string, n int) string {
	d := DuesMonthStart(month)
	if d.IsZero() {
		return ""
	}
	return d.AddDate(0, n, 0).Time().Format("2006-01")
}
