package domain

import (
	"strconv"
	"strings"
	"time"
)

// Reward redemption at the service alliance (seed 003: points are exchanged for services and
// prizes at 30+ merchants, with an alliance card; issue 4 part 6).

// Error codes of redemption (API.md: 409 insufficient_balance, out_of_stock, limit_reached).
// The API maps them to 409.
const (
	EOutOfStock   = "out_of_stock"
	ELimitReached = "limit_reached"
)

// Merchant statuses: a suspended merchant's rewards cannot be redeemed, and its operators
// cannot confirm.
const (
	MerchantActive    = "active"
	MerchantSuspended = "suspended"
)

// MerchantStatuses lists the merchant statuses.
var MerchantStatuses = []string{MerchantActive, MerchantSuspended}

// Merchant is a member of the service alliance run by an organisation (OrgID): the
// organisation's subtree is whose members may redeem there.
type Merchant struct {
	ID        int64     `json:"id,string"`
	OrgID     int64     `json:"org_id,string"`
	OrgPath   string    `json:"org_path"`
	OrgName   string    `json:"org_name"`
	Name      string    `json:"name"`
	Address   string    `json:"address"`
	Contact   string    `json:"contact"`
	Phone     string    `json:"phone"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MerchantOperator is a user who serves a merchant (role merchant), linked to it.
type MerchantOperator struct {
	MerchantID int64     `json:"merchant_id,string"`
	UserID     int64     `json:"user_id,string"`
	Username   string    `json:"username"`
	CreatedAt  time.Time `json:"created_at"`
}

// Reward statuses.
const (
	RewardActive   = "active"
	RewardInactive = "inactive"
)

// RewardStatuses lists the reward statuses.
var RewardStatuses = []string{RewardActive, RewardInactive}

// LimitEver is the limit period "as long as the reward exists"; the other periods are the
// calendar periods of the points caps (PeriodDay … PeriodYear), in China's calendar.
const LimitEver = "ever"

// LimitPeriods lists the per-member limit periods.
var LimitPeriods = []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodQuarter, PeriodYear, LimitEver}

// Reward is something a merchant offers for points. Cost is in points (tenths); Stock never
// goes below zero; PerMemberLimit (0: none) bounds a member's redemptions per LimitPeriod;
// ValidFrom/ValidTo (zero: open) bound the days it can be redeemed, inclusive.
type Reward struct {
	ID             int64  `json:"id,string"`
	MerchantID     int64  `json:"merchant_id,string"`
	MerchantName   string `json:"merchant_name"`
	OrgPath        string `json:"-"` // the merchant's alliance organisation
	Name           string `json:"name"`
	Description    string `json:"description"`
	Cost           Points `json:"cost"`
	Stock          int64  `json:"stock"`
	PerMemberLimit int    `json:"per_member_limit"`
	LimitPeriod    string `json:"limit_period"`
	ValidFrom      Date   `json:"valid_from"`
	ValidTo        Date   `json:"valid_to"`
	Status         string `json:"status"`
	// MerchantStatus is filled on read: a reward of a suspended merchant is not available.
	MerchantStatus string    `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// AvailableOn reports whether the reward can be redeemed on day (ignoring stock and limits):
// active, its merchant active, and day inside its window.
func (r *Reward) AvailableOn(day Date) bool {
	if r.Status != RewardActive || (r.MerchantStatus != "" && r.MerchantStatus != MerchantActive) {
		return false
	}
	if !r.ValidFrom.IsZero() && day.Before(r.ValidFrom) {
		return false
	}
	return r.ValidTo.IsZero() || !day.After(r.ValidTo)
}

// LimitBounds returns the days [from, to) whose redemptions count against the per-member
// limit on day; for LimitEver both are zero (no bound).
func LimitBounds(period string, day Date) (Date, Date) {
	if period == LimitEver || period == "" {
		return Date{}, Date{}
	}
	return PeriodBounds(period, day)
}

// Redemption statuses: held (points held, code shown) → fulfilled (the merchant confirmed;
// the points stay spent) | cancelled | expired (the points return).
const (
	RedemptionHeld      = "held"
	RedemptionFulfilled = "fulfilled"
	RedemptionCancelled = "cancelled"
	RedemptionExpired   = "expired"
)

// RedemptionStatuses lists the statuses.
var RedemptionStatuses = []string{RedemptionHeld, RedemptionFulfilled, RedemptionCancelled, RedemptionExpired}

// Redemption is a member's redemption of a reward. Cost is what was held when it was made
// (a later change of the reward's cost does not change it). Settled* say who confirmed,
// cancelled or expired it, and when.
type Redemption struct {
	ID             int64     `json:"id,string"`
	Code           string    `json:"code"`
	RewardID       int64     `json:"reward_id,string"`
	RewardName     string    `json:"reward_name"`
	MerchantID     int64     `json:"merchant_id,string"`
	MerchantName   string    `json:"merchant_name"`
	MemberID       int64     `json:"member_id,string"`
	MemberName     string    `json:"member_name"`
	OrgPath        string    `json:"-"` // the member's branch when redeemed
	Cost           Points    `json:"cost"`
	Status         string    `json:"status"`
	RedeemedOn     Date      `json:"redeemed_on"` // the day in China, for per-member limits
	ExpiresAt      time.Time `json:"expires_at"`
	HoldEntryID    int64     `json:"hold_entry_id,string"`
	ReleaseEntryID int64     `json:"release_entry_id,string,omitempty"`
	CreatedBy      int64     `json:"-"`
	SettledAt      time.Time `json:"settled_at,omitzero"`
	SettledBy      int64     `json:"-"`
	SettledByName  string    `json:"settled_by_name,omitempty"`
	Reason         string    `json:"reason,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// AllianceCard is a member's alliance card (联盟卡), issued with their first redemption.
type AllianceCard struct {
	MemberID  int64     `json:"member_id,string"`
	Number    string    `json:"number"`
	IssuedAt  time.Time `json:"issued_at"`
	MemberOrg string    `json:"-"`
}

// AllianceCardNumber derives a member's card number: "DJ", the member id in 10 digits, and a
// Luhn check digit, so a mistyped number is caught at the counter. Member ids are unique, so
// numbers are too; the number is not a secret (redemption codes are).
func AllianceCardNumber(memberID int64) string {
	digits := strconv.FormatInt(memberID, 10)
	if len(digits) < 10 {
		digits = strings.Repeat("0", 10-len(digits)) + digits
	}
	return "DJ" + digits + strconv.Itoa(luhnDigit(digits))
}

// luhnDigit is the Luhn check digit of a string of decimal digits.
func luhnDigit(digits string) int {
	sum := 0
	double := true // the check digit will sit to the right, so the last digit is doubled
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}

// RuleRedemptionHold is the rule key of how long a hold lasts before it expires (rules as
// data, per alliance organisation); DefaultRedemptionHold is the shipped value (issue 4: 72 h).
const RuleRedemptionHold = "redemption.hold_hours"

// RedemptionHoldRule is the value of rule redemption.hold_hours.
type RedemptionHoldRule struct {
	Hours int `json:"hours"`
}

// DefaultRedemptionHold is the shipped hold.
var DefaultRedemptionHold = RedemptionHoldRule{Hours: 72}

// NormalizeRedemptionCode turns what an operator typed or scanned into a code: upper case,
// without spaces and dashes; a scanned URL's last path element.
func NormalizeRedemptionCode(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	s = strings.NewReplacer(" ", "", "-", "").Replace(s)
	return strings.ToUpper(s)
}
