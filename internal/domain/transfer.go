package domain

import (
	"regexp"
	"time"
)

// Transfers of the formal relationship (组织关系转接) and floating members (流动党员).

// TransferRules are the numbers of RULES.md "Transfers and floating members" (rule key
// "transfer.rules"); DefaultTransferRules are only the shipped values.
type TransferRules struct {
	ValidDaysDefault     int `json:"valid_days_default"`     // a letter's validity
	ValidDaysMax         int `json:"valid_days_max"`         // at most 3 months
	FloatingReportMonths int `json:"floating_report_months"` // a floating member reports home this often
}

// DefaultTransferRules are the values of RULES.md.
var DefaultTransferRules = TransferRules{ValidDaysDefault: 30, ValidDaysMax: 90, FloatingReportMonths: 12}

// Transfer kinds.
const (
	TransferSystem   = "system"   // to another grassroots committee in this system: the receiver accepts or rejects
	TransferOutside  = "outside"  // a letter to an organisation outside the system
	TransferIn       = "in"       // a letter from outside, received here
	TransferInternal = "internal" // between branches of one grassroots committee: an immediate move
)

// Transfer statuses. A letter is pending until the member reports (accepted) or the
// receiver refuses (rejected); it is completed when the receipt is back with the sender.
const (
	TransferPending   = "pending"
	TransferAccepted  = "accepted"
	TransferRejected  = "rejected"
	TransferCompleted = "completed"
)

// Transfer is one transfer with its letter data.
type Transfer struct {
	ID               int64
	Kind             string
	Status           string
	MemberID         int64
	MemberName       string
	FromOrgID        int64
	FromOrgName      string
	FromOrgPath      string
	FromExternalName string
	ToOrgID          int64
	ToOrgName        string
	ToOrgPath        string
	ToExternalName   string
	Reason           string
	DuesPaidThrough  string // YYYY-MM
	ValidDays        int
	IssuedOn         Date
	ExpiresOn        Date // the last day the member may report
	ReportedOn       Date
	ReceiptOn        Date
	RejectedOn       Date
	RejectReason     string
	LetterNo         string
	Particulars      TransferParticulars
	CreatedAt        time.Time
	UpdatedAt        time.Time

	// Flags computed for a day (Flag).
	LetterOverdue  bool // not reported within the validity
	ReceiptMissing bool // reported (or sent outside) but no receipt back by the end of the validity
}

// TransferParticulars are the member's particulars as the letter states them, frozen when
// the letter is issued.
type TransferParticulars struct {
	Name        string `json:"name"`
	Gender      string `json:"gender"`
	BirthDate   Date   `json:"birth_date"`
	Ethnicity   string `json:"ethnicity"`
	Category    string `json:"category"`
	IDMasked    string `json:"id_number_masked"`
	JoinedOn    Date   `json:"joined_on"`
	FullOn      Date   `json:"full_member_on"`
	Education   string `json:"education"`
	PhoneMasked string `json:"phone_masked"`
}

// LetterExpiry is the last day a letter issued on a day with a validity of days may be
// reported: issued 1 March valid 30 days → 31 March.
func LetterExpiry(issued Date, days int) Date { return issued.AddDate(0, 0, days) }

// CheckValidDays returns the message key of a validity problem, "" when fine.
func (r TransferRules) CheckValidDays(days int) string {
	if days < 1 || days > r.ValidDaysMax {
		return "err.transfer.valid_days"
	}
	return ""
}

var monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// CheckMonth returns the message key of a problem with a YYYY-MM month, "" when fine.
func CheckMonth(s string) string {
	if !monthPattern.MatchString(s) {
		return "err.month_yyyy_mm"
	}
	return ""
}

// Flag sets the overdue and missing-receipt flags as of today. The sender stays responsible
// until the receipt arrives, so both flags stay until it does.
func (t *Transfer) Flag(today Date) {
	t.LetterOverdue, t.ReceiptMissing = false, false
	if t.ExpiresOn.IsZero() || !today.After(t.ExpiresOn) {
		return
	}
	switch {
	case t.Kind == TransferSystem && t.Status == TransferPending:
		t.LetterOverdue = true
	case t.Kind == TransferOutside && t.Status == TransferPending:
		// Outside the system the only sign that the member reported is the receipt.
		t.LetterOverdue, t.ReceiptMissing = true, true
	case (t.Kind == TransferSystem || t.Kind == TransferIn) && t.Status == TransferAccepted:
		t.ReceiptMissing = true
	}
}

// Floating directions.
const (
	FloatingOut = "out" // our member, active elsewhere
	FloatingIn  = "in"  // another organisation's member, active here
)

// Floating is one entry of the out-flow or in-flow register.
type Floating struct {
	ID           int64
	Direction    string
	MemberID     int64 // 0 for an in-flow member not on a roster of this system
	Name         string
	OrgID        int64 // out: the home branch; in: the branch where they are active
	OrgName      string
	OrgPath      string
	Place        string // out: where they went; in: where they came from
	HomeOrgName  string // in: their home organisation
	Since        Date
	EndedOn      Date
	Contact      string
	Reason       string
	CardNo       string // 流动党员活动证 number
	LastReportOn Date
	CreatedAt    time.Time
	UpdatedAt    time.Time

	ReportDueOn   Date // computed: the last day of the yearly report
	ReportOverdue bool
}

// FlagReport computes the yearly report due date (a year after the last report, or after
// the start) and whether it is overdue today. Ended entries owe nothing.
func (f *Floating) FlagReport(r TransferRules, today Date) {
	from := f.Since
	if f.LastReportOn.After(from) {
		from = f.LastReportOn
	}
	f.ReportDueOn = AddMonths(from, r.FloatingReportMonths)
	f.ReportOverdue = f.EndedOn.IsZero() && today.After(f.ReportDueOn)
}
