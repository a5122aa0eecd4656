package domain

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Points is an amount of points (or a quantity: hours, counts, grades) as an integer number of
// tenths: 12.5 points is Points(125). RULES.md: points are exact to 0.1 and no float is used
// anywhere, so every computation on points is integer arithmetic on this type.
type Points int64

// Whole returns n whole points (or units).
func Whole(n int64) Points { return Points(n * 10) }

// String formats p with at most one decimal: "12.5", "-3", "0".
func (p Points) String() string {
	neg := p < 0
	v := int64(p)
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v/10, 10)
	if f := v % 10; f != 0 {
		s += "." + strconv.FormatInt(f, 10)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// ErrPointsFormat is returned for a value that is not a decimal with at most one fractional
// digit (so "1.25" is refused rather than rounded: nobody should lose a hundredth silently).
var ErrPointsFormat = errors.New("points: want a decimal with at most one digit after the point")

// ParsePoints parses "12", "12.5", "-0.5", "+3" exactly. It refuses exponents, more than one
// fractional digit (trailing zeros beyond it are accepted: "1.50"), and values beyond ±10^15.
func ParsePoints(s string) (Points, error) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") || len(whole) > 15 {
		return 0, ErrPointsFormat
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, ErrPointsFormat
		}
	}
	if frac = strings.TrimRight(frac, "0"); len(frac) > 1 {
		return 0, ErrPointsFormat
	}
	var v int64
	if whole != "" {
		w, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return 0, ErrPointsFormat
		}
		v = w * 10
	}
	if frac != "" {
		v += int64(frac[0] - '0')
	}
	if neg {
		v = -v
	}
	return Points(v), nil
}

// MarshalJSON writes a JSON number exact to 0.1 (API.md).
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a JSON number (or a string holding one) without passing through a float.
func (p *Points) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		s = str
	}
	v, err := ParsePoints(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MulQuantity returns per × qty (both in tenths) in tenths, rounded half away from zero:
// 2.5 points an hour × 1.5 hours = 3.75 → 3.8. Integer arithmetic only.
func MulQuantity(per, qty Points) Points {
	prod := int64(per) * int64(qty)
	if prod >= 0 {
		return Points((prod + 5) / 10)
	}
	return Points(-((-prod + 5) / 10))
}

// MulDiv returns v × num / den rounded half away from zero (den > 0), for scaled shares.
func MulDiv(v Points, num, den int64) Points {
	prod := int64(v) * num
	if prod >= 0 {
		return Points((prod + den/2) / den)
	}
	return Points(-((-prod + den/2) / den))
}

// Subjects of points: members and organisations both hold accounts (RULES.md, dual points).
const (
	SubjectMember = "member"
	SubjectOrg    = "org"
)

// ValidSubject reports whether s is a subject type.
func ValidSubject(s string) bool { return s == SubjectMember || s == SubjectOrg }

// Sources of ledger entries. Every entry has one (RULES.md: every point has a source).
const (
	SourceClaim     = "claim"              // a member's or branch's claim, approved
	SourceAward     = "award"              // a direct award by an authorised role
	SourceEvent     = "event"              // another capability (meeting, study, dues, volunteer, task)
	SourceBonus     = "bonus"              // an organisation's year-end evaluation bonus
	SourceReversal  = "reversal"           // the reversing entry of another entry
	SourceHold      = "redemption_hold"    // reward points held for a redemption
	SourceRelease   = "redemption_release" // held points returned (cancelled, expired)
	SourceSpend     = "redemption_spend"   // reserved for a settlement that is not a hold
	SourceAdjusting = "adjustment"         // reserved: an operator's reward-only correction
)

// IndicatorSources are the sources whose entries must name an indicator version.
var IndicatorSources = []string{SourceClaim, SourceAward, SourceEvent}

// RewardOnlySources move the reward balance only and never the appraisal score (spending
// never lowers the appraisal score).
var RewardOnlySources = []string{SourceHold, SourceRelease, SourceSpend, SourceAdjusting}

// EntrySources lists every valid source.
var EntrySources = []string{SourceClaim, SourceAward, SourceEvent, SourceBonus, SourceReversal,
	SourceHold, SourceRelease, SourceSpend, SourceAdjusting}

// EInsufficientBalance is the error code of a reward debit larger than the balance (API.md:
// 409 insufficient_balance). The API maps it to 409.
const EInsufficientBalance = "insufficient_balance"

// Default categories (Taicang, RULES.md).
const (
	CategoryActivity     = "activity"
	CategoryExperience   = "experience"
	CategoryContribution = "contribution"
)

// PointEntry is one line of the append-only ledger. Appraisal and Reward are the signed
// movements of the two accounts; the *After fields are the running balances right after the
// entry: AppraisalAfter is the subject's appraisal score for Year, RewardAfter its reward
// balance (which spans years).
type PointEntry struct {
	ID             int64
	SubjectType    string
	SubjectID      int64
	OrgID          int64  // the subject's branch (member) or the organisation itself, when posted
	OrgPath        string // its path when posted
	Year           int
	Category       string // "" for reward-only movements
	IndicatorID    int64  // the indicator version; 0 for bonus and reward-only sources
	IndicatorCode  string
	Source         string
	SourceRef      string // e.g. "meeting:12", "redemption:5"
	ClaimID        int64
	ReversesID     int64 // set on a reversal: the entry it reverses
	ReversedByID   int64 // filled on read: the reversal of this entry, if any
	DedupKey       string
	Quantity       Points // units (tenths), signed like the entry
	Requested      Points // points asked for before caps
	Points         Points // points given (what the caps allowed)
	Appraisal      Points
	Reward         Points
	AppraisalAfter Points
	RewardAfter    Points
	Capped         bool
	Veto           bool
	OccurredOn     Date
	AwardedBy      int64
	AwardedByName  string
	ApprovedBy     int64
	ApprovedByName string
	Note           string
	CreatedAt      time.Time
}

// Claim statuses.
const (
	ClaimPending  = "pending"
	ClaimApproved = "approved"
	ClaimRejected = "rejected"
)

// Claim is a request by a member (or a branch) for points under an indicator, with evidence.
type Claim struct {
	ID             int64
	IndicatorID    int64
	IndicatorCode  string
	IndicatorName  string
	SubjectType    string
	SubjectID      int64
	SubjectName    string
	OrgID          int64
	OrgPath        string
	Quantity       Points
	OccurredOn     Date
	Note           string
	Status         string
	Reason         string // why rejected
	EntryID        int64  // the ledger entry once approved
	ClaimedBy      int64
	ClaimedByName  string
	DecidedBy      int64
	DecidedByName  string
	DecidedAt      *time.Time
	CreatedAt      time.Time
	Evidence       []Evidence
	PointsExpected Points // what the claim would earn before caps, for the approval queue
}

// Evidence is a photo or file attached to a claim (content is read separately).
type Evidence struct {
	ID          int64
	ClaimID     int64
	FileName    string
	ContentType string
	Size        int
	CreatedAt   time.Time
}

// MaxEvidenceSize and MaxEvidenceFiles bound what a claim may carry.
const (
	MaxEvidenceSize  = 5 << 20
	MaxEvidenceFiles = 9
)
